"""Every sentence the customer or the kitchen reads, in one place so a restaurant can reword it.

WhatsApp formatting: *negrito*, _itálico_. Money is formatted by Babel for pt_BR.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from decimal import Decimal
from functools import lru_cache

from babel.numbers import format_currency

from nlu import MenuItem, PaymentMethod
from service.domain.cart import PricedLine
from service.domain.conversation import Address
from service.domain.menu import Menu
from service.domain.messages import MAX_REPLY_MESSAGES, pack
from service.domain.names import first_name

PAYMENT_NAMES = {
    PaymentMethod.PIX: "Pix",
    PaymentMethod.CARD: "Cartão (na entrega)",
    PaymentMethod.CASH: "Dinheiro",
    PaymentMethod.VOUCHER: "Vale-refeição (na entrega)",
}
# The card machine is at the counter for an order picked up there.
PICKUP_PAYMENT_NAMES = {
    **PAYMENT_NAMES,
    PaymentMethod.CARD: "Cartão (na retirada)",
    PaymentMethod.VOUCHER: "Vale-refeição (na retirada)",
}


def payment_name(method: PaymentMethod, pickup: bool = False) -> str:
    """How a method is listed: "Cartão (na entrega)", "Cartão (na retirada)"."""
    return (PICKUP_PAYMENT_NAMES if pickup else PAYMENT_NAMES)[method]


# Babel takes about a quarter of a millisecond per call and menu prices repeat.
@lru_cache(maxsize=4096)
def money(cents: int, currency: str = "BRL") -> str:
    """Cents as Brazilian money: 3490 → "R$ 34,90"."""
    return str(format_currency(Decimal(cents) / 100, currency, locale="pt_BR"))


def _line(line: PricedLine, currency: str) -> str:
    note = f" _({line.note})_" if line.note else ""
    return f"{line.quantity}x {line.item.name}{note} — {money(line.total_cents, currency)}"


# The salutations answered in kind, as the customer wrote them (the parser's ``salutation``).
SALUTATIONS = {"bom dia": "Bom dia", "boa tarde": "Boa tarde", "boa noite": "Boa noite"}


def _hello(name: str, salutation: str | None, default: str) -> str:
    opening = SALUTATIONS.get((salutation or "").lower(), default)
    first = first_name(name)
    return f"{opening}, {first}!" if first else f"{opening}!"


def order_example(menu: Menu) -> str:
    """An order written as a customer would, from this menu ("quero 1 pizza calabresa …")."""
    items = menu.available_items
    if not items:
        return ""
    first = items[0]
    other = next((i for i in reversed(items) if i.category != first.category), None)
    example = f"quero 1 {first.name.lower()}"
    return f"{example} e 1 {other.name.lower()}" if other else example


def greeting(name: str, restaurant: str, salutation: str | None = None,
             example: str = "") -> str:
    """First message of a new customer."""
    hello = _hello(name, salutation, "Olá")
    sample = f", por exemplo: _{example}_" if example else ""
    return (
        f"{hello} 👋 Aqui é da *{restaurant}*.\n"
        "Para ver o que temos hoje, mande *cardápio*. Se já sabe o que quer, é só "
        f"escrever{sample}."
    )


def greeting_again(name: str, salutation: str | None = None) -> str:
    """A returning customer says hello."""
    hello = _hello(name, salutation, "Oi")
    return f"{hello} Em que posso ajudar? Mande *cardápio* ou escreva seu pedido."


def menu_messages(menu: Menu, max_messages: int = MAX_REPLY_MESSAGES) -> list[str]:
    """The menu by category, numbered, split into WhatsApp-sized messages.

    Descriptions are left out when the whole menu would not fit in ``max_messages``.
    """
    for with_descriptions in (True, False):
        blocks = _menu_blocks(menu, with_descriptions)
        messages = pack(blocks, max_messages + 1)
        if len(messages) <= max_messages:
            return messages
    return pack(blocks, max_messages)


def _menu_blocks(menu: Menu, with_descriptions: bool) -> list[str]:
    currency = menu.restaurant.currency
    blocks = [f"📋 *Cardápio — {menu.restaurant.name}*"]
    numbered = menu.numbered()
    for category in menu.categories():
        lines = [f"*{category[:1].upper()}{category[1:]}*"]
        for number, item in numbered:
            if item.category == category:
                lines.append(f"{number}. {item.name} — {money(item.price_cents, currency)}")
                if item.description and with_descriptions:
                    lines.append(f"    _{item.description}_")
        blocks.append("\n".join(lines))
    blocks.append(
        "Peça pelo nome ou pelo número, por exemplo: _quero o 1 e o 3_ ou _2x 5_. "
        "Quando terminar, mande *finalizar*."
    )
    return blocks


def added(lines: Sequence[PricedLine], subtotal_cents: int, currency: str) -> str:
    """What was just added, and the cart subtotal."""
    body = "\n".join(f"✅ {_line(line, currency)}" for line in lines)
    return f"{body}\nSubtotal do carrinho: *{money(subtotal_cents, currency)}*"


def cart(lines: Sequence[PricedLine], subtotal_cents: int, currency: str,
         fee_cents: int | None = None, fee_line: str | None = "") -> str:
    """The whole cart; with the fee (``fee_line``, "Taxa de entrega (Centro): R$ 5,00") and
    the total when the fee is known; ``fee_line`` None: no fee at all (pickup)."""
    if not lines:
        return cart_empty()
    body = "\n".join(_line(line, currency) for line in lines)
    if fee_cents is None or fee_line is None:
        return f"🛒 *Seu carrinho*\n{body}\nSubtotal: *{money(subtotal_cents, currency)}*"
    fee = fee_line or (
        f"Taxa de entrega: {'grátis' if fee_cents == 0 else money(fee_cents, currency)}")
    return (
        f"🛒 *Seu carrinho*\n{body}\nSubtotal: {money(subtotal_cents, currency)}\n"
        f"{fee}\n*Total: {money(subtotal_cents + fee_cents, currency)}*"
    )


def cart_empty() -> str:
    """Nothing in the cart."""
    return "Seu carrinho está vazio. Mande *cardápio* para ver as opções ou escreva seu pedido."


def cart_expired() -> str:
    """A cart left for many hours was emptied."""
    return (
        "🕑 Seu carrinho anterior ficou parado muito tempo e foi esvaziado. "
        "Vamos começar de novo?"
    )


def anything_else() -> str:
    """Nudge after a cart change."""
    return "Mais alguma coisa? Quando terminar, mande *finalizar*."


def what_to_order() -> str:
    """Something for checkout was kept before anything was ordered."""
    return "Anotado! 😉 E o que vai querer? Mande *cardápio* para ver as opções."


def what_else() -> str:
    """The customer said yes to "mais alguma coisa?"."""
    return "Claro! O que mais vai querer?"


def removed(item: MenuItem, quantity: int) -> str:
    """Lines taken out of the cart."""
    return f"❌ Tirei {quantity}x {item.name}."


def not_in_cart(item: MenuItem) -> str:
    """Asked to remove something that is not there."""
    return f"Não tem {item.name} no seu carrinho."


def mention_not_in_cart(text: str) -> str:
    """Asked to remove something ("a coca") that nothing in the cart matches."""
    return f"Não tem _{text}_ no seu carrinho." if text else "Isso não está no seu carrinho."


def which_to_remove(names: Sequence[str]) -> str:
    """A removal that fits several cart lines (``names`` is never empty)."""
    listed = names[0] if len(names) == 1 else f"{', '.join(names[:-1])} ou {names[-1]}"
    return f"O que eu tiro: {listed}? Escreva o nome, por favor."


def quantity_set(item: MenuItem, quantity: int) -> str:
    """A restated quantity ("na verdade são 3 cocas")."""
    return f"✏️ Certo, agora são {quantity}x {item.name}."


def replaced(old: MenuItem, old_quantity: int, new: MenuItem, quantity: int) -> str:
    """A correction replaced a line by its variant ("na verdade faz grande")."""
    return f"✏️ Troquei {old_quantity}x {old.name} por {quantity}x {new.name}."


def unknown_item(text: str, suggestions: Sequence[MenuItem], currency: str) -> str:
    """A mention that matches nothing on the menu."""
    head = f"Não encontrei _{text}_ no cardápio." if text else "Não encontrei esse item."
    if not suggestions:
        return f"{head} Mande *cardápio* para ver o que temos."
    options = ", ".join(f"{s.name} ({money(s.price_cents, currency)})" for s in suggestions)
    return f"{head} Talvez você queira: {options}?"


def item_unavailable(name: str) -> str:
    """An item on the menu file that is not available now."""
    return f"😕 {name} não está disponível hoje. Mande *cardápio* para ver o que temos."


def invalid_quantity(quantity: int, item: MenuItem | None, maximum: int) -> str:
    """A quantity we will not take (0, negative, too many)."""
    what = f" de {item.name}" if item else ""
    return (
        f"Não consigo anotar {quantity}{what}. Posso anotar de 1 a {maximum} por item; "
        "para pedidos maiores, mande *atendente*."
    )


def number_not_on_menu(number: int, count: int) -> str:
    """A menu number that does not exist."""
    return f"Não temos o número {number} no cardápio (vai de 1 a {count})."


def which_one(text: str, candidates: Sequence[MenuItem], quantity: int, currency: str) -> str:
    """Ask which item an ambiguous mention meant."""
    what = f"_{text}_" if text else "esse item"
    amount = f" ({quantity}x)" if quantity > 1 else ""
    options = "\n".join(
        f"{index}. {item.name} — {money(item.price_cents, currency)}"
        for index, item in enumerate(candidates, start=1)
    )
    return f"Qual {what}{amount} você quer?\n{options}\nResponda com o número ou o nome."


def choice_not_understood() -> str:
    """The answer to "which one?" matched no option."""
    return "Não entendi qual. Responda com o número da opção, ou *não* para deixar esse de fora."


def choice_dropped(text: str = "") -> str:
    """The customer gave up on an ambiguous item (or moved on without choosing)."""
    what = f"_{text}_" if text else "esse item"
    return f"Tudo bem, deixei {what} de fora. Se quiser, é só pedir de novo."


def which_rest(text: str, quantity: int) -> str:
    """Part of a multi-quantity choice was answered ("3 sucos" → "2 de laranja")."""
    what = f"_{text}_" if text else "itens"
    return f"Anotado! E {'o outro' if quantity == 1 else f'os outros {quantity}'} ({what})?"


def ask_address(known: Address | None) -> str:
    """Ask where to deliver."""
    if known:
        return (
            f"📍 Entrego no mesmo endereço?\n_{known.text}_\n"
            "Responda *sim* ou mande o endereço novo (rua, número, bairro e complemento) "
            "ou sua localização."
        )
    return (
        "📍 Qual o endereço de entrega? Mande rua, número, bairro e complemento (ou o CEP "
        "e o número), ou compartilhe sua localização pelo WhatsApp."
    )


def address_not_understood() -> str:
    """A message at the address step that is no address (said before the question again)."""
    return "Não consegui ler um endereço aí. 🤔"


def bairro_not_understood() -> str:
    """A message at the bairro step that names no place (said before the question again)."""
    return "Não entendi o bairro. 🤔"


def payment_not_understood() -> str:
    """A message at the payment step that names no way to pay."""
    return "Não entendi a forma de pagamento."


def change_not_understood() -> str:
    """A message at the change step with no amount."""
    return "Não entendi o valor."


def location_label(latitude: float, longitude: float) -> str:
    """Text for a shared location without a written address."""
    return f"Localização compartilhada ({latitude:.5f}, {longitude:.5f})"


def location_saved(address: Address) -> str:
    """A location or an address taken (before or during checkout)."""
    return f"📍 Anotei o endereço de entrega: _{address.text}_"


def address_updated(address: Address) -> str:
    """A follow-up completed or corrected the address."""
    return f"📍 Endereço atualizado: _{address.text}_"


def ask_house_number(address: Address) -> str:
    """A street without its number."""
    return f"📍 Anotei _{address.text}_. Qual o número (e o complemento, se tiver)?"


def ask_location_detail() -> str:
    """A shared location: the courier still needs the number or the complement."""
    return (
        "📍 Recebi sua localização! Qual o número e o complemento (apto, bloco, casa)? "
        "Se não tiver, responda *não tem*."
    )


def complement_needs_street() -> str:
    """A complement ("apto 32") before any street."""
    return "Anotei o complemento. Qual a rua e o número?"


def ask_payment(total_cents: int, currency: str, methods: Sequence[PaymentMethod], *,
                pickup: bool = False) -> str:
    """Ask how the customer pays, listing only the methods the restaurant takes."""
    options = "\n".join(f"{index}. {payment_name(method, pickup)}" for index, method in
                        enumerate(methods, 1))
    return f"💳 Como vai pagar o total de *{money(total_cents, currency)}*?\n{options}"


def payment_noted(method: PaymentMethod, change_for_cents: int | None = None,
                  currency: str = "BRL") -> str:
    """A payment method given (or changed) along with something else; with the cash
    handed over when it came too ("tem troco pra 50?")."""
    if method is PaymentMethod.CASH and change_for_cents:
        return (f"💳 Pagamento: {PAYMENT_NAMES[method]}, troco para "
                f"{money(change_for_cents, currency)}.")
    return f"💳 Pagamento: {PAYMENT_NAMES[method]}."


def ask_change(total_cents: int, currency: str) -> str:
    """Cash: ask for how much change is needed."""
    return (
        f"💵 O total é {money(total_cents, currency)}. Troco para quanto? "
        "Se não precisar, responda *não preciso*."
    )


def change_too_low(amount_cents: int, total_cents: int, currency: str) -> str:
    """The cash amount does not cover the total (the question for the change follows)."""
    return f"{money(amount_cents, currency)} não cobre o total de {money(total_cents, currency)}."


def payment_text(method: PaymentMethod, change_for_cents: int | None, total: int, cur: str,
                 *, pickup: bool = False) -> str:
    """The payment line of a summary."""
    text = payment_name(method, pickup)
    if method is PaymentMethod.CASH:
        if change_for_cents and change_for_cents > total:
            text += (
                f", troco para {money(change_for_cents, cur)} "
                f"({money(change_for_cents - total, cur)} de troco)"
            )
        else:
            text += ", sem troco"
    return text


def order_lines(
    lines: Sequence[PricedLine], subtotal: int, fee: int, currency: str,
    fee_line: str | None = "",
) -> str:
    """Items, subtotal, the fee line ("Taxa de entrega (Centro): R$ 5,00") and total;
    ``fee_line`` None: there is no fee (pickup), so the items and the total."""
    body = "\n".join(_line(line, currency) for line in lines)
    if fee_line is None:
        return f"{body}\n\n*Total: {money(subtotal + fee, currency)}*"
    fee_text = fee_line or f"Taxa de entrega: {money(fee, currency)}"
    return (
        f"{body}\n\nSubtotal: {money(subtotal, currency)}\n"
        f"{fee_text}\n*Total: {money(subtotal + fee, currency)}*"
    )


def summary(order_text: str, where: str, payment: str) -> str:
    """The order summary that asks for confirmation (``where``: "📍 address" or pickup)."""
    return (
        f"📝 *Resumo do pedido*\n{order_text}\n\n{where}\n💳 {payment}\n\n"
        "Confirma o pedido? (*sim*/*não*)"
    )


def follow_up_notice(number: int) -> str:
    """Above the summary of an order placed soon after another one."""
    return (
        f"ℹ️ O pedido *#{number}* já foi para a cozinha: este vai como um *pedido novo*. "
        "Confira os dados abaixo."
    )


def answer_yes_or_no() -> str:
    """The summary was answered with something else."""
    return (
        "Responda *sim* para confirmar, ou diga o que mudar "
        "(ex.: _muda pra cartão_, _põe mais um_, _o número é 12_)."
    )


def answer_sim_or_nao() -> str:
    """A yes-or-no question was answered with something else."""
    return "Responda *sim* ou *não*, por favor."


def order_confirmed(number: int, name: str, estimate: str, *, pickup: str = "",
                    payment: str = "") -> str:
    """The order is stored: when it arrives (``pickup``: where to pick it up, said instead)
    and, paying by Pix, how (``payment``)."""
    thanks = f"Obrigado, {first_name(name)}!" if first_name(name) else "Obrigado!"
    head = f"✅ *Pedido #{number} confirmado!* {thanks}\nJá mandamos para a cozinha."
    if pickup:
        confirmed = f"{head}\n{pickup}"
    else:
        when = f" Tempo estimado: {estimate}." if estimate else ""
        confirmed = f"{head}{when} Avisamos quando sair para entrega."
    return f"{confirmed}\n\n{payment}" if payment else confirmed


def back_to_cart() -> str:
    """The customer did not confirm the summary."""
    return (
        "Sem problema! O que quer mudar? Você pode pedir mais itens, tirar algum, "
        "trocar o endereço ou o pagamento, ou mandar *finalizar* de novo."
    )


def ask_cancel() -> str:
    """Confirm before clearing the cart."""
    return "Quer mesmo cancelar e esvaziar o carrinho? (*sim*/*não*)"


def cancelled() -> str:
    """The cart was cleared."""
    return "Pedido cancelado e carrinho esvaziado. Quando quiser, é só chamar! 😉"


def cancel_kept() -> str:
    """The customer chose not to cancel."""
    return "Ok, nada foi cancelado. Vamos continuar:"


def nothing_to_cancel() -> str:
    """Cancel with an empty cart."""
    return "Não há nada para cancelar: seu carrinho está vazio."


def ask_cancel_order(number: int) -> str:
    """Confirm before cancelling an order the kitchen already has."""
    return f"Quer cancelar o pedido *#{number}*? (*sim*/*não*)"


def order_cancelled(number: int) -> str:
    """The customer cancelled their order while it was still new."""
    return f"✅ Pronto, o pedido *#{number}* foi cancelado e a cozinha já foi avisada."


def order_kept(number: int) -> str:
    """The customer chose not to cancel their order."""
    return f"Ok, o pedido *#{number}* continua de pé. 😉"


def cancel_too_late(number: int, status_label: str) -> str:
    """The order is past "novo": a person decides."""
    return (
        f"Seu pedido *#{number}* já está *{status_label}*, então não consigo cancelar "
        "sozinho. Já chamei alguém da equipe para falar com você por aqui."
    )


def ask_erasure() -> str:
    """Confirm before erasing the customer's data (LGPD)."""
    return (
        "Posso apagar os seus dados (nome, endereço e esta conversa)? "
        "Depois disso não consigo repetir pedidos antigos. (*sim*/*não*)"
    )


