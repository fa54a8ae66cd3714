"""``python -m nlu parse`` exactly per the contract: one JSON object per message."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[3]
SEED = str(ROOT / "data" / "menu_seed.json")
ENTREGA = str(ROOT / "docs" / "exemplos" / "cardapio-entrega.json")


def run(*args: str, stdin: str = "") -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "nlu", *args], input=stdin, capture_output=True, text=True,
        cwd=ROOT, timeout=60, check=False,
    )


def test_parse_one_text_prints_one_object() -> None:
    done = run("parse", "--menu", SEED, "quero 2 feijoadas")
    assert done.returncode == 0
    data = json.loads(done.stdout)
    assert data["intent"] == "add_items"
    assert data["items"] == [{"id": "feijoada", "quantity": 2}]
    assert data["ambiguous"] == []


def test_parse_reads_stdin_one_object_per_line_in_order() -> None:
    done = run("parse", "--menu", SEED, stdin="oi\numa coca\n\ncancela tudo\n")
    lines = [json.loads(line) for line in done.stdout.splitlines()]
    assert [line["intent"] for line in lines] == ["greeting", "add_items", "unknown", "cancel"]
    assert lines[1]["ambiguous"][0]["candidates"] == ["coca_lata", "coca_2l"]
    assert lines[1]["ambiguous"][0]["quantity"] == 1


def test_parse_jsonl_keeps_line_breaks_and_goes_on_after_a_bad_line() -> None:
    stdin = "\n".join([
        json.dumps({"text": "2 feijoadas\n1 coca lata"}),
        "isto não é json",
        json.dumps({"sem_texto": 1}),
        json.dumps({"text": "sim"}),
    ]) + "\n"
    done = run("parse", "--menu", SEED, "--jsonl", stdin=stdin)
    lines = [json.loads(line) for line in done.stdout.splitlines()]
    assert len(lines) == 4
    assert lines[0]["items"] == [
        {"id": "feijoada", "quantity": 2}, {"id": "coca_lata", "quantity": 1}
    ]
    assert "error" in lines[1] and "error" in lines[2]
    assert lines[1]["intent"] == lines[2]["intent"] == "unknown"
    assert lines[3]["intent"] == "confirm"
    assert done.returncode == 0
    assert "linha 2" in done.stderr


def test_a_bad_menu_is_refused_with_the_field_named(tmp_path: Path) -> None:
    menu = tmp_path / "menu.json"
    menu.write_text(json.dumps({"restaurant": {"name": "X"}, "items": [{"id": "a"}]}))
    done = run("parse", "--menu", str(menu), "oi")
    assert done.returncode == 2
    assert "'name'" in done.stderr and "item 1" in done.stderr


def test_eval_prints_the_figures() -> None:
    done = run("eval", "--quiet", str(ROOT / "tests" / "nlu_data" / "dev_seed.jsonl"))
    assert done.returncode == 0
    assert "intenção correta" in done.stdout and "itens exatos" in done.stdout


def test_parse_prints_the_rule_that_fired() -> None:
    done = run("parse", "--menu", SEED, "cadê meu pedido")
    assert json.loads(done.stdout)["rule"] == "order_status"


def test_parse_reads_a_message_in_a_conversation_context() -> None:
    done = run("parse", "--menu", SEED, "--context", '{"last_item": "feijoada"}', "são 4")
    data = json.loads(done.stdout)
    assert data["items"] == [{"id": "feijoada", "quantity": 4}]
    assert data["replace"] is True
    stdin = "\n".join([
        json.dumps({"text": "2", "context": {"expecting": "choice",
                                             "options": ["coca_lata", "coca_2l"]}}),
        json.dumps({"text": "4", "context": {"last_item": "pudim"}}),
        json.dumps({"text": "4", "context": {"expecting": "sometime"}}),
    ])
    lines = [json.loads(line) for line in run("parse", "--jsonl", "--menu", SEED,
                                              stdin=stdin).stdout.splitlines()]
    assert lines[0]["numbers"] == [{"number": 2, "quantity": 1}]
    assert lines[1]["items"] == [{"id": "pudim", "quantity": 4}]
    assert "expecting" in lines[2]["error"]


def test_parse_reads_a_follow_up_question_after_the_one_answered() -> None:
    done = run("parse", "--menu", ENTREGA, "--context", '{"asked": "delivery_fee"}',
               "e pra vila mariana?")
    assert done.returncode == 0, done.stderr
    result = json.loads(done.stdout)
    assert (result["intent"], result["question"], result["place"], result["rule"]) == (
        "ask_delivery", "delivery_fee", "vila mariana", "place_follow_up")
    alone = json.loads(run("parse", "--menu", ENTREGA, "e pra vila mariana?").stdout)
    assert alone["intent"] == "unknown" and alone["place"] is None
    refused = run("parse", "--menu", ENTREGA, "--context", '{"asked": "weather"}', "oi")
    assert refused.returncode != 0 and "'asked' deve ser um de" in refused.stderr


def test_a_bad_context_is_refused_saying_why() -> None:
    done = run("parse", "--menu", SEED, "--context", '{"last": "x"}', "oi")
    assert done.returncode == 2
    assert "campos desconhecidos no contexto: last" in done.stderr
    done = run("parse", "--menu", SEED, "--context", "{nope", "oi")
    assert done.returncode == 2
