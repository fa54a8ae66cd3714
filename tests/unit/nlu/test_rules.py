"""The rule table: every rule decides its examples and leaves its counter-examples to others."""

from __future__ import annotations

import json

import pytest

from nlu import Context, Expecting, Intent, Parser
from nlu.patterns import Phrases
from nlu.rules import RULES, Example, Rule
from tests.unit.nlu.conftest import DATA

EXAMPLES = [(rule, example) for rule in RULES for example in rule.examples]
COUNTER_EXAMPLES = [(rule, example) for rule in RULES for example in rule.counter_examples]


def _parse(parser: Parser, example: Example) -> tuple[str, object]:
    text, context = (example, None) if isinstance(example, str) else example
    return text, parser.parse(text, context)


def _name(case: tuple[Rule, Example]) -> str:
    rule, example = case
    text = example if isinstance(example, str) else f"{example[0]} @ {example[1]}"
    return f"{rule.name}: {text}"


@pytest.mark.parametrize("case", EXAMPLES, ids=[_name(case) for case in EXAMPLES])
def test_each_rule_decides_its_examples(seed_parser: Parser, case: tuple[Rule, Example]) -> None:
    rule, example = case
    text, result = _parse(seed_parser, example)
    assert result.rule == rule.name, text  # type: ignore[attr-defined]
    assert result.intent is rule.intent, text  # type: ignore[attr-defined]
    if rule.question is not None:
        assert result.question is rule.question, text  # type: ignore[attr-defined]


@pytest.mark.parametrize(
    "case", COUNTER_EXAMPLES, ids=[_name(case) for case in COUNTER_EXAMPLES]
)
def test_each_rule_leaves_its_counter_examples(
    seed_parser: Parser, case: tuple[Rule, Example]
) -> None:
    rule, example = case
    text, result = _parse(seed_parser, example)
    assert result.rule != rule.name, text  # type: ignore[attr-defined]


def test_rule_names_are_unique_and_every_rule_has_examples() -> None:
    names = [rule.name for rule in RULES]
    assert len(names) == len(set(names))
    assert all(rule.examples for rule in RULES)
    assert RULES[-1].when is not None and RULES[-1].intent is Intent.UNKNOWN


def test_every_intent_is_given_by_some_rule() -> None:
    assert {rule.intent for rule in RULES} == set(Intent)


def test_the_result_names_the_rule_that_fired(seed_parser: Parser) -> None:
    result = seed_parser.parse("quero 2 feijoadas")
    assert result.rule == "order"
    assert result.to_dict()["rule"] == "order"
    assert seed_parser.parse("cadê meu pedido", Context()).rule == "order_status"


def _all_phrase_lists() -> list[Phrases]:
    from nlu import phrases

    return [value for value in vars(phrases).values() if isinstance(value, Phrases)]


def _labelled_texts() -> list[str]:
    texts = [example if isinstance(example, str) else example[0]
             for rule in RULES for example in (*rule.examples, *rule.counter_examples)]
    for path in sorted(DATA.glob("*.jsonl")):
        for line in path.read_text(encoding="utf-8").splitlines():
            if line.strip() and not line.startswith("//"):
                texts.append(json.loads(line)["text"])
    return texts


def test_the_prefilters_derived_from_the_phrases_never_hide_a_match() -> None:
    from nlu.normalise import SEP, tokenize

    texts = [" ".join(tok.text for tok in tokenize(text) if tok.kind != SEP)
             for text in _labelled_texts()]
    for phrases in _all_phrase_lists():
        for text in texts:
            words = frozenset(text.split())
            assert phrases.search(text, words) == (phrases.pattern.search(text) is not None), (
                phrases.name, text)


def test_almost_every_phrase_list_has_a_prefilter() -> None:
    lists = _all_phrase_lists()
    without = [phrases.name for phrases in lists if phrases.anchors is None]
    assert len(without) <= len(lists) // 5, without


def test_a_rule_never_applies_without_what_it_needs() -> None:
    """The gates let a message skip rules fast; they must never skip one that applies."""
    from nlu import load_menu
    from nlu.extract import extract
    from nlu.normalise import tokenize

    parser = Parser(load_menu(DATA.parents[1] / "data" / "menu_seed.json"))
    contexts = [None, Context(last_item="pudim"), Context(expecting=Expecting.ADDRESS),
                Context(expecting=Expecting.CHOICE, options=("coca_lata", "coca_2l"))]
    for text in _labelled_texts():
        tokens = tokenize(text)
        ex = extract(tokens, parser.index)
        for context in contexts:
            draft, swap = parser._resolve(tokens, ex)
            reading = parser._read(text, tokens, ex, draft, swap, context, tokens)
            for rule in RULES:
                skipped = (rule.needs is not None and rule.needs.name not in reading.tried) or (
                    rule.with_items is not None and rule.with_items is not reading.has_items
                ) or (rule.in_context and reading.context is None)
                if skipped:
                    assert not rule.when(reading), (rule.name, text, context)