def erasure_kept() -> str:
    """The customer chose not to erase their data."""
    return "Ok, não apaguei nada. Em que posso ajudar?"


def offer_repeat(lines: Sequence[PricedLine], total_cents: int, currency: str,
                 address: Address | None, payment: PaymentMethod | None, *,
                 pickup: bool = False) -> str:
    """ "O de sempre": the last order, at today's prices, to repeat."""
    body = "\n".join(_line(line, currency) for line in lines)
    where = "\n🏃 Retirada no balcão" if pickup else f"\n📍 {address.text}" if address else ""
    how = f"\n💳 {payment_name(payment, pickup)}" if payment else ""
    return (
        f"🔁 Seu último pedido:\n{body}\n*Total: {money(total_cents, currency)}*{where}{how}\n\n"
        "Quer repetir? (*sim*/*não*)"
    )


def no_last_order() -> str:
    """ "O de sempre" from a customer without an order we know."""
    return "Ainda não tenho um pedido seu anterior aqui. 🙂 O que vai querer hoje?"


def last_order_gone() -> str:
    """Nothing of the last order is on today's menu."""
    return "😕 Os itens do seu último pedido não estão disponíveis hoje. O que vai querer?"


def repeat_declined() -> str:
    """The customer does not want the last order again."""
    return "Sem problema! O que vai querer hoje?"


