"""The restaurant's side of the store contract: every store means the same thing.

Availability, handoffs, transcripts, erasing a customer and panel sessions, through
the use cases that rely on them, on memory, SQLite and the Firestore emulator; and
what one replica writes, another sees at once.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import replace
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import pytest

from service.adapters.firestore.config import FirestoreConfig, make_client
from service.adapters.firestore.store import FirestoreStore
from service.adapters.memory.store import MemoryStore
from service.adapters.sqlite.store import SqliteStore
from service.application.availability import mark_item, pause_orders, resume_orders
from service.application.handoff import CarePolicy, end_handoff, open_handoff, take_over
from service.application.once import apply_once
from service.application.orders import change_status
from service.application.panel_access import SessionService
from service.application.ports import (
    OutboundMessage,
    PanelSession,
    RestaurantStore,
    RestaurantUnitOfWork,
)
from service.application.privacy import erase_customer, export_customer
from service.application.transcript import TranscriptPolicy, TranscriptService, record
from service.domain.availability import Availability, Pause
from service.domain.conversation import Address, Conversation
from service.domain.handoff import HandoffStatus
from service.domain.transcript import Speaker
from tests.builders import PHONE, seed_menu
from tests.builders import order as stored_order
from tests.firestore_support import EMULATOR_INBOUND_DEADLINE_SECONDS, wait_for

NOW = datetime(2026, 3, 6, 19, 30, tzinfo=UTC)
OTHER = "whatsapp:+5521988887777"
KITCHEN = "whatsapp:+5511900000000"
POLICY = CarePolicy(idle=timedelta(minutes=30),
                    transcript=TranscriptPolicy(keep=5, retention=timedelta(days=2)))


class _Abort(Exception):
    """Rolls a transaction back on purpose."""


def read(store: RestaurantStore, look: Any) -> Any:
    """Run a read in a transaction and return what it saw."""
    return store.run(look)


@pytest.fixture
def replicas(request: pytest.FixtureRequest, tmp_path: Path,
             store: RestaurantStore) -> Iterator[tuple[RestaurantStore, RestaurantStore]]:
    """The store and a second one on the same data, as another replica would open it."""
    if isinstance(store, MemoryStore):
        yield store, store
    elif isinstance(store, SqliteStore):
        other = SqliteStore(store.path)
        yield store, other
        other.close()
    else:
        assert isinstance(store, FirestoreStore)
        emulator = request.getfixturevalue("firestore_emulator")
        project = request.getfixturevalue("firestore_project")
        other_fs = FirestoreStore(make_client(FirestoreConfig(project,
                                                              emulator_host=emulator.host)),
                                  inbound_deadline=EMULATOR_INBOUND_DEADLINE_SECONDS)
        yield store, other_fs
        other_fs.close()


# -- availability ----------------------------------------------------------------------


def test_sold_out_items_are_seen_by_every_replica_and_marking_twice_changes_once(replicas):
    one, two = replicas
    menu = seed_menu()
    assert one.get_availability() is None
    first = one.run(lambda uow: mark_item(uow, menu, "feijoada", True, NOW))
    again = two.run(lambda uow: mark_item(uow, menu, "feijoada", True, NOW))
    assert (first.changed, again.changed) == (True, False)
    seen = two.get_availability()
    assert seen is not None and seen.sold_out == frozenset({"feijoada"})
    assert not seen.offer(menu)["feijoada"].available
    assert one.run(lambda uow: mark_item(uow, menu, "nao_existe", True, NOW)) is None
    back = two.run(lambda uow: mark_item(uow, menu, "feijoada", False, NOW))
    assert back.changed and one.get_availability().sold_out == frozenset()


def test_a_pause_round_trips_with_its_until_time_and_message(replicas):
    one, two = replicas
    until = NOW + timedelta(minutes=45)
    paused = one.run(lambda uow: pause_orders(uow, until, "  faltou   gás ", NOW))
    assert paused.changed and paused.pause == Pause(NOW, until, "faltou gás")
    assert not two.run(lambda uow: pause_orders(uow, until, "faltou gás", NOW)).changed
    stored = two.get_availability()
    assert stored is not None and stored.active_pause(NOW) == Pause(NOW, until, "faltou gás")
    assert stored.taking_orders(until)  # over by itself
    assert two.run(lambda uow: resume_orders(uow, NOW)).changed
    assert not one.run(lambda uow: resume_orders(uow, NOW)).changed
    assert one.get_availability().taking_orders(NOW)


def test_a_failed_transaction_leaves_no_availability_behind(store: RestaurantStore):
    def fail(uow: RestaurantUnitOfWork) -> None:
        uow.save_availability(Availability(sold_out=frozenset({"pudim"}), updated_at=NOW))
        seen = uow.get_availability()
        assert seen is not None and seen.sold_out == frozenset({"pudim"})  # its own write
        raise _Abort

    with pytest.raises(_Abort):
        store.run(fail)
    assert store.get_availability() is None


# -- transcripts -----------------------------------------------------------------------


def test_transcripts_are_bounded_found_by_key_and_listed_newest_first(store: RestaurantStore):
    for minute in range(4):
        lines = [(Speaker.CUSTOMER, f"oi {minute}"), (Speaker.BOT, f"olá {minute}")]
        at = NOW + timedelta(minutes=minute)

        def add(uow: RestaurantUnitOfWork, ln: Any = lines, when: datetime = at) -> Any:
            return record(uow, PHONE, "Maria", ln, when, POLICY.transcript)

        store.run(add)
    store.run(lambda uow: record(uow, OTHER, "João", [(Speaker.CUSTOMER, "bom dia")],
                                 NOW + timedelta(minutes=10), POLICY.transcript))
    maria = read(store, lambda uow: uow.get_transcript(PHONE))
    assert [line.text for line in maria.lines] == ["olá 1", "oi 2", "olá 2", "oi 3", "olá 3"]
    assert maria.last_customer_at == NOW + timedelta(minutes=3)
    assert maria.customer_name == "Maria"
    assert store.transcript_by_key(maria.key) == maria
    assert store.transcript_by_key("nao-existe") is None
    assert [t.phone for t in store.list_transcripts(10)] == [OTHER, PHONE]
    assert [t.phone for t in store.list_transcripts(1)] == [OTHER]


def test_a_transcript_keeps_only_recent_lines_as_it_grows(store: RestaurantStore):
    for minute in range(12):
        def add(uow: RestaurantUnitOfWork, m: int = minute) -> None:
            record(uow, PHONE, "", [(Speaker.CUSTOMER, f"msg {m}"), (Speaker.BOT, "")],
                   NOW + timedelta(minutes=m), POLICY.transcript)

        store.run(add)
    maria = read(store, lambda uow: uow.get_transcript(PHONE))
    assert [line.text for line in maria.lines] == [f"msg {m}" for m in range(7, 12)]
    # Three days later the old lines are past the retention: only the new one stays.
    later = NOW + timedelta(days=3)
    store.run(lambda uow: record(uow, PHONE, "Maria", [(Speaker.STAFF, "voltamos")], later,
                                 POLICY.transcript))
    maria = read(store, lambda uow: uow.get_transcript(PHONE))
    assert [(line.speaker, line.text) for line in maria.lines] == [(Speaker.STAFF, "voltamos")]
    assert maria.last_customer_at == NOW + timedelta(minutes=11)
    assert maria.customer_name == "Maria"
    assert store.transcript_by_key(maria.key) == maria


def test_a_transcript_replaced_whole_reads_back_the_same(store: RestaurantStore):
    store.run(lambda uow: record(uow, PHONE, "Maria", [(Speaker.CUSTOMER, "oi")], NOW,
                                 POLICY.transcript))
    maria = read(store, lambda uow: uow.get_transcript(PHONE))
    shorter = replace(maria, lines=maria.lines[:0], customer_name="Maria S.")
    store.run(lambda uow: uow.save_transcript(shorter))
    assert read(store, lambda uow: uow.get_transcript(PHONE)) == shorter
    store.run(lambda uow: record(uow, PHONE, "", [(Speaker.CUSTOMER, "de novo")],
                                 NOW + timedelta(minutes=1), POLICY.transcript))
    again = read(store, lambda uow: uow.get_transcript(PHONE))
    assert [line.text for line in again.lines] == ["de novo"]
    assert again.customer_name == "Maria S."


def test_old_transcripts_are_purged_after_the_retention_period(store: RestaurantStore):
    store.run(lambda uow: record(uow, PHONE, "Maria", [(Speaker.CUSTOMER, "oi")], NOW,
                                 POLICY.transcript))
    later = NOW + timedelta(days=1)
    store.run(lambda uow: record(uow, OTHER, "João", [(Speaker.CUSTOMER, "oi")], later,
                                 POLICY.transcript))
    service = TranscriptService(store, POLICY.transcript,
                                clock=lambda: NOW + timedelta(days=2, hours=1))
    assert service.purge() == 1
    assert read(store, lambda uow: uow.get_transcript(PHONE)) is None
    assert read(store, lambda uow: uow.get_transcript(OTHER)) is not None


# -- handoffs --------------------------------------------------------------------------


def test_handoffs_get_numbers_tell_the_kitchen_once_and_are_found_by_number(store):
    first = store.run(lambda uow: open_handoff(uow, PHONE, "Maria", "asked", NOW, POLICY,
                                               KITCHEN))
    again = store.run(lambda uow: open_handoff(uow, PHONE, "Maria", "asked", NOW, POLICY,
                                               KITCHEN))
    other = store.run(lambda uow: open_handoff(uow, OTHER, "João", "not_understood",
                                               NOW + timedelta(minutes=1), POLICY, KITCHEN))
    assert (first.number, again.number, other.number) == (1, 1, 2)
    assert store.handoff_by_number(2) == other
    assert store.handoff_by_number(9) is None
    assert [h.phone for h in store.list_handoffs()] == [OTHER, PHONE]
    due = datetime.now(UTC) + timedelta(hours=1)  # entries are due at the store's clock
    kitchen = [p.message.body for p in store.claim_due(due, 10, timedelta(seconds=30))]
    assert len(kitchen) == 2 and "Atendimento 1" in kitchen[0] and "Atendimento 2" in kitchen[1]


def test_a_handoff_ended_and_taken_again_gets_a_new_number(store: RestaurantStore):
    store.run(lambda uow: open_handoff(uow, PHONE, "Maria", "asked", NOW, POLICY, None))
    ended, changed = store.run(lambda uow: end_handoff(uow, PHONE, NOW))
    assert changed and ended is not None and ended.status is HandoffStatus.CLOSED
    assert store.run(lambda uow: end_handoff(uow, PHONE, NOW))[1] is False
    taken = store.run(lambda uow: take_over(uow, PHONE, "Maria", NOW, POLICY))
    assert taken.number == 2 and taken.status is HandoffStatus.ATTENDING


# -- erasing a customer ------------------------------------------------------------------


def _customer_with_history(store: RestaurantStore) -> int:
    def place(uow: RestaurantUnitOfWork) -> list[str]:
        conv = Conversation(PHONE, customer_name="Maria Souza", address=Address("Rua A, 10"))
        uow.save_conversation(conv)
        number = uow.add_order(stored_order(number=None)).number
        uow.add_order(stored_order(number=None, phone="+5521988887777", name="João"))
        record(uow, PHONE, "Maria", [(Speaker.CUSTOMER, "moro na Rua A, 10")], NOW,
               POLICY.transcript)
        open_handoff(uow, PHONE, "Maria", "asked", NOW, POLICY, None)
        return [f"Pedido #{number} confirmado, Maria"]

    apply_once(store, PHONE, "SM-history", place)
    return 1


def test_erasing_a_customer_keeps_their_orders_anonymised_and_nothing_else(store):
    number = _customer_with_history(store)
    # Another sender's message with the same MessageSid is another message: it stays.
    apply_once(store, "whatsapp:+5521988887777", "SM-history", lambda uow: ["Oi, João"])
    exported = store.run(lambda uow: export_customer(uow, PHONE, NOW))
    assert exported["conversation"]["customer_name"] == "Maria Souza"
    assert [o["number"] for o in exported["orders"]] == [number]
    assert exported["transcript"][0]["text"] == "moro na Rua A, 10"

    erasure = store.run(lambda uow: erase_customer(uow, PHONE))
    assert (erasure.found, erasure.orders_anonymised) == (True, 1)
    assert read(store, lambda uow: uow.get_conversation(PHONE)) is None
    assert read(store, lambda uow: uow.get_transcript(PHONE)) is None
    assert read(store, lambda uow: uow.get_handoff(PHONE)) is None
    assert store.list_handoffs() == [] and store.list_transcripts() == []
    kept = store.get_order(number)
    assert kept is not None and kept.anonymous
    assert (kept.customer_name, kept.address.text, kept.total_cents) == ("", "", 1000)
    assert read(store, lambda uow: uow.customer_orders("+5511987654321")) == []
    assert store.get_order(2).customer_name == "João"  # another customer's order stays
    # The message id is still known (a redelivery is not applied again), its replies are gone.
    assert read(store, lambda uow: uow.seen_replies(PHONE, "SM-history")) == ()
    assert read(store, lambda uow: uow.seen_replies("whatsapp:+5521988887777",
                                                    "SM-history")) == ("Oi, João",)
    again = store.run(lambda uow: erase_customer(uow, PHONE))
    assert (again.found, again.orders_anonymised) == (False, 0)


def test_an_anonymised_order_still_moves_but_nobody_is_told(store: RestaurantStore):
    number = _customer_with_history(store)
    store.run(lambda uow: erase_customer(uow, PHONE))
    update = store.run(lambda uow: change_status(uow, number, "em_preparo", NOW))
    assert update is not None and update.changed and not update.customer_notified
    moved = store.get_order(number)
    assert moved is not None and moved.status.value == "em_preparo"


def test_orders_of_a_day_are_listed_oldest_first(store: RestaurantStore):
    def add(uow: RestaurantUnitOfWork) -> None:
        for hours in (5, -30, 1, 26):
            uow.add_order(stored_order(number=None, created_at=NOW + timedelta(hours=hours)))

    store.run(add)
    day = store.orders_created_between(NOW, NOW + timedelta(days=1))
    assert [o.created_at - NOW for o in day] == [timedelta(hours=1), timedelta(hours=5)]


# -- panel sessions and the change feed ---------------------------------------------------


def test_sessions_end_on_logout_and_expire_on_every_replica(replicas):
    one, two = replicas
    clock = [NOW]
    sessions = SessionService(one, timedelta(hours=12), clock=lambda: clock[0])
    elsewhere = SessionService(two, timedelta(hours=12), clock=lambda: clock[0])
    token, session = sessions.open()
    assert token not in session.key  # only the token's hash is stored
    assert elsewhere.find(token) == session
    assert elsewhere.find(token + "x") is None
    sessions.close(token)
    assert elsewhere.find(token) is None
    token, _ = sessions.open()
    clock[0] = NOW + timedelta(hours=12)
    assert elsewhere.find(token) is None
    one.save_panel_session(PanelSession("velha", "c", NOW, NOW, NOW + timedelta(hours=1)))
    assert elsewhere.purge() >= 1 and two.get_panel_session("velha") is None


def test_the_change_token_moves_with_orders_handoffs_and_availability(replicas):
    one, two = replicas
    menu = seed_menu()

    def changed_from(token: str) -> str:
        return wait_for(lambda: (t := two.change_token()) != token and t, "a new change token")

    token = two.change_token()
    one.run(lambda uow: uow.add_order(stored_order(number=None)))
    token = changed_from(token)
    one.run(lambda uow: change_status(uow, 1, "em_preparo", NOW))
    token = changed_from(token)
    one.run(lambda uow: open_handoff(uow, PHONE, "Maria", "asked", NOW, POLICY, None))
    token = changed_from(token)
    one.run(lambda uow: mark_item(uow, menu, "pudim", True, NOW))
    token = changed_from(token)
    one.run(lambda uow: uow.enqueue(OutboundMessage(PHONE, "oi")))  # nothing the panel shows
    assert two.change_token() == token
