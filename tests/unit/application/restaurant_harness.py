"""A whole service in memory with a clock the test moves: customers, the kitchen, the panel."""

from __future__ import annotations

from datetime import datetime, timedelta
from itertools import count

from service.adapters.memory.store import MemoryStore
from service.adapters.recording_messenger import RecordingMessenger
from service.bootstrap import Container, bootstrap
from service.domain.conversation import Inbound
from service.domain.menu import Menu
from service.settings import Settings
from tests.builders import NOW, PHONE, seed_menu

KITCHEN = "whatsapp:+5511900000000"


class Restaurant:
    """The service with the seed menu; ``say`` is a customer, ``kitchen`` the cook's phone."""

    def __init__(self, menu: Menu | None = None, **overrides: object) -> None:
        self.now = NOW
        self.store = MemoryStore(clock=lambda: self.now)
        self.store.save_menu(menu or seed_menu())
        self.messenger = RecordingMessenger()
        values: dict[str, object] = {"environment": "development", "menu_cache_seconds": 0,
                                     "kitchen_whatsapp_number": KITCHEN, **overrides}
        settings = Settings(_env_file=None, **values)  # type: ignore[call-arg,arg-type]
        self.app: Container = bootstrap(settings, store=self.store, messenger=self.messenger,
                                        clock=lambda: self.now)
        self._sids = count(1)

    def later(self, **delta: float) -> None:
        """Move the clock forward."""
        self.now += timedelta(**delta)

    def say(self, text: str, phone: str = PHONE, name: str = "Maria Souza",
            sid: str | None = None) -> str:
        """A customer message; the replies joined by blank lines."""
        inbound = Inbound(phone, text, sid or f"SM{next(self._sids)}", name)
        return "\n\n".join(self.app.inbound.handle(inbound))

    def kitchen(self, text: str, sid: str | None = None) -> str:
        """A message from the kitchen's WhatsApp; its answer."""
        inbound = Inbound(KITCHEN, text, sid or f"SMk{next(self._sids)}", "Cozinha")
        return "\n\n".join(self.app.kitchen.handle(inbound))

    def delivered(self, to: str = PHONE) -> list[str]:
        """Deliver the outbox; every body sent so far to ``to``."""
        self.app.outbox_worker.run_once()
        return [m.body for m in self.messenger.sent if m.to == to]

    def order_up_to_confirming(self, items: str = "1 feijoada e 1 pudim",
                               phone: str = PHONE) -> str:
        """A customer fills the cart and reaches the summary; the summary."""
        for text in ("oi", items, "finalizar", "Rua Ceará, 45, Pinheiros"):
            self.say(text, phone)
        return self.say("pix", phone)

    def at(self, moment: datetime) -> None:
        """Set the clock."""
        self.now = moment