def help_text(example: str = "") -> str:
    """How to use the assistant (``example``: an order from this menu)."""
    sample = f": _{example}_" if example else ""
    return (
        "ℹ️ *Como pedir*\n"
        "• *cardápio*: ver os pratos e preços\n"
        f"• escreva o pedido{sample}, ou pelo número: _2x 5_\n"
        "• *carrinho*: ver o que já pediu\n"
        "• _tira um_ ou _na verdade são 3_: mudar o pedido\n"
        "• *finalizar*: informar endereço e pagamento\n"
        "• *cancelar*: esvaziar o carrinho\n"
        "• *atendente*: falar com uma pessoa"
    )


def media_not_supported(content_types: Sequence[str]) -> str:
    """Audio, images and other media we cannot read."""
    kinds = " ".join(content_types)
    if "audio" in kinds:
        return "🙉 Ainda não consigo ouvir áudios. Pode escrever, por favor?"
    if "image" in kinds or "video" in kinds:
        return "🙈 Ainda não consigo ver imagens ou vídeos. Pode escrever, por favor?"
    return "Ainda não consigo abrir arquivos. Pode escrever, por favor?"


def empty_message() -> str:
    """A message with no text."""
    return "Não recebi nenhum texto. Mande *cardápio* ou escreva seu pedido. 🙂"


