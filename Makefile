# The two commands of the README: `make run` and `make test`.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
PORT ?= 8000

.PHONY: run test lint typecheck pytest system-deps firestore-emulator lock bench clean

# Every package comes from requirements-dev.lock (exact versions, every file's hash
# checked), then the project itself without dependencies. --no-build-isolation builds
# it with the setuptools pinned in the lock instead of whatever version pip would fetch.
$(VENV)/.installed: requirements-dev.lock pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip
	$(BIN)/pip install --quiet --require-hashes -r requirements-dev.lock
	$(BIN)/pip install --quiet --no-deps --no-build-isolation -e .
	touch $@

## make run: serve locally on $PORT with the embedded SQLite store and the seed menu.
run: $(VENV)/.installed
	ENVIRONMENT=development $(BIN)/python -m service seed-menu --if-empty data/menu_seed.json
	ENVIRONMENT=development PORT=$(PORT) $(BIN)/python -m service serve

## make test: check the Firestore emulator is there, install what the tests need (venv,
## nginx, certbot, pebble), lint, type-check, test.
# The emulator check comes first: nothing here installs the emulator, so say how
# before spending minutes on the rest.
test: firestore-emulator $(VENV)/.installed system-deps lint typecheck pytest

firestore-emulator:
	scripts/check-firestore-emulator.sh

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

## make lock: rewrite requirements.lock (runtime) and requirements-dev.lock (runtime + dev)
## from pyproject.toml, keeping every pin that still fits; then commit both.
##   make lock UPGRADE=1          every package to the newest version pyproject allows
##   make lock PACKAGE=fastapi    only that one (several: PACKAGE="fastapi uvicorn")
# pip-tools gets a venv of its own rather than a place in the dev extra: it writes the
# lock and nothing imports it; it leans on pip's internals, so it runs with the pip it
# was tried with, whatever pip .venv has; and .venv holds exactly what the lock says.
LOCK_VENV := .venv-lock
PIP_TOOLS_VERSION ?= 7.6.2
LOCK_PIP_VERSION ?= 26.3

$(LOCK_VENV)/.pip-tools-$(PIP_TOOLS_VERSION):
	$(PYTHON) -m venv --clear $(LOCK_VENV)
	$(LOCK_VENV)/bin/pip install --quiet 'pip==$(LOCK_PIP_VERSION)' 'pip-tools==$(PIP_TOOLS_VERSION)'
	touch $@

lock: $(LOCK_VENV)/.pip-tools-$(PIP_TOOLS_VERSION)
	LOCK_VENV=$(LOCK_VENV) UPGRADE='$(UPGRADE)' PACKAGE='$(PACKAGE)' scripts/lock.sh

clean:
	rm -rf $(VENV) $(LOCK_VENV) .mypy_cache .ruff_cache .pytest_cache
