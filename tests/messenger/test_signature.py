"""The webhook signature and the Graph API appsecret_proof, checked against pymessenger."""

from __future__ import annotations

import hashlib
import hmac

from hypothesis import given
from hypothesis import strategies as st
from pymessenger.bot import Bot

from messenger.signature import appsecret_proof, is_valid, sign


@given(st.text(min_size=1), st.binary())
def test_a_signature_made_with_the_secret_is_valid(secret: str, body: bytes) -> None:
    header = sign(secret, body)
    assert header == "sha256=" + hmac.new(secret.encode(), body, hashlib.sha256).hexdigest()
    assert is_valid(secret, body, header)
    assert not is_valid(secret, body + b" ", header)
    assert not is_valid(secret + "x", body, header)


def test_anything_else_is_invalid() -> None:
    body = b'{"object":"page"}'
    good = sign("s", body)
    for header in (None, "", good.upper(), good.replace("sha256", "sha1"), good[7:], "sha256=zz", good + "0"):
        assert not is_valid("s", body, header)
    assert not is_valid("", body, sign("", body))


def test_appsecret_proof_matches_pymessenger() -> None:
    bot = Bot("page-token", app_secret="app-secret")
    assert appsecret_proof("app-secret", "page-token") == bot.auth_args["appsecret_proof"]
