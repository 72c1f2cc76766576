"""No secret in any output, and only typed errors for hostile input (never a panic or a crash)."""

from __future__ import annotations

import base64
import pickle
from collections.abc import Callable, Iterator
from typing import Any

import pytest
from conftest import CANARY, HUAWEI, VALID

import callverify

URL = "https://example.com/voice/status"
GOOD_PUSH = b'{"eventType":"answer","statusInfo":{"sessionId":"s","timestamp":"2024-01-01 00:00:00"}}'

#: What the binding may raise for bad input: its own errors and Python's usual argument errors.
TYPED = (callverify.CallVerifyError, TypeError, ValueError, OverflowError)


def texts_of(value: Any, depth: int = 0) -> Iterator[str]:
    """repr/str of a value and of everything reachable from it (attributes, items, exceptions)."""
    yield repr(value)
    yield str(value)
    if depth > 3:
        return
    if isinstance(value, BaseException):
        yield from texts_of(value.args, depth + 1)
        yield from texts_of(getattr(value, "__dict__", {}), depth + 1)
        for name in ("code", "field", "message", "errors", "entry", "retry", "description"):
            if hasattr(value, name):
                yield from texts_of(getattr(value, name), depth + 1)
        return
    if isinstance(value, dict):
        for k, v in value.items():
            yield from texts_of(k, depth + 1)
            yield from texts_of(v, depth + 1)
        return
    if isinstance(value, (list, tuple)):
        for item in value:
            yield from texts_of(item, depth + 1)
        return
    if type(value).__module__ == "callverify":
        for name in dir(type(value)):
            if name.startswith("_"):
                continue
            attr = getattr(value, name)
            if callable(attr):
                if name == "to_dict":
                    yield from texts_of(attr(), depth + 1)
                continue
            yield from texts_of(attr, depth + 1)


def outcome(call: Callable[[], Any]) -> Any:
    try:
        return call()
    except Exception as e:  # noqa: BLE001 - the exception is the outcome under test
        return e


def test_canary_secret_never_appears_anywhere() -> None:
    creds = callverify.Credentials("app-key", CANARY)
    client = callverify.Client(HUAWEI, creds)
    beijing = callverify.Client(HUAWEI, creds, created_offset=28800)
    pairs = callverify.sign_push(creds, URL, nonce="abc", now=1_700_000_000)
    x_aksk = dict(pairs)["X-AKSK"]
    wrong_digest = x_aksk.replace('PasswordDigest="', 'PasswordDigest="AAAA', 1)
    outcomes = [
        creds,
        client,
        beijing,
        client.call_verify(**VALID),
        client.call_verify(**VALID, status_url=URL, fee_url=URL, user_data="x", times=3),
        client.sign(),
        beijing.sign(now=0, nonce="n"),
        pairs,
        callverify.verify_push(pairs, URL, creds, now=1_700_000_000),
        outcome(lambda: callverify.Credentials("", CANARY)),
        outcome(lambda: callverify.Credentials("bad key", CANARY)),
        outcome(lambda: callverify.Credentials("k\n", CANARY)),
        outcome(lambda: callverify.Client("ftp://x", creds)),
        outcome(lambda: callverify.Client("http://example.com", creds)),
        outcome(lambda: callverify.Client(HUAWEI, creds, created_offset=7)),
        outcome(lambda: client.call_verify(**{**VALID, "verify_code": "x", "callee_nbr": ""})),
        outcome(lambda: client.call_verify(**VALID, nonce="bad nonce")),
        outcome(lambda: client.call_verify(**VALID, now=-1)),
        outcome(lambda: client.sign(now=10**20)),
        outcome(lambda: callverify.verify_push(pairs, URL + "x", creds, now=1_700_000_000)),
        outcome(lambda: callverify.verify_push(pairs, URL, creds, now=1_800_000_000)),
        outcome(lambda: callverify.verify_push(pairs, URL, creds, now=1_600_000_000)),
        outcome(
            lambda: callverify.verify_push(
                [(n, wrong_digest if n == "X-AKSK" else v) for n, v in pairs], URL, creds, now=1_700_000_000
            )
        ),
        outcome(lambda: callverify.verify_push(pairs, URL, callverify.Credentials("other", CANARY))),
        outcome(lambda: callverify.verify_push(pairs, URL, creds, now=1_700_000_000, digest_form="concatenated")),
        outcome(lambda: callverify.sign_push(creds, URL, nonce="bad nonce")),
        outcome(lambda: callverify.sign_push(creds, URL, now=-5)),
        outcome(lambda: pickle.dumps(creds)),
        outcome(lambda: pickle.dumps(client)),
    ]
    # The secret's text, hex and base64 forms (padded and unpadded) must never appear.
    forms = [CANARY, CANARY.encode().hex(), base64.b64encode(CANARY.encode()).decode(),
             base64.b64encode(CANARY.encode()).decode().rstrip("=")]
    for value in outcomes:
        for text in texts_of(value):
            for form in forms:
                assert form not in text, f"the secret leaked through {type(value).__name__}: {text[:200]}"
            assert "s3cr3t" not in text
    assert isinstance(outcomes[-1], TypeError), "credentials cannot be pickled"


