"""Every sentence about delivery, pickup, minimum order, estimates and payment.

What customers read ("Ainda não entregamos em Guarulhos…", the fee and estimate,
what is missing for the minimum, the pickup address, which payments are accepted,
the Pix copia-e-cola) and the kitchen's lines (RETIRADA, "aguardando comprovante
Pix"). In one place so a restaurant can reword them. Money goes through
:func:`service.domain.texts.money`.
"""

from __future__ import annotations

from collections.abc import Sequence

from nlu import PaymentMethod
from service.domain.delivery import MinimumCheck, NeedsPlace, NotServed, Quote, Served
from service.domain.restaurant import Restaurant
from service.domain.texts import money
from service.domain.zones import DeliveryZone, RadiusTier

# How each method is called in a sentence ("Aceitamos Pix, cartão … ou dinheiro").
METHOD_NAMES = {
    PaymentMethod.PIX: "Pix",
    PaymentMethod.CARD: "cartão de crédito ou débito",
    PaymentMethod.CASH: "dinheiro",
    PaymentMethod.VOUCHER: "vale-refeição",
}
# What the customer should know about paying that way.
METHOD_DETAILS = {
    PaymentMethod.PIX: "Depois da confirmação eu mando o código *copia e cola* com o valor.",
    PaymentMethod.CARD: "É na maquininha, na entrega ou na retirada.",
    PaymentMethod.CASH: "Se precisar de troco, é só dizer para quanto.",
    PaymentMethod.VOUCHER: "É na maquininha, na entrega ou na retirada.",
}
SHARE_LOCATION = "mande sua localização pelo WhatsApp (📎 › Localização)"


def _join(parts: Sequence[str], last: str = "e") -> str:
    parts = list(parts)
    if len(parts) <= 1:
        return "".join(parts)
    return ", ".join(parts[:-1]) + f" {last} {parts[-1]}"


def _km(value: float) -> str:
    return f"{value:.1f}".replace(".", ",").removesuffix(",0")


def _fee(cents: int, currency: str) -> str:
    return "grátis" if cents == 0 else money(cents, currency)


def _bairros(restaurant: Restaurant) -> str:
    names = [zone.bairro for zone in restaurant.delivery_zones]
    if not names:
        return ""
    return f"no bairro {names[0]}" if len(names) == 1 else f"nos bairros {_join(names)}"


def _where(restaurant: Restaurant) -> str:
    """Where the restaurant delivers: "nos bairros Centro e Bela Vista, e até 6 km daqui"."""
    bairros = _bairros(restaurant)
    radius = (f"até {_km(restaurant.delivery_radius[-1].km)} km daqui"
              if restaurant.delivery_radius else "")
    return f"{bairros}, e {radius}" if bairros and radius else bairros or radius


def _in_area(served: Served) -> str:
    """ "no bairro Centro", "a 2,4 km daqui", "" when one fee serves everywhere."""
    if served.zone is not None:
        return f"no bairro {served.zone.bairro}"
    if served.distance_km is not None:
        return f"a {_km(served.distance_km)} km daqui"
    return ""


def _pickup_offer(restaurant: Restaurant) -> str:
    if not restaurant.pickup:
        return ""
    return f"\nSe preferir, você pode *retirar* aqui: {restaurant.address}."


def pickup_hint(restaurant: Restaurant) -> str:
    """Added to "qual o endereço?" when the restaurant has pickup."""
    if not restaurant.pickup:
        return ""
    return f"\nSe preferir *retirar* aqui ({restaurant.address}), é só dizer."


def location_unreadable() -> str:
    """A shared location whose coordinates cannot be on Earth."""
    again = SHARE_LOCATION.removeprefix("mande ")
    return (f"📍 Não consegui usar essa localização. Pode mandar {again} de novo, ou escrever "
            "o endereço (rua, número e bairro)?")


# --- Delivery area and fees -------------------------------------------------------


def not_served(restaurant: Restaurant, quote: NotServed, *, cart_kept: bool = False) -> str:
    """Outside the area: said politely, with where we deliver and pickup when possible."""
    if quote.place is None and quote.distance_km is not None and quote.max_km is not None:
        text = (f"😕 Sua localização fica a {_km(quote.distance_km)} km daqui e entregamos até "
                f"{_km(quote.max_km)} km.")
        if restaurant.delivery_zones:
            text += (f" Se o endereço for em um destes bairros, me diga qual: "
                     f"{_join(list(quote.served), 'ou')}.")
    else:
        where = f"em {quote.place}" if quote.place else "nesse endereço"
        text = f"😕 Ainda não entregamos {where}. Entregamos {_where(restaurant)}."
    text += _pickup_offer(restaurant)
    if cart_kept:
        text += "\nSeu carrinho continua guardado."
    return text