def truncated() -> str:
    """The message was longer than we read."""
    return "Sua mensagem era muito longa; li só o começo."



def not_understood() -> str:
    """Nothing in the message made sense for this step."""
    return (
        "Desculpe, não entendi. 😅 Mande *cardápio* para ver as opções, escreva seu pedido "
        "ou mande *ajuda*."
    )


def take_your_time() -> str:
    """The customer asked for a moment ("espera", "peraí")."""
    return "Claro, sem pressa! 😊 Fico no aguardo."


def address_for_placed_order(number: int, address: str) -> str:
    """A new address right after an order: the team changes it on the order."""
    return (
        f"📍 Seu pedido *#{number}* já está com a cozinha. Avisei a equipe que o endereço "
        f"certo é _{address}_; alguém confirma por aqui em instantes."
    )


def glad() -> str:
    """An "ok" or "tudo certinho" with nothing open, after an order."""
    return "😊 Que bom! Qualquer coisa, é só chamar por aqui."


def you_are_welcome() -> str:
    """The customer thanked us."""
    return "De nada! 😊 Qualquer coisa, é só chamar."


def about_items(items: Sequence[MenuItem], currency: str,
                counts: Mapping[str, int] | None = None) -> str:
    """A question about some items ("tem feijoada?"): what we have, with prices; for a count
    asked ("quanto fica 3 feijoadas?"), the price of that many."""
    have = [item for item in items if item.available]
    counts = counts or {}
    lines = [
        f"• {item.name} — {money(item.price_cents, currency)} cada; {counts[item.id]} saem por "
        f"*{money(item.price_cents * counts[item.id], currency)}*" if counts.get(item.id, 1) > 1
        else f"• {item.name} — {money(item.price_cents, currency)}"
        for item in have
    ]
    missing = [item.name for item in items if not item.available]
    parts = []
    if have:
        parts.append("Temos sim! 😋\n" + "\n".join(lines))
    if missing:
        parts.append(f"Hoje está em falta: {', '.join(missing)}. 😕")
    if not have:
        parts.append("Mande *cardápio* para ver o que temos hoje.")
    if have:
        parts.append(f"Para pedir, escreva a quantidade e o nome, ex.: _quero 1 {have[0].name}_.")
    return "\n\n".join(parts)


