#!/usr/bin/env bash
# Rewrites requirements.lock (runtime) and requirements-dev.lock (runtime + the dev
# extra) from pyproject.toml with pip-tools: exact versions and every file's hash.
# `make lock` runs it with LOCK_VENV, the venv that holds pip-tools; by default every
# pin that still fits pyproject.toml is kept.
#   UPGRADE=1          every package to the newest version pyproject.toml allows
#   PACKAGE="a b"      only these packages to their newest allowed versions
set -euo pipefail
cd "$(dirname "$0")/.."
lock_venv=${LOCK_VENV:?the venv that holds pip-tools}
pip_compile=$lock_venv/bin/pip-compile

# Environment markers (uvloop only off Windows, ...) are resolved for the Python that
# runs pip-compile: the locks hold for Python 3.11 on Linux, the image's, and no other.
if ! "$lock_venv/bin/python" -c \
    'import sys; sys.exit(sys.version_info[:2] != (3, 11) or sys.platform != "linux")'; then
  echo "make lock needs Python 3.11 on Linux, like the image:" \
    "rm -rf $lock_venv && make lock PYTHON=python3.11" >&2
  exit 1
fi

options=(--quiet --generate-hashes --allow-unsafe --strip-extras --all-build-deps
  --no-emit-index-url --no-emit-find-links)
if [ -n "${UPGRADE:-}" ]; then
  options+=(--upgrade)
fi
runtime_upgrades=()
dev_upgrades=()
for name in ${PACKAGE:-}; do
  canonical=$(printf '%s' "$name" | tr 'A-Z_.' 'a-z--')
  if ! grep -q "^$canonical==" requirements-dev.lock; then
    echo "make lock: $name is in neither lock file" >&2
    exit 1
  fi
  dev_upgrades+=(--upgrade-package "$canonical")
  # pip-compile adds a package named by --upgrade-package even when nothing needs it:
  # the runtime lock only hears of the ones it already holds.
  if grep -q "^$canonical==" requirements.lock; then
    runtime_upgrades+=(--upgrade-package "$canonical")
  fi
done

export CUSTOM_COMPILE_COMMAND="make lock"
"$pip_compile" "${options[@]}" "${runtime_upgrades[@]}" \
  --output-file requirements.lock pyproject.toml
# Constrained by the runtime lock, so the tests run the versions the image ships.
"$pip_compile" "${options[@]}" "${dev_upgrades[@]}" --extra dev --constraint requirements.lock \
  --output-file requirements-dev.lock pyproject.toml
