# The two commands of the README: `make run` and `make test`.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
PORT ?= 8000

.PHONY: run test lint typecheck pytest system-deps bench clean

$(VENV)/.installed: pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip
	$(BIN)/pip install --quiet -e '.[dev]'
	touch $@

## make run: serve locally on $PORT with the embedded SQLite store and the seed menu.
run: $(VENV)/.installed
	ENVIRONMENT=development $(BIN)/python -m service seed-menu --if-empty data/menu_seed.json
	ENVIRONMENT=development PORT=$(PORT) $(BIN)/python -m service serve

## make test: install what the tests need (venv, nginx, certbot, pebble), lint, type-check, test.
test: $(VENV)/.installed system-deps lint typecheck pytest

system-deps:
	scripts/install-system-deps.sh

lint: $(VENV)/.installed
	$(BIN)/ruff check .

typecheck: $(VENV)/.installed
	$(BIN)/mypy

# pytest exits 5 when it collected nothing: a test run that ran no test is a failure here.
pytest: $(VENV)/.installed
	@$(BIN)/pytest $(PYTEST_ARGS); rc=$$?; \
	if [ $$rc -eq 5 ]; then echo "pytest collected no tests: failing"; exit 1; fi; exit $$rc

bench: $(VENV)/.installed
	$(BIN)/python -m nlu bench

clean:
	rm -rf $(VENV) .mypy_cache .ruff_cache .pytest_cache
