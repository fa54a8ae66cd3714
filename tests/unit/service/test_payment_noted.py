"""The payment said along with something else is read back, with the cash handed over."""

from __future__ import annotations

from nlu import PaymentMethod
from service.domain import texts
from tests.builders import parsed as p
from tests.unit.service.chat import Chat


def test_cash_with_the_change_asked_about_reads_both_back() -> None:
    chat = Chat()
    chat.send(p("add_items", [("feijoada", 1)]), "1 feijoada")
    reply = chat.send(p("unknown", payment="dinheiro", change_for=50), "tem troco pra 50?")
    assert "Pagamento: Dinheiro, troco para R$ 50,00." in reply.replace("\xa0", " ")
    assert chat.conv is not None and chat.conv.change_for_cents == 5000


def test_other_methods_and_cash_without_change_name_the_method_only() -> None:
    assert texts.payment_noted(PaymentMethod.PIX, 5000) == "💳 Pagamento: Pix."
    assert texts.payment_noted(PaymentMethod.CASH, 0) == "💳 Pagamento: Dinheiro."
