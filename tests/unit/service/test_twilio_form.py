"""Reading Twilio's webhook form and the URL it signed."""

from __future__ import annotations

import pytest
from starlette.requests import Request

from service.entrypoints.twilio_form import MAX_INBOUND_CHARS, inbound_from_form, signed_url
from tests.builders import twilio_form


def _request(path: str, query: str = "", host: str = "app:8000", scheme: str = "http") -> Request:
    return Request({
        "type": "http", "method": "POST", "path": path, "query_string": query.encode(),
        "headers": [(b"host", host.encode())], "scheme": scheme, "server": ("app", 8000),
    })


@pytest.mark.parametrize(
    ("base", "path", "query", "expected"),
    [
        ("https://pedidos.exemplo.com.br", "/webhook", "", "https://pedidos.exemplo.com.br/webhook"),
        ("https://pedidos.exemplo.com.br/", "/webhook", "loja=1",
         "https://pedidos.exemplo.com.br/webhook?loja=1"),
        (None, "/webhook", "", "http://app:8000/webhook"),
    ],
)
def test_the_signed_url_is_the_public_one_when_configured(base, path, query, expected):
    assert signed_url(_request(path, query), base) == expected


@pytest.mark.parametrize("path", ["/webhook", "/a%3Fb", "/a\\b", "//duplo", "/caf\u00e9"])
@pytest.mark.parametrize("query", ["", "loja=1", "a=1&b=%20", "x#y", "?z"])
def test_the_signed_url_has_the_path_and_query_starlette_reads(path, query):
    request = _request(path, query)
    expected = "https://pedidos.exemplo.com.br" + request.url.path + (
        "?" + request.url.query if request.url.query else "")
    assert signed_url(_request(path, query), "https://pedidos.exemplo.com.br/") == expected


def test_whatsapp_fields_become_an_inbound_message():
    form = twilio_form("quero 2 feijoadas", "SM1", name="Zé", NumMedia="2",
                       MediaContentType0="audio/ogg", MediaContentType1="image/png",
                       MediaUrl1="https://api.twilio.com/m/1",
                       Latitude="-23.5", Longitude="-46.6", Address="Rua A, 1", Label="Casa")
    inbound = inbound_from_form(form)
    assert (inbound.phone, inbound.text, inbound.message_id, inbound.profile_name) == (
        "whatsapp:+5511987654321", "quero 2 feijoadas", "SM1", "Zé")
    assert inbound.media_types == ("audio/ogg", "image/png")
    assert inbound.media_urls == ("", "https://api.twilio.com/m/1")  # paired by position
    assert inbound.location is not None and inbound.location.label == "Casa"
    assert not inbound.truncated


@pytest.mark.parametrize(
    ("extra", "media", "has_location"),
    [
        ({"NumMedia": "abc"}, (), False),
        ({"NumMedia": "99"}, ("application/octet-stream",) * 10, False),
        ({"Latitude": "norte", "Longitude": "-46.6"}, (), False),
        ({"Latitude": "-23.5"}, (), False),
        ({"Latitude": "nan", "Longitude": "inf"}, (), False),
    ],
)
def test_odd_fields_do_not_break_the_webhook(extra, media, has_location):
    inbound = inbound_from_form(twilio_form("oi", "SM2", **extra))
    assert inbound.media_types == media
    assert (inbound.location is not None) is has_location


def test_an_over_long_body_is_cut_and_marked():
    inbound = inbound_from_form(twilio_form("a" * (MAX_INBOUND_CHARS + 5), "SM3"))
    assert len(inbound.text) == MAX_INBOUND_CHARS and inbound.truncated


@pytest.mark.parametrize(
    ("latitude", "longitude"),
    [("nan", "-46.6"), ("-23.5", "NaN"), ("inf", "-inf"), ("-Infinity", "10"),
     ("90.0001", "0"), ("-91", "0"), ("0", "180.5"), ("0", "-181"), ("1e400", "0"),
     ("norte", "-46.6"), ("", "-46.6"), ("-23.5", "  ")],
)
def test_a_location_that_cannot_be_a_place_is_refused_clearly(latitude, longitude):
    inbound = inbound_from_form(twilio_form("", "SM4", Latitude=latitude, Longitude=longitude))
    assert inbound.location is None
    assert inbound.location_refused  # the customer is told, not silently ignored


@pytest.mark.parametrize(
    ("latitude", "longitude"),
    [("90", "180"), ("-90", "-180"), ("0", "0"), (" -23.561414 ", "-46.655881")],
)
def test_locations_at_the_edges_of_the_map_are_accepted(latitude, longitude):
    inbound = inbound_from_form(twilio_form("", "SM5", Latitude=latitude, Longitude=longitude))
    assert inbound.location is not None and not inbound.location_refused
    assert inbound.location.latitude == float(latitude)


def test_a_message_without_a_location_is_not_a_refused_one():
    assert not inbound_from_form(twilio_form("oi", "SM6")).location_refused
