"""The panel's door: password hashes, the login throttle."""

from __future__ import annotations

from datetime import timedelta

import pytest

from service.application.panel_access import LoginThrottle, PasswordHash, PasswordHashError

FAST = 2**14  # the smallest cost accepted; tests need no more


def test_a_password_hash_verifies_only_its_password_and_round_trips():
    hashed = PasswordHash.create("senha-muito-boa", n=FAST)
    assert hashed.verify("senha-muito-boa")
    assert not hashed.verify("senha-muito-bo") and not hashed.verify("")
    assert PasswordHash.parse(hashed.encode()).verify("senha-muito-boa")
    assert "senha" not in repr(hashed) and hashed.encode() not in repr(hashed)
    assert PasswordHash.create("senha-muito-boa", n=FAST).encode() != hashed.encode()  # salted


@pytest.mark.parametrize("text", [
    "", "senha-em-texto", "bcrypt$2b$12$abc", "scrypt$16384$8$1$c2FsdA==",
    "scrypt$1024$8$1$c2FsdHNhbHQ=$" + "A" * 44,  # too cheap
    "scrypt$16384$8$1$!!!$" + "A" * 44,
])
def test_a_hash_that_is_not_ours_is_refused_saying_how_to_make_one(text):
    with pytest.raises(PasswordHashError, match="hash-password"):
        PasswordHash.parse(text)


def test_failed_logins_are_throttled_per_address_and_in_total():
    clock = [1000.0]
    throttle = LoginThrottle(per_address=3, in_total=5, window=timedelta(minutes=10),
                             monotonic=lambda: clock[0])
    for _ in range(3):
        assert throttle.retry_after("1.1.1.1") is None
        throttle.failed("1.1.1.1")
    assert throttle.retry_after("1.1.1.1") == 600
    assert throttle.retry_after("2.2.2.2") is None
    throttle.failed("2.2.2.2")
    throttle.failed("3.3.3.3")
    assert throttle.retry_after("4.4.4.4") is not None  # five failures in total
    clock[0] += 601
    assert throttle.retry_after("1.1.1.1") is None and throttle.retry_after("4.4.4.4") is None
    throttle.failed("5.5.5.5")
    throttle.succeeded("5.5.5.5")
    assert throttle.retry_after("5.5.5.5") is None


def test_hash_password_prints_a_hash_the_panel_accepts(capsys):
    import io

    from service.entrypoints.cli import hash_password

    assert hash_password(io.StringIO("uma-senha-bem-longa\n")) == 0
    printed = capsys.readouterr().out.strip()
    assert PasswordHash.parse(printed).verify("uma-senha-bem-longa")
    assert "uma-senha" not in printed
    assert hash_password(io.StringIO("curta\n")) == 2
    assert "pelo menos 10" in capsys.readouterr().err
