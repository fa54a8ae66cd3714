"""``python -m service seed-menu`` with delivery settings: loaded, or refused naming the field."""

from __future__ import annotations

import copy
import json
import subprocess
from pathlib import Path
from typing import Any

import pytest

from service.adapters.sqlite.store import SqliteStore
from tests.builders import write_menu
from tests.integration.service_process import ROOT, base_env, service_command

EXAMPLE = ROOT / "docs" / "exemplos" / "cardapio-entrega.json"


def seed(tmp_path: Path, menu: Path) -> subprocess.CompletedProcess[str]:
    env = base_env(SQLITE_PATH=str(tmp_path / "m.sqlite3"))
    return subprocess.run(service_command("seed-menu", str(menu)), env=env, cwd=tmp_path,
                          capture_output=True, text=True, timeout=60)


def broken(change: dict[str, Any]) -> dict[str, Any]:
    document = copy.deepcopy(json.loads(EXAMPLE.read_text(encoding="utf-8")))
    document["restaurant"].update(change)
    return document


@pytest.mark.parametrize(
    ("change", "message"),
    [
        ({"delivery_zones": [{"bairro": "Centro", "fee": 5}, {"bairro": "Vila Mariana",
                                                              "fee": -3}]},
         "campo 'restaurant.delivery_zones[2].fee' deve ser um valor em reais maior ou igual "
         "a zero"),
        ({"delivery_zones": [{"bairro": "Jardim Botânico", "fee": 8},
                             {"bairro": "jd botanico", "fee": 8}]},
         "campo 'restaurant.delivery_zones[2]': o bairro 'jd botanico' repete 'Jardim Botânico' "
         "(restaurant.delivery_zones[1])"),
        ({"delivery_zones": [{"bairro": "Centro", "taxa": 5}]},
         "campo 'restaurant.delivery_zones[1].taxa' desconhecido"),
        ({"delivery_zones": "Centro, Bela Vista"}, "campo 'restaurant.delivery_zones' deve ser "
                                                   "uma lista"),
        ({"pix_key": "cozinha da cris"}, "campo 'restaurant.pix_key': 'cozinha da cris' não é "
                                         "uma chave Pix"),
        ({"location": {"lat": -46.6559, "lng": -23.5614}}, "Parece que lat e lng estão trocados"),
        ({"delivery_radius": [{"km": 6, "fee": 9}, {"km": 3, "fee": 5}]},
         "campo 'restaurant.delivery_radius[2].km': as faixas devem crescer"),
        ({"payment_methods": ["pix", "boleto"]},
         "campo 'restaurant.payment_methods': forma de pagamento 'boleto' desconhecida"),
    ],
)
def test_a_malformed_file_is_refused_naming_the_field(tmp_path: Path, change: dict[str, Any],
                                                      message: str) -> None:
    first = seed(tmp_path, EXAMPLE)
    assert first.returncode == 0, first.stderr
    store = SqliteStore(tmp_path / "m.sqlite3")
    before = store.menu_version()
    store.close()
    result = seed(tmp_path, write_menu(tmp_path / "ruim.json", broken(change)))
    assert result.returncode == 2
    assert message in result.stderr, result.stderr
    assert "Traceback" not in result.stderr
    store = SqliteStore(tmp_path / "m.sqlite3")
    assert store.menu_version() == before  # the saved menu is untouched
    store.close()


def test_a_change_of_zones_is_reported(tmp_path: Path) -> None:
    assert seed(tmp_path, EXAMPLE).returncode == 0
    cheaper = broken({"delivery_fee": 4.0})
    result = seed(tmp_path, write_menu(tmp_path / "novo.json", cheaper))
    assert result.returncode == 0, result.stderr
    assert "dados do restaurante alterados" in result.stdout
