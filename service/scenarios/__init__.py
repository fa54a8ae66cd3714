"""Whole conversations as customers write them, run against the real service.

``python -m service.scenarios FILE...`` reads scenario files (TOML, see
``docs/conversation-states.md#conversas-de-ponta-a-ponta``), drives each one through
the real :class:`~service.application.inbound.InboundService` with the real parser
on an in-memory store (built by ``service.bootstrap``), and checks the order stored
at the end and that no customer was asked for what they had already given.

Each scenario runs twice: with the parser as it is, and with the parser's reading of
the annotated messages replaced by the reading the scenario says it needs (the
*oracle*). A scenario that fails only with the real parser waits on the parser; one
that fails with the oracle too is the conversation's fault.
"""

from service.scenarios.runner import Outcome, run_scenario
from service.scenarios.script import Expected, Message, Scenario, ScriptError, load_scenarios

__all__ = [
    "Expected",
    "Message",
    "Outcome",
    "Scenario",
    "ScriptError",
    "load_scenarios",
    "run_scenario",
]
