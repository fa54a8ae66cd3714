"""Reading the webhook's form: what Starlette's parser reads, and refusals for oversize bodies."""

from __future__ import annotations

import asyncio
import random
from collections.abc import Coroutine
from concurrent.futures import ThreadPoolExecutor
from typing import Any
from urllib.parse import parse_qsl, urlencode

import pytest
from starlette.datastructures import FormData
from starlette.requests import Request

from service.entrypoints.twilio_form import (
    MAX_FORM_BYTES,
    FormRefused,
    parse_urlencoded,
    read_form,
)
from tests.builders import twilio_form

URLENCODED = "application/x-www-form-urlencoded"


def request(body: bytes, content_type: str = URLENCODED, *, chunks: int = 1,
            declared: bool = True) -> Request:
    """A request whose body arrives in ``chunks`` parts."""
    size = max(1, -(-len(body) // chunks))
    parts = [body[i:i + size] for i in range(0, len(body), size)] or [b""]
    messages = [{"type": "http.request", "body": part, "more_body": i < len(parts) - 1}
                for i, part in enumerate(parts)]

    async def receive() -> dict[str, object]:
        return messages.pop(0)

    headers = [(b"content-type", content_type.encode())]
    if declared:
        headers.append((b"content-length", str(len(body)).encode()))
    return Request({"type": "http", "method": "POST", "path": "/webhook",
                    "query_string": b"", "headers": headers}, receive)


def run(coroutine: Coroutine[Any, Any, FormData]) -> FormData:
    """Run on a loop of its own, in a thread: another test may hold this thread's loop."""
    with ThreadPoolExecutor(1) as pool:
        return pool.submit(asyncio.run, coroutine).result()


def read(body: bytes, **options: object) -> FormData:
    return run(read_form(request(body, **options)))  # type: ignore[arg-type]


def starlette(body: bytes) -> FormData:
    async def parse() -> FormData:
        return await request(body).form()

    return run(parse())


BODIES = [
    urlencode(twilio_form("quero 2 feijoadas sem farofa", "SM" + "1" * 32)).encode(),
    urlencode(twilio_form("açaí 🍇 & pão de queijo = 10%", "SM2", name="Zé")).encode(),
    b"Body=oi+tudo+bem%3F&From=whatsapp%3A%2B5511987654321",
    b"Body=&From=",  # empty values
    b"Body",  # a name without '='
    b"=sem-nome&Body=x",
    b"a=1&&b=2&",  # doubled and trailing separators
    b"MediaUrl0=https%3A%2F%2Fa%2F1&MediaUrl0=https%3A%2F%2Fa%2F0",  # a repeated key
    b"Body=%E9t%C3%A9",  # a stray byte that is no UTF-8
    "Body=caf\u00e9 cru".encode("latin-1"),  # raw non-ASCII, not percent-encoded
    b"Body=a;b=c",  # ';' is no separator
    b"",
]


@pytest.mark.parametrize("body", BODIES)
def test_a_urlencoded_body_reads_as_starlette_reads_it(body):
    assert list(read(body).multi_items()) == list(starlette(body).multi_items())


@pytest.mark.parametrize("text", [
    "a+b=c+d", "%zz=%41%", "a=%C3%A7%C3%A3o+x", "a=b=c", "&a=1&", "%FF=%E2%82", "+=+", "%2B=%26",
    "a=\u00e7", "=", "&&", "a=%", "%%=%%%",
])
def test_the_urlencoded_reader_gives_the_pairs_of_parse_qsl(text):
    assert parse_urlencoded(text) == parse_qsl(text, keep_blank_values=True)


def test_the_urlencoded_reader_agrees_with_parse_qsl_on_random_bodies():
    rnd = random.Random(11)
    for _ in range(5000):
        text = "".join(rnd.choice("ab=&+%2C3F;\u00e9 ") for _ in range(rnd.randint(0, 14)))
        assert parse_urlencoded(text) == parse_qsl(text, keep_blank_values=True), text


def test_a_body_in_several_chunks_reads_the_same():
    body = BODIES[1]
    assert list(read(body, chunks=7).multi_items()) == list(starlette(body).multi_items())


@pytest.mark.parametrize("declared", [True, False], ids=["content-length", "chunked"])
def test_a_body_past_the_limit_is_refused_with_413(declared):
    body = b"Body=" + b"x" * MAX_FORM_BYTES
    with pytest.raises(FormRefused) as refused:
        read(body, chunks=20, declared=declared)
    assert refused.value.status == 413


def test_a_body_at_the_limit_is_read():
    body = b"Body=" + b"x" * (MAX_FORM_BYTES - 5)
    assert read(body)["Body"] == "x" * (MAX_FORM_BYTES - 5)


def test_too_many_fields_is_a_400():
    body = "&".join(f"f{n}=1" for n in range(1001)).encode()
    with pytest.raises(FormRefused) as refused:
        read(body)
    assert refused.value.status == 400


def test_as_many_fields_as_starlette_accepts_are_read():
    body = "&".join(f"f{n}=1" for n in range(1000)).encode()
    assert len(read(body).multi_items()) == 1000


def test_other_content_types_go_to_starlettes_parser():
    boundary = "XyZ"
    body = (f"--{boundary}\r\nContent-Disposition: form-data; name=\"Body\"\r\n\r\n"
            f"oi\r\n--{boundary}--\r\n").encode()
    form = run(read_form(request(body, f"multipart/form-data; boundary={boundary}")))
    assert form["Body"] == "oi"