def ask_place(restaurant: Restaurant, quote: NeedsPlace) -> str:
    """Nothing says where: ask for the bairro (or a shared location)."""
    if not quote.bairro:
        about = f" em {quote.place}" if quote.place else ""
        return (f"📍 Para saber se entregamos{about} e quanto fica, {SHARE_LOCATION}. "
                f"Entregamos {_where(restaurant)}.")
    location = f" Se preferir, {SHARE_LOCATION}." if quote.location else ""
    return f"📍 Qual é o seu bairro? Entregamos {_where(restaurant)}.{location}"


def fee_line(served: Served, currency: str) -> str:
    """The summary's delivery line: "Taxa de entrega (Centro): R$ 5,00"."""
    area = f" ({served.area})" if served.area else ""
    return f"Taxa de entrega{area}: {_fee(served.fee_cents, currency)}"


def estimate_line(estimate: str) -> str:
    """ "Tempo estimado: 40 a 60 min."."""
    return f"Tempo estimado: {estimate}."


def _served_answer(served: Served, currency: str) -> str:
    where = f"Entregamos {_in_area(served)}, sim!" if _in_area(served) else "Entregamos!"
    minimum = (f" Pedido mínimo: {money(served.min_order_cents, currency)}."
               if served.min_order_cents else "")
    return (f"🛵 {where} Taxa de entrega: {_fee(served.fee_cents, currency)}. "
            f"{estimate_line(served.estimate)}{minimum}")


def _zone_lines(restaurant: Restaurant) -> list[str]:
    currency = restaurant.currency
    lines = []
    areas: list[tuple[str, DeliveryZone | RadiusTier]] = [
        (z.bairro, z) for z in restaurant.delivery_zones]
    areas += [(t.label, t) for t in restaurant.delivery_radius]
    for name, area in areas:
        extras = []
        if area.min_order_cents is not None:
            extras.append(f"mínimo {money(area.min_order_cents, currency)}")
        if area.estimate is not None:
            extras.append(area.estimate)
        detail = f" ({', '.join(extras)})" if extras else ""
        lines.append(f"• {name}: {_fee(area.fee_cents, currency)}{detail}")
    return lines


def delivery_overview(restaurant: Restaurant) -> str:
    """ "vocês entregam?" with no place named: where, for how much, how long."""
    currency = restaurant.currency
    if not (restaurant.delivery_zones or restaurant.delivery_radius):
        return (f"🛵 Entregamos! Taxa de entrega: {_fee(restaurant.delivery_fee_cents, currency)}."
                f" {estimate_line(restaurant.delivery_estimate)}")
    minimum = (f"\nPedido mínimo: {money(restaurant.min_order_cents, currency)}."
               if restaurant.min_order_cents else "")
    ask = "Qual é o seu bairro?" if restaurant.delivery_zones else SHARE_LOCATION.capitalize() + "."
    return "\n".join([
        "🛵 *Onde entregamos* (taxa de entrega):", *_zone_lines(restaurant),
        f"{estimate_line(restaurant.delivery_estimate)}{minimum}{_pickup_offer(restaurant)}",
        ask,
    ])


def delivery_answer(restaurant: Restaurant, quote: Quote) -> str:
    """ "vocês entregam no X?" / "quanto é a taxa pro X?", from the quote for X."""
    if isinstance(quote, Served):
        return _served_answer(quote, restaurant.currency)
    if isinstance(quote, NotServed):
        return not_served(restaurant, quote)
    return delivery_overview(restaurant) if quote.place is None else ask_place(restaurant, quote)


# --- Minimum order ----------------------------------------------------------------


def minimum_missing(check: MinimumCheck, currency: str, served: Served | None = None) -> str:
    """Below the minimum at checkout: how much is missing; the cart is kept."""
    where = f" para entrega {_in_area(served)}" if served is not None and served.zone else ""
    return (
        f"🛒 O pedido mínimo{where} é {money(check.minimum_cents, currency)} e seu carrinho "
        f"está em {money(check.subtotal_cents, currency)}: faltam "
        f"*{money(check.missing_cents, currency)}*. Que tal mais um item? Seu carrinho "
        "continua guardado."
    )


