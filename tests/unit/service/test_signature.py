"""The webhook's signature check says what ``twilio.request_validator`` says, on every shape."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from starlette.datastructures import FormData
from twilio.request_validator import RequestValidator

from service.entrypoints import signature as signature_module
from service.entrypoints.signature import SignatureChecker, checker_for, url_variants
from tests.builders import twilio_form

TOKEN = "f00dcafe" * 4


class LibraryMultiDict(dict[str, list[str]]):
    """A form with repeated keys as the library reads one (``getall``, like Flask's)."""

    def getall(self, key: str) -> list[str]:
        return self[key]


URLS = [
    "https://pedidos.exemplo.com.br/webhook",
    "https://pedidos.exemplo.com.br:443/webhook",
    "https://pedidos.exemplo.com.br:8443/webhook",
    "http://pedidos.exemplo.com.br/webhook",
    "http://pedidos.exemplo.com.br:80/webhook",
    "http://127.0.0.1:8000/webhook",
    "https://pedidos.exemplo.com.br/webhook?loja=1&canal=whatsapp",
    "https://pedidos.exemplo.com.br:443/webhook?loja=S%C3%A3o+Paulo",
    "https://pedidos.exemplo.com.br/",
    "https://pedidos.exemplo.com.br/cozinha/webhook/",
    "HTTPS://Pedidos.Exemplo.com.br/webhook",
]

FORMS: list[dict[str, str]] = [
    twilio_form("quero 2 feijoadas", "SM" + "1" * 32),
    twilio_form("açaí com paçoca, pão de queijo e café ☕🍲", "SM" + "2" * 32, name="Zé Açúcar"),
    twilio_form("", "SM" + "3" * 32, name=""),  # empty values
    {},  # no fields at all
    {"Body": "a&b=c+d%20e", "From": "whatsapp:+5511987654321", "b": "1", "B": "2", "_": "3"},
    {"Body": "linha 1\nlinha 2\r\n\ttab", "Latitude": "-23.5", "Longitude": "-46.6"},
    {"Ümlaut": "ñ", "中文": "菜单", "emoji🍕": "🍕"},  # non-ASCII names sort by code point
]

REPEATED: list[list[tuple[str, str]]] = [
    [("MediaUrl0", "https://a/1"), ("MediaUrl0", "https://a/0"), ("Body", "oi")],
    [("Body", "sim"), ("Body", "sim"), ("From", "whatsapp:+5511987654321")],  # same value twice
    [("Body", ""), ("Body", "b"), ("Body", "a"), ("To", "whatsapp:+14155238886")],
]


def cases() -> Iterator[tuple[str, dict[str, str]]]:
    for url in URLS:
        for form in FORMS:
            yield url, form


@pytest.mark.parametrize(("url", "form"), list(cases()))
def test_the_signature_computed_is_the_librarys(url, form):
    assert SignatureChecker(TOKEN).compute(url, form) == RequestValidator(
        TOKEN).compute_signature(url, form)


@pytest.mark.parametrize(("url", "form"), list(cases()))
def test_every_signature_the_library_accepts_or_refuses_is_accepted_or_refused(url, form):
    library = RequestValidator(TOKEN)
    checker = SignatureChecker(TOKEN)
    without_port, with_port = url_variants(url)
    tampered = {**form, "Body": form.get("Body", "") + "!"}
    candidates = [
        library.compute_signature(url, form),
        library.compute_signature(without_port, form),
        library.compute_signature(with_port, form),
        library.compute_signature(url, tampered),
        RequestValidator("outro" + TOKEN).compute_signature(url, form),
        library.compute_signature(url, form)[:-2] + "==",
        "",
    ]
    for signed in candidates:
        assert checker.valid(url, form, signed) == library.validate(url, form, signed), signed
    # What Twilio signs, with or without the port, passes (as the library normalises it).
    assert checker.valid(url, form, library.compute_signature(without_port, form))
    assert checker.valid(url, form, library.compute_signature(with_port, form))


@pytest.mark.parametrize("pairs", REPEATED)
@pytest.mark.parametrize("url", URLS[:3])
def test_repeated_keys_are_signed_as_the_library_signs_a_multi_valued_form(url, pairs):
    library = RequestValidator(TOKEN)
    multi = LibraryMultiDict()
    for name, value in pairs:
        multi.setdefault(name, []).append(value)
    form = FormData(pairs)  # what the webhook reads
    assert SignatureChecker(TOKEN).compute(url, form) == library.compute_signature(url, multi)
    signed = library.compute_signature(url, multi)
    assert SignatureChecker(TOKEN).valid(url, form, signed) == library.validate(url, multi, signed)
    assert SignatureChecker(TOKEN).valid(url, form, signed)
    # Signing only the last value of each key (a plain dict) does not pass.
    last_only = library.compute_signature(url, dict(pairs))
    if last_only != signed:
        assert not SignatureChecker(TOKEN).valid(url, form, last_only)


@pytest.mark.parametrize("header", ["", "não-ascii-ç", "x" * 500, "  ", "=="])
def test_malformed_signature_headers_are_refused_without_an_error(header):
    assert not SignatureChecker(TOKEN).valid(URLS[0], FORMS[0], header)


def test_a_url_with_a_port_that_is_no_number_is_refused_not_an_error():
    form = FORMS[0]
    url = "https://pedidos.exemplo.com.br:porta/webhook"
    assert url_variants(url) == (url, url)
    assert not SignatureChecker(TOKEN).valid(url, form, "bm90IGEgc2lnbmF0dXJl")


def test_the_usual_url_is_checked_with_one_hmac_and_the_port_variant_only_on_failure(
    monkeypatch: pytest.MonkeyPatch,
):
    checker = SignatureChecker(TOKEN)
    signed: list[str] = []
    original = SignatureChecker._sign

    def counting(self: SignatureChecker, url: str, fields: str) -> str:
        signed.append(url)
        return original(self, url, fields)

    monkeypatch.setattr(SignatureChecker, "_sign", counting)
    url = URLS[0]
    form = FORMS[0]
    library = RequestValidator(TOKEN)
    assert checker.valid(url, form, library.compute_signature(url, form))
    assert signed == [url]
    signed.clear()
    assert checker.valid(url, form, library.compute_signature(url_variants(url)[1], form))
    assert signed == [url, "https://pedidos.exemplo.com.br:443/webhook"]


def test_signatures_are_compared_in_constant_time(monkeypatch: pytest.MonkeyPatch):
    compared: list[tuple[bytes, bytes]] = []
    real = signature_module.hmac.compare_digest

    def spy(a: bytes, b: bytes) -> bool:
        compared.append((a, b))
        return real(a, b)

    monkeypatch.setattr(signature_module.hmac, "compare_digest", spy)
    assert not SignatureChecker(TOKEN).valid(URLS[0], FORMS[0], "errada")
    assert len(compared) == 2 and all(b == b"errada" for _, b in compared)


def test_one_checker_per_token():
    assert checker_for(TOKEN) is checker_for(TOKEN)
    assert checker_for(TOKEN) is not checker_for("outro" + TOKEN)
