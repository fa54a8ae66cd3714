"""``python -m service seed-menu`` on Firestore, and a running service seeing the change."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest

from service.adapters.firestore.config import FirestoreConfig, make_client
from service.adapters.firestore.store import FirestoreStore
from service.application.menu_cache import MenuCache
from service.bootstrap import default_parser
from tests.builders import SEED_MENU_PATH
from tests.firestore_support import wait_for

pytestmark = [pytest.mark.emulator, pytest.mark.slow]


def seed(path: Path, emulator: Any, project: str, cwd: Path) -> subprocess.CompletedProcess[str]:
    env = {k: v for k, v in os.environ.items() if not k.upper().startswith(("FIRE", "STORAGE"))}
    env.update(
        STORAGE_BACKEND="firestore",
        FIRESTORE_EMULATOR_HOST=emulator.host,
        FIRESTORE_PROJECT=project,
    )
    return subprocess.run(
        [sys.executable, "-m", "service", "seed-menu", str(path)],
        env=env,
        cwd=cwd,
        capture_output=True,
        text=True,
        timeout=120,
    )


def test_seeding_reports_changes_refuses_bad_files_and_reaches_a_running_cache(
    firestore_emulator: Any, firestore_project: str, tmp_path: Path
) -> None:
    store = FirestoreStore(
        make_client(FirestoreConfig(firestore_project, emulator_host=firestore_emulator.host))
    )
    try:
        first = seed(SEED_MENU_PATH, firestore_emulator, firestore_project, tmp_path)
        assert first.returncode == 0, first.stderr
        assert "Cardápio atualizado" in first.stdout
        cache = MenuCache(store, default_parser, ttl_seconds=0)
        loaded = cache.current()
        assert loaded is not None
        assert loaded[0]["feijoada"].price_cents == 3490
        version = store.menu_version()

        broken = tmp_path / "quebrado.json"
        data = json.loads(SEED_MENU_PATH.read_text(encoding="utf-8"))
        broken.write_text(json.dumps({**data, "items": [{"id": "x"}]}), encoding="utf-8")
        refused = seed(broken, firestore_emulator, firestore_project, tmp_path)
        assert refused.returncode == 2
        assert "campo 'name'" in refused.stderr
        assert store.menu_version() == version

        edited = tmp_path / "cardapio.json"
        for item in data["items"]:
            if item["id"] == "feijoada":
                item["price"] = 36.9
        edited.write_text(json.dumps(data, ensure_ascii=False), encoding="utf-8")
        changed = seed(edited, firestore_emulator, firestore_project, tmp_path)
        assert changed.returncode == 0, changed.stderr
        assert "1 alterados: feijoada" in changed.stdout
        assert store.menu_version() != version
        reloaded = cache.current()
        assert reloaded is not None
        assert reloaded[0]["feijoada"].price_cents == 3690

        # The restaurant marks the pudding sold out in the console; seeding the file
        # again puts it back on sale, and the running cache sees both.
        store.layout.menu_items.document("pudim").update({"available": False})

        def pudim_available() -> bool | None:
            current = cache.current()
            assert current is not None
            return current[0]["pudim"].available

        wait_for(lambda: pudim_available() is False, "the cache to see the console edit")
        restored = seed(edited, firestore_emulator, firestore_project, tmp_path)
        assert restored.returncode == 0, restored.stderr
        assert "1 alterados: pudim" in restored.stdout
        wait_for(pudim_available, "the cache to see the pudding back on sale")
        assert store.load_menu() == reloaded[0]
    finally:
        store.close()