def minimum_answer(restaurant: Restaurant) -> str:
    """ "tem pedido mínimo?"."""
    currency = restaurant.currency
    zones = [z for z in restaurant.delivery_zones if z.min_order_cents is not None]
    tiers = [t for t in restaurant.delivery_radius if t.min_order_cents is not None]
    base = (f"🛒 O pedido mínimo é {money(restaurant.min_order_cents, currency)}."
            if restaurant.min_order_cents else "🛒 Não temos pedido mínimo.")
    special = [f"{z.bairro}: {money(z.min_order_cents or 0, currency)}" for z in zones]
    special += [f"{t.label}: {money(t.min_order_cents or 0, currency)}" for t in tiers]
    if special:
        base += f" Para entrega em alguns lugares é diferente: {'; '.join(special)}."
    return base


# --- Estimates --------------------------------------------------------------------


def estimate_answer(restaurant: Restaurant, served: Served | None = None) -> str:
    """ "quanto tempo demora?": for the customer's area when known, else every area's."""
    if served is not None:
        where = f" {_in_area(served)}" if _in_area(served) else ""
        text = f"⏱️ A entrega{where} leva {served.estimate}, depois da confirmação."
    else:
        text = f"⏱️ A entrega leva {restaurant.delivery_estimate}, depois da confirmação."
        different = [f"{z.bairro}: {z.estimate}" for z in restaurant.delivery_zones if z.estimate]
        different += [f"{t.label}: {t.estimate}" for t in restaurant.delivery_radius
                      if t.estimate]
        if different:
            text += f" Em alguns lugares: {'; '.join(different)}."
    if restaurant.pickup and restaurant.pickup_estimate:
        text += f" Para retirar, fica pronto em {restaurant.pickup_estimate}."
    return text


def pickup_estimate_answer(restaurant: Restaurant) -> str:
    """ "quanto tempo demora?" from a customer who picks up."""
    if restaurant.pickup_estimate:
        return (f"⏱️ Para retirar, fica pronto em {restaurant.pickup_estimate} depois da "
                "confirmação. Avisamos por aqui quando estiver pronto.")
    return "⏱️ Avisamos por aqui assim que estiver pronto para retirar."


# --- Pickup -----------------------------------------------------------------------


def pickup_answer(restaurant: Restaurant, *, at_checkout: bool = False) -> str:
    """ "posso retirar aí?"."""
    if not restaurant.pickup:
        return "😕 No momento não temos retirada no balcão, só entrega."
    ready = (f" Fica pronto em {restaurant.pickup_estimate} depois da confirmação."
             if restaurant.pickup_estimate else "")
    how = (" Para retirar, responda *vou retirar*." if at_checkout
           else " Na hora de finalizar, é só dizer que vai *retirar*.")
    return (f"🏃 Pode retirar, sim! Sem taxa de entrega. O endereço é {restaurant.address}."
            f"{ready}{how}")


def pickup_noted(restaurant: Restaurant) -> str:
    """The customer chose to pick up ("vou buscar"): where, and that there is no fee."""
    return f"🏃 Anotado: você vai *retirar no balcão*, sem taxa ({restaurant.address})."


def delivery_noted() -> str:
    """The customer went back from pickup to delivery ("na verdade é pra entregar")."""
    return "🛵 Certo, vai ser *entrega*."


def pickup_summary_line(restaurant: Restaurant) -> str:
    """The summary's line instead of the address."""
    return f"🏃 Retirada no balcão: {restaurant.address}"


def pickup_confirmed(restaurant: Restaurant) -> str:
    """Added to the confirmation of a pickup order: where and when."""
    ready = (f"Fica pronto em {restaurant.pickup_estimate}; " if restaurant.pickup_estimate
             else "")
    return (f"🏃 *Retirada no balcão*: {restaurant.address}. {ready}avisamos por aqui quando "
            "estiver pronto.")


def kitchen_pickup_line() -> str:
    """The kitchen message's line instead of the delivery address."""
    return "🏃 *RETIRADA* no balcão (não é entrega)"


# --- Payment ----------------------------------------------------------------------


def payment_options(restaurant: Restaurant) -> str:
    """The accepted methods in a sentence: "Pix, cartão de crédito ou débito ou dinheiro"."""
    return _join([METHOD_NAMES[m] for m in restaurant.payment_methods], "ou")