def test_secret_is_not_an_attribute() -> None:
    creds = callverify.Credentials("app-key", CANARY)
    for name in dir(creds):
        value = getattr(creds, name, None)
        if isinstance(value, (str, bytes)):
            assert CANARY not in str(value)
    assert not hasattr(creds, "__dict__")
    with pytest.raises(TypeError):
        pickle.dumps(creds)


def test_digest_only_in_the_header_value_not_in_reprs() -> None:
    client = callverify.Client(HUAWEI, callverify.Credentials("app-key", CANARY))
    r = client.call_verify(**VALID)
    digest = r.headers["X-AKSK"].split('PasswordDigest="')[1].split('"')[0]
    assert digest not in repr(r)
    sig = client.sign()
    assert sig.password_digest not in repr(sig)


# --- hostile input ----------------------------------------------------------------------------

HOSTILE: list[Any] = [
    None,
    "",
    "\x00",
    "\ud800",  # a lone surrogate: not encodable as UTF-8
    "a" * 2_000_000,
    "😀" * 1000,
    "\r\n" * 10,
    b"",
    b"\xff\xfe\xfd",
    bytearray(b"\xc0\xaf"),
    memoryview(b"\xed\xa0\x80"),
    0,
    -1,
    2**31,
    2**63,
    10**30,
    -(10**30),
    1.5,
    float("nan"),
    float("inf"),
    True,
    [],
    {},
    [("a",)],
    [(1, 2)],
    [("X-AKSK", None)],
    {"X-AKSK": 5},
    object(),
    "{" * 100_000,
    "[" * 100_000 + "]" * 100_000,
    '{"eventType":"fee","feeLst":[' + ",".join(['{"sessionId":"s"}'] * 51) + "]}",
    b" " * (1 << 20) + b"{}",
    type,
]


def entry_points() -> dict[str, tuple[Callable[..., Any], dict[str, Any]]]:
    """Every public callable with valid keyword arguments (each is then replaced by hostile values)."""
    creds = callverify.Credentials("k", "s")
    client = callverify.Client(HUAWEI, creds)
    pairs = callverify.sign_push(creds, URL, now=1_700_000_000)
    prepared = client.call_verify(**VALID)

    def credentials(app_key: Any, app_secret: Any) -> Any:
        return callverify.Credentials(app_key, app_secret)

    def make_client(base_url: Any, credentials: Any, created_offset: Any) -> Any:
        return callverify.Client(base_url, credentials, created_offset=created_offset)

    def parse_response(status: Any, body: Any) -> Any:
        return callverify.parse_call_verify_response(status, body)

    def explain(code: Any, http_status: Any) -> Any:
        return callverify.explain(code, http_status)

    def verify(headers: Any, url: Any, credentials: Any, **kw: Any) -> Any:
        return callverify.verify_push(headers, url, credentials, **kw)

    def sign_push(credentials: Any, url: Any, **kw: Any) -> Any:
        return callverify.sign_push(credentials, url, **kw)

    return {
        "Credentials": (credentials, {"app_key": "k", "app_secret": "s"}),
        "Client": (make_client, {"base_url": HUAWEI, "credentials": creds, "created_offset": 0}),
        "Client.call_verify": (
            client.call_verify,
            {
                **VALID,
                "language_type": 2,
                "pos_tone": "bye.wav",
                "times": 3,
                "status_url": URL,
                "fee_url": URL,
                "return_idle_port": True,
                "user_data": "u",
                "now": 1_700_000_000,
                "nonce": "abc",
            },
        ),
        "Client.sign": (client.sign, {"now": 1_700_000_000, "nonce": "abc"}),
        "PreparedRequest.header": (prepared.header, {"name": "X-AKSK"}),
        "parse_call_verify_response": (
            parse_response, {"status": 200, "body": b'{"resultcode":"0","sessionId":"s"}'}
        ),
        "explain": (explain, {"code": "0", "http_status": 200}),
        "parse_push": (callverify.parse_push, {"body": GOOD_PUSH}),
        "verify_push": (
            verify,
            {
                "headers": pairs,
                "url": URL,
                "credentials": creds,
                "now": 1_700_000_000,
                "window": 300,
                "allow_unsigned": False,
                "digest_form": "newline",
                "created_offset": 0,
            },
        ),
        "sign_push": (
            sign_push,
            {"credentials": creds, "url": URL, "nonce": "abc", "now": 1_700_000_000, "digest_form": "newline"},
        ),
        "generate_verify_code": (callverify.generate_verify_code, {"digits": 6}),
        "encode_user_data": (callverify.encode_user_data, {"text": "x"}),
        "hangup_cause": (callverify.hangup_cause, {"code": 0}),
    }