def item_info(items: Sequence[MenuItem], currency: str) -> str:
    """A question about a dish ("serve quantas pessoas?", "vem com o quê?"): what the menu
    says of it, and a person for anything it does not say."""
    blocks = []
    for item in items:
        block = f"• *{item.name}* — {money(item.price_cents, currency)}"
        if not item.available:
            block += " (hoje em falta)"
        if item.description:
            block += f"\n  {item.description}"
        blocks.append(block)
    return (
        "📋 No cardápio:\n" + "\n".join(blocks) + "\n\n"
        "Se quiser saber mais, mande *atendente* que alguém da equipe responde por aqui."
    )


def human_requested() -> str:
    """The customer asked for a person."""
    return "👩‍🍳 Já avisei a equipe; alguém vai responder por aqui em breve."


def human_after_misunderstanding() -> str:
    """Two replies in a row did not understand the customer: a person is called."""
    return (
        "Desculpe, não estou conseguindo entender. 😕 Já chamei alguém da equipe para "
        "falar com você por aqui."
    )


def items_left_menu(names: Sequence[str]) -> str:
    """Cart lines dropped because the item is no longer available."""
    return f"⚠️ Saiu do cardápio e tirei do carrinho: {', '.join(names)}."


def apology() -> str:
    """Something failed on our side."""
    return (
        "Desculpe, tive um problema para processar sua mensagem. 😕 "
        "Pode tentar de novo em instantes?"
    )


def still_working() -> str:
    """The answer is taking long on our side; it follows in another message."""
    return "⏳ Recebi sua mensagem, mas o sistema está lento agora. Já te respondo por aqui."


def no_menu() -> str:
    """No menu has been loaded yet."""
    return "Desculpe, nosso cardápio ainda não está disponível. Tente de novo mais tarde."
