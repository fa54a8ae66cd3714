#!/bin/sh
# Entry point of the app container: load the menu into an empty store (never
# overwriting a menu the restaurant already edited), then run the command given
# (by default `python -m service serve`).
set -eu
if [ "${SEED_MENU_ON_START:-1}" = 1 ]; then
    python -m service seed-menu --if-empty "${MENU_SEED_FILE:-data/menu_seed.json}"
fi
exec "$@"