@pytest.mark.parametrize("name", sorted(entry_points()))
def test_hostile_input_gives_only_typed_errors(name: str) -> None:
    fn, valid = entry_points()[name]
    fn(**valid)  # the valid call works
    tried = 0
    for param in valid:
        for value in HOSTILE:
            tried += 1
            try:
                fn(**{**valid, param: value})
            except TYPED:
                pass
            except BaseException as e:  # noqa: BLE001 - a panic (PanicException) or SystemError lands here
                pytest.fail(f"{name}({param}={str(value)[:40]!r}) raised {type(e).__module__}.{type(e).__name__}: {e}")
    assert tried == len(valid) * len(HOSTILE)


def test_hostile_bodies_map_to_parse_codes() -> None:
    cases = {
        b"": "empty_body",
        b"   \n": "empty_body",
        b"\xef\xbb\xbf{}": "byte_order_mark",
        b"\xff": "invalid_utf8",
        "\ud800": "invalid_utf8",
        b'{"a":' + b"[" * 100_000 + b"]" * 100_000 + b"}": "nesting_too_deep",
        b'{"a":' * 100_000 + b"1" + b"}" * 100_000: "nesting_too_deep",
        b"[" * 100_000: "invalid_json",
        b"x" * ((1 << 20) + 1): "body_too_large",
        b"[]": "not_json_object",
        b"<html>": "invalid_json",
    }
    for body, code in cases.items():
        for parse in (callverify.parse_push, lambda b: callverify.parse_call_verify_response(200, b)):
            with pytest.raises(callverify.ParseError) as info:
                parse(body)
            assert info.value.code == code, (body[:20], info.value)


def test_hostile_headers() -> None:
    creds = callverify.Credentials("k", "s")
    for headers in (
        [("X-AKSK", "UsernameToken " + "A" * 1_000_000), ("Authorization", "AKSK")],
        [("Authorization", 'AKSK realm="SDP",profile="UsernameToken",type="Appkey"'), ("X-AKSK", "\x00" * 10)],
        [("X-AKSK", "é"), ("Authorization", "é")],
        [(b"X-AKSK", b"\xff\xfe"), (b"Authorization", b"\x80")],
    ):
        with pytest.raises(callverify.PushAuthError):
            callverify.verify_push(headers, URL, creds, now=0)
    with pytest.raises(TypeError):
        callverify.verify_push("X-AKSK: x", URL, creds)  # type: ignore[arg-type]
    with pytest.raises(TypeError):
        callverify.verify_push([("X-AKSK", "a", "b")], URL, creds)  # type: ignore[list-item]
    with pytest.raises(TypeError):
        callverify.verify_push(42, URL, creds)  # type: ignore[arg-type]

    class Exploding:
        def items(self) -> Any:
            raise RuntimeError("from the headers object")

    with pytest.raises(RuntimeError, match="from the headers object"):
        callverify.verify_push(Exploding(), URL, creds)  # type: ignore[arg-type]


def test_extreme_now_is_never_fresh() -> None:
    """Regression: the core negates `now - created`, which overflows for now = i64::MIN (a panic in
    debug builds, a wrapped comparison that skipped the freshness check in release builds)."""
    creds = callverify.Credentials("k", "s")
    pairs = callverify.sign_push(creds, URL, now=1_700_000_000)
    for now in (-(2**63), -(2**63) + 1, 2**63 - 1):
        with pytest.raises(callverify.PushAuthError) as info:
            callverify.verify_push(pairs, URL, creds, now=now)
        assert info.value.code == ("future_push" if now < 0 else "stale_push")
