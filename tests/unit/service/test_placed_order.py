"""What a placed order sends: the confirmation, the Pix code apart, the kitchen's message."""

from __future__ import annotations

from dataclasses import replace

import pytest

from nlu import Fulfilment, PaymentMethod
from service.domain.conversation import Address
from service.domain.events import OrderPlaced
from service.domain.order import Order, OrderLine, Payment
from service.domain.order_status import OrderStatus
from service.domain.placed import placed_messages
from service.domain.restaurant import Restaurant
from tests.builders import NOW, load_menu, seed_menu
from tests.unit.service.test_engine_delivery import EXAMPLE
from tests.unit.service.test_pix_code import decode

FULL = load_menu(EXAMPLE).restaurant


def an_order(*, method: PaymentMethod = PaymentMethod.PIX, pickup: bool = False,
             fee: int = 500, cents: int = 6980, number: int = 42) -> Order:
    return Order(
        phone="+5511987654321", customer_name="Maria Souza",
        lines=(OrderLine("feijoada", "Feijoada Completa", 2, cents // 2),),
        delivery_fee_cents=0 if pickup else fee,
        address=Address("") if pickup else Address("Rua Aurora, 500 - Centro", -23.54, -46.64),
        payment=Payment(method), created_at=NOW, number=number,
        fulfilment=Fulfilment.PICKUP if pickup else Fulfilment.DELIVERY,
        delivery_area=None if pickup else "Centro",
    )


def event_for(order: Order, estimate: str = "40 a 60 min") -> OrderPlaced:
    return OrderPlaced(order, "2x Feijoada Completa — R$ 69,80\n\nTaxa de entrega (Centro)",
                       "Pix", estimate)


@pytest.mark.parametrize("cents", [1, 6980, 123456])
def test_the_pix_code_carries_the_total_and_the_order_number(cents: int) -> None:
    order = an_order(cents=cents * 2, fee=0)
    sent = placed_messages(order, FULL, event_for(order), qr=True)
    assert sent.pix_code is not None
    fields = decode(sent.pix_code)
    assert fields["amount"] == f"{order.total_cents / 100:.2f}"
    assert fields["key"] == "cris@example.com.br" and fields["txid"] == "PEDIDO42"
    assert fields["name"] == "Cozinha da Cris" and fields["city"] == "Sao Paulo"
    assert sent.pix_code not in sent.confirmation  # alone in its own message, to copy
    assert "copia e cola" in sent.confirmation and "QR Code" in sent.confirmation
    assert sent.qr_caption is not None and "#42" in sent.qr_caption


def test_without_the_qr_image_the_confirmation_does_not_mention_it() -> None:
    order = an_order()
    sent = placed_messages(order, FULL, event_for(order), qr=False)
    assert sent.pix_code is not None and sent.qr_caption is None
    assert "QR Code" not in sent.confirmation


def test_a_delivery_confirmation_and_kitchen_message() -> None:
    order = an_order()
    sent = placed_messages(order, FULL, event_for(order, "50 a 70 min"), qr=True)
    assert sent.confirmation.startswith("✅ *Pedido #42 confirmado!* Obrigado, Maria!")
    assert "Tempo estimado: 50 a 70 min. Avisamos quando sair para entrega." in sent.confirmation
    assert "📍 Entrega: Rua Aurora, 500 - Centro\nhttps://maps.google.com/?q=-23.54,-46.64" in (
        sent.kitchen)
    assert "💳 Pagamento: Pix\n💠 Pix: *aguardando comprovante Pix*" in sent.kitchen
    assert "Taxa de entrega (Centro)" in sent.kitchen
    assert "RETIRADA" not in sent.kitchen
    assert sent.kitchen.endswith("quando sair para entrega (*ajuda* para ver tudo).")


def test_a_pickup_confirmation_and_kitchen_message() -> None:
    order = an_order(pickup=True, method=PaymentMethod.CARD)
    sent = placed_messages(order, FULL, event_for(order, "20 a 30 min"), qr=True)
    assert "🏃 *Retirada no balcão*: Rua Itapeva, 200 - Bela Vista, São Paulo. Fica pronto em " \
           "20 a 30 min" in sent.confirmation
    assert "sair para entrega" not in sent.confirmation
    assert "🏃 *RETIRADA* no balcão (não é entrega)" in sent.kitchen
    assert "📍 Entrega" not in sent.kitchen and "comprovante" not in sent.kitchen
    assert "quando estiver pronto para retirar" in sent.kitchen
    assert sent.pix_code is None


@pytest.mark.parametrize(
    ("changes", "customer", "kitchen"),
    [
        ({"pix_merchant_city": None}, "chave *cris@example.com.br*, valor *R$\xa074,80*",
         "*aguardando comprovante Pix*"),
        ({"pix_key": None, "pix_merchant_city": None}, "enviamos a chave por aqui em instantes",
         "mande a chave Pix ao cliente"),
    ],
)
def test_pix_without_a_code_says_the_key_or_that_it_comes(
        changes: dict[str, object], customer: str, kitchen: str) -> None:
    restaurant = replace(FULL, **changes)  # type: ignore[arg-type]
    order = an_order()
    sent = placed_messages(order, restaurant, event_for(order), qr=True)
    assert sent.pix_code is None and sent.qr_caption is None
    assert customer in sent.confirmation and kitchen in sent.kitchen


def test_a_restaurant_with_only_a_delivery_fee_confirms_as_before() -> None:
    restaurant: Restaurant = seed_menu().restaurant
    order = an_order(method=PaymentMethod.CASH)
    sent = placed_messages(order, restaurant, event_for(order, restaurant.delivery_estimate),
                           qr=True)
    assert "Tempo estimado: 40 a 60 minutos." in sent.confirmation
    assert sent.pix_code is None and "comprovante" not in sent.kitchen


def test_ready_for_pickup_is_said_instead_of_out_for_delivery() -> None:
    from service.domain.order import decide_transition

    pickup = decide_transition(an_order(pickup=True), OrderStatus.OUT_FOR_DELIVERY)
    delivery = decide_transition(an_order(), OrderStatus.OUT_FOR_DELIVERY)
    assert pickup.customer_message is not None and delivery.customer_message is not None
    assert "está pronto para retirar" in pickup.customer_message
    assert "saiu para entrega" in delivery.customer_message


def test_the_order_keeps_its_fulfilment_and_area() -> None:
    order = an_order(pickup=True)
    again = Order.from_dict(order.to_dict())
    assert again.pickup and again.delivery_area is None and again == order
    stored_before = {k: v for k, v in an_order().to_dict().items()
                     if k not in ("fulfilment", "delivery_area")}
    old = Order.from_dict(stored_before)  # written before these fields existed
    assert old.fulfilment is Fulfilment.DELIVERY and old.delivery_area is None
