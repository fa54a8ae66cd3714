"""The app image's entry point, run for real on SQLite: seed an empty store, then serve."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

from tests.integration.deploy.deploy_stack import REPO

ENTRYPOINT = REPO / "deploy" / "app-entrypoint.sh"
SERVE = ["sh", "-c", "echo servindo"]  # stands for `python -m service serve`


def run_entrypoint(tmp_path: Path, **extra: str) -> subprocess.CompletedProcess[str]:
    env = {
        "PATH": f"{Path(sys.executable).parent}:{os.environ.get('PATH', '/usr/bin:/bin')}",
        "ENVIRONMENT": "development",
        "SQLITE_PATH": str(tmp_path / "data" / "cozinha.sqlite3"),
        "MENU_SEED_FILE": str(REPO / "data" / "menu_seed.json"),
        **extra,
    }
    return subprocess.run(
        [str(ENTRYPOINT), *SERVE], env=env, cwd=tmp_path, capture_output=True, text=True,
        timeout=120,
    )  # fmt: skip


def test_first_start_seeds_the_menu_then_runs_the_command(tmp_path):
    result = run_entrypoint(tmp_path)

    assert result.returncode == 0, result.stderr
    assert "31 novos" in result.stdout
    assert result.stdout.rstrip().endswith("servindo")


def test_later_starts_keep_the_stored_menu(tmp_path):
    run_entrypoint(tmp_path)

    result = run_entrypoint(tmp_path)

    assert result.returncode == 0, result.stderr
    assert "nada foi alterado" in result.stdout and "novos" not in result.stdout
    assert result.stdout.rstrip().endswith("servindo")


def test_seeding_can_be_turned_off(tmp_path):
    result = run_entrypoint(tmp_path, SEED_MENU_ON_START="0")

    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == "servindo"
    assert not (tmp_path / "data" / "cozinha.sqlite3").exists()


def test_a_broken_menu_stops_the_container_before_serving(tmp_path):
    broken = tmp_path / "menu.json"
    broken.write_text('{"restaurant": {}, "items": []}')

    result = run_entrypoint(tmp_path, MENU_SEED_FILE=str(broken))

    assert result.returncode != 0
    assert "servindo" not in result.stdout
