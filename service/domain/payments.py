"""How customers may pay: the methods the restaurant accepts, and its Pix BR Code.

``cartao`` is credit and debit alike, on the card machine at delivery or at the
counter: customers rarely say which, the parser does not tell them apart, and a
card machine takes both. ``vale_refeicao`` is a meal voucher card (VR, Alelo,
Pluxee/Sodexo, Ticket) on the same machine.
"""

from __future__ import annotations

from nlu import PaymentMethod
from service.domain.pix import br_code, order_txid
from service.domain.restaurant import Restaurant

__all__ = ["accepted_methods", "accepts", "pix_code", "pix_code_ready"]


def accepted_methods(restaurant: Restaurant) -> tuple[PaymentMethod, ...]:
    """The methods offered, in the file's order."""
    return restaurant.payment_methods


def accepts(restaurant: Restaurant, method: PaymentMethod) -> bool:
    """Whether the restaurant takes this method ("aceita cartão?")."""
    return method in restaurant.payment_methods


def pix_code_ready(restaurant: Restaurant) -> bool:
    """Whether a Pix copia-e-cola can be made: Pix accepted, a valid key and the city."""
    return (PaymentMethod.PIX in restaurant.payment_methods and restaurant.pix is not None
            and restaurant.pix_merchant_city is not None)


def pix_code(restaurant: Restaurant, amount_cents: int, order_number: int) -> str | None:
    """The BR Code (copia e cola) for an order's total, or None when not configured."""
    key = restaurant.pix
    if not pix_code_ready(restaurant) or key is None or restaurant.pix_merchant_city is None:
        return None
    return br_code(key.value, amount_cents, restaurant.pix_name, restaurant.pix_merchant_city,
                   txid=order_txid(order_number), description=f"Pedido {order_number}")