def accepts_answer(restaurant: Restaurant, method: PaymentMethod | None) -> str:
    """ "aceita cartão?" (``method``) or "quais formas de pagamento?" (None)."""
    options = payment_options(restaurant)
    if method is None:
        return f"💳 Aceitamos {options}."
    if method in restaurant.payment_methods:
        return f"✅ Aceitamos {METHOD_NAMES[method]}, sim! {METHOD_DETAILS[method]}"
    return f"😕 Não aceitamos {METHOD_NAMES[method]}. Aceitamos {options}."


def split_payment_answer(restaurant: Restaurant) -> str:
    """ "metade no pix metade no dinheiro": the order takes one method; a person can agree on
    more."""
    return (f"😕 Por aqui o pedido fica com uma forma de pagamento só: "
            f"{payment_options(restaurant)}. Se precisar mesmo dividir, mande *atendente* que "
            "alguém da equipe combina com você.")


def payment_refused(restaurant: Restaurant, method: PaymentMethod) -> str:
    """At checkout, a method the restaurant does not take: ask again."""
    return (f"😕 Não aceitamos {METHOD_NAMES[method]}. Como prefere pagar: "
            f"{payment_options(restaurant)}?")


def pix_key_answer(restaurant: Restaurant) -> str:
    """ "qual a chave pix?"."""
    if PaymentMethod.PIX not in restaurant.payment_methods:
        return f"😕 Não aceitamos Pix. Aceitamos {payment_options(restaurant)}."
    key = restaurant.pix
    if key is None:
        return "💠 Aceitamos Pix! A chave vai junto com a confirmação do pedido."
    return (f"💠 Nossa chave Pix ({key.kind_name}) é *{restaurant.pix_key}*, em nome de "
            f"{restaurant.pix_name}. Depois da confirmação eu mando o código *copia e cola* "
            "com o valor certinho.")


def pix_copy_paste(total_cents: int, currency: str, *, qr: bool = False) -> str:
    """How to pay with the BR Code, which goes alone in a message of its own, to copy.

    ``qr``: the QR image is sent too. Messages may arrive in any order, so this says
    neither "next" nor "above".
    """
    image = " (ou leia a imagem do QR Code)" if qr else ""
    return (f"💠 *Pagamento por Pix* ({money(total_cents, currency)}): mandei o código "
            f"*copia e cola* numa mensagem só dele. Copie e cole no app do seu banco, em "
            f"*Pix › Pix Copia e Cola*{image}. Depois mande o comprovante por aqui, por favor.")


def pix_qr_caption(number: int, total_cents: int, currency: str) -> str:
    """The caption of the QR image."""
    return f"💠 QR Code do Pix do pedido #{number} ({money(total_cents, currency)})."


def pix_key_only(key: str | None, total_cents: int, currency: str) -> str:
    """Pix without a BR Code (no city configured): the key as text, or that it comes next."""
    if key is None:
        return "💠 Pagamento por Pix: enviamos a chave por aqui em instantes."
    return (f"💠 Pagamento por Pix: chave *{key}*, valor *{money(total_cents, currency)}*. "
            "Mande o comprovante por aqui, por favor.")


def pix_receipt_received(number: int) -> str:
    """A customer's image after a Pix order, taken as the receipt."""
    return f"🧾 Recebi seu comprovante do pedido #{number}, obrigado! A cozinha vai conferir."


def kitchen_pix_pending(key_sent: bool = True) -> str:
    """The kitchen message's line for Pix (``key_sent``: the customer got the key or code)."""
    if not key_sent:
        return ("💠 Pix: a chave *não está configurada* — mande a chave Pix ao cliente; "
                "*aguardando comprovante Pix*")
    return "💠 Pix: *aguardando comprovante Pix*"


def kitchen_pix_receipt(number: int, who: str, images: int) -> str:
    """Tell the kitchen a receipt arrived (``images``: how many are passed on after this)."""
    shown = (" A imagem vem em seguida." if images == 1 else
             f" As {images} imagens vêm em seguida." if images > 1 else "")
    return (f"🧾 Comprovante Pix do pedido #{number} chegou de {who}.{shown} "
            "Confira no app do banco antes de liberar.")


def kitchen_receipt_caption(number: int) -> str:
    """The caption of a receipt image passed on to the kitchen."""
    return f"🧾 Comprovante do pedido #{number}"
