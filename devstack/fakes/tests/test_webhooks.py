"""Signature helpers checked against independent computations and fixed vectors."""

from __future__ import annotations

import hashlib
import hmac

from devstack.fakes.webhooks import (
    appsecret_proof,
    encode_json,
    facebook_signature,
    facebook_signature_sha1,
    viber_signature,
    zalo_signature,
)

BODY = encode_json({"object": "page", "message": "Xin chào"})


def test_encode_json_is_compact_utf8() -> None:
    assert '{"object":"page","message":"Xin chào"}'.encode() == BODY


def test_facebook_signatures() -> None:
    assert (
        facebook_signature("secret", BODY)
        == "sha256=" + hmac.new(b"secret", BODY, hashlib.sha256).hexdigest()
    )
    assert (
        facebook_signature_sha1("secret", BODY)
        == "sha1=" + hmac.new(b"secret", BODY, hashlib.sha1).hexdigest()
    )
    # RFC 4231 test case 2 (key "Jefe"), to pin the algorithm independently of hmac's own use here.
    assert facebook_signature("Jefe", b"what do ya want for nothing?") == (
        "sha256=5bdcc146bf60754e6a042426089575c75a003f089d2739839dec58b964ec3843"
    )


def test_appsecret_proof() -> None:
    assert appsecret_proof("Jefe", "what do ya want for nothing?") == (
        "5bdcc146bf60754e6a042426089575c75a003f089d2739839dec58b964ec3843"
    )


def test_viber_signature_is_hmac_of_body_with_token() -> None:
    assert viber_signature("tok", BODY) == hmac.new(b"tok", BODY, hashlib.sha256).hexdigest()


def test_zalo_signature_is_plain_sha256_of_concatenation() -> None:
    expected = hashlib.sha256(b"123" + BODY + b"1767225600123" + b"oa-key").hexdigest()
    assert zalo_signature("123", BODY, "1767225600123", "oa-key") == "mac=" + expected
    assert zalo_signature("123", BODY, "1767225600124", "oa-key") != "mac=" + expected
