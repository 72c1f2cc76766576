"""The exception model: classes, attributes, codes, and drift against the Rust core."""

from __future__ import annotations

import pickle

import pytest
from conftest import CLASS_BY_KIND, HUAWEI, VALID

import callverify
from callverify import errors


def test_error_codes_are_the_rust_cores() -> None:
    """errors.py restates no code: ERROR_CODES is the core's ErrorCode::ALL, in its order."""
    core = callverify.error_codes()
    assert list(core.items()) == list(errors.ERROR_CODES.items())
    assert len(core) > 40 and "times_range" in core and core["stale_push"] == "push_auth"


def test_every_core_code_raises_the_class_of_its_kind() -> None:
    """Fails when errors.py and the core drift: a kind the core uses without a class here, a class for
    a kind the core no longer has, or a code that comes out as the wrong class or without its code."""
    classes = {cls.kind: cls for cls in CLASS_BY_KIND.values()}
    assert set(callverify.error_codes().values()) == set(classes)
    declared = {cls.kind for cls in vars(errors).values() if isinstance(cls, type) and issubclass(cls, errors.CallVerifyError)}
    assert declared - {""} == set(classes), "a class in errors.py for a kind the core does not have"
    for code, kind in callverify.error_codes().items():
        api = ("1010010", "flow control", None) if kind == "api" else None
        exc = errors._from_native(kind, code, "message", None, 403 if api else None, [], api)
        assert type(exc) is classes[kind], (code, kind, type(exc))
        assert exc.code == (code if kind != "validation" else "invalid_request")


def test_every_kind_has_a_class() -> None:
    assert set(errors.ERROR_CODES.values()) == set(CLASS_BY_KIND)
    for kind, cls in CLASS_BY_KIND.items():
        assert cls.kind == kind
        assert issubclass(cls, callverify.CallVerifyError)
        assert issubclass(cls, Exception)


def test_hierarchy() -> None:
    assert issubclass(callverify.ValidationError, ValueError)
    assert issubclass(callverify.ConfigError, ValueError)
    assert issubclass(callverify.ParseError, ValueError)
    assert not issubclass(callverify.ApiError, ValueError)
    assert not issubclass(callverify.PushAuthError, ValueError)
    assert callverify.errors.CallVerifyError is callverify.CallVerifyError


def test_all_exceptions_live_in_errors_module() -> None:
    for cls in CLASS_BY_KIND.values():
        assert cls.__module__ == "callverify.errors"


def test_validation_error_lists_every_violation() -> None:
    client = callverify.Client(HUAWEI, callverify.Credentials("k", "s"))
    with pytest.raises(callverify.ValidationError) as info:
        client.call_verify(
            display_nbr="8675528000088",
            callee_nbr="+860755123456",
            verify_code="1",
            pre_tone="welcome.mp3",
            times=10,
            status_url="https://example.com/status?x=1",
            user_data="{}",
        )
    e = info.value
    assert e.code == "invalid_request"
    assert e.kind == "validation"
    assert e.field is None, "several violations: no single field"
    assert e.http_status is None
    fields = [(v.field, v.code) for v in e.errors]
    assert fields == [
        ("displayNbr", "phone_format"),
        ("calleeNbr", "phone_trunk_prefix"),
        ("preTone", "tone_format"),
        ("verifyCode", "length"),
        ("times", "times_range"),
        ("statusUrl", "url_charset"),
        ("userData", "user_data_braces"),
    ]
    field, code, message = e.errors[0]
    assert (field, code) == ("displayNbr", "phone_format")
    assert message == e.errors[0].message and "+" in message
    assert e.errors[0] == ("displayNbr", "phone_format", message)
    assert str(e).startswith("invalid callVerify request (7 problems)")
    assert repr(e.errors[0]).startswith("Violation(field='displayNbr', code='phone_format'")


def test_single_violation_sets_field() -> None:
    client = callverify.Client(HUAWEI, callverify.Credentials("k", "s"))
    with pytest.raises(callverify.ValidationError) as info:
        client.call_verify(**{**VALID, "callee_nbr": "+860755123456"})
    assert info.value.field == "calleeNbr"
    assert isinstance(info.value.errors, list)


def test_api_error_attributes() -> None:
    with pytest.raises(callverify.ApiError) as info:
        callverify.parse_call_verify_response(403, b'{"resultcode":"1010010","resultdesc":"flow control"}')
    e = info.value
    assert (e.code, e.kind, e.http_status, e.result_code, e.description) == (
        "api_error", "api", 403, "1010010", "flow control",
    )  # fmt: skip
    assert e.entry is not None and e.entry.category == "rate_limit"
    assert e.category == "rate_limit"
    assert e.retry is not None and e.retry.kind == "after_seconds"
    assert e.retry_after == 60 and e.retryable
    assert e.field is None


def test_api_error_retry_after_kinds() -> None:
    with pytest.raises(callverify.ApiError) as auth:
        callverify.parse_call_verify_response(401, b'{"resultcode":"1010010","resultdesc":"Invalid digest."}')
    assert auth.value.retry_after is None and not auth.value.retryable
    immediately = next(r for r in callverify.result_codes() if r.retry.kind == "immediately_with_fresh_signature")
    body = f'{{"resultcode":"{immediately.code}"}}'
    with pytest.raises(callverify.ApiError) as now:
        callverify.parse_call_verify_response(immediately.http_status, body)
    assert now.value.retry_after == 0 and now.value.retryable
    with pytest.raises(callverify.ApiError) as unknown:
        callverify.parse_call_verify_response(500, b'{"resultcode":"4242"}')
    assert unknown.value.entry is None and unknown.value.retry is None
    assert unknown.value.retry_after is None and unknown.value.category is None
    assert unknown.value.description == ""


def test_parse_error_carries_status_and_field() -> None:
    with pytest.raises(callverify.ParseError) as info:
        callverify.parse_call_verify_response(502, b"<html><body>502 Bad Gateway</body></html>")
    assert (info.value.code, info.value.http_status, info.value.kind) == ("invalid_json", 502, "parse")
    assert str(info.value).startswith("HTTP 502: ")
    with pytest.raises(callverify.ParseError) as info:
        callverify.parse_call_verify_response(200, b'{"resultcode":0}')
    assert (info.value.code, info.value.field) == ("wrong_type", "resultcode")


def test_push_auth_error() -> None:
    creds = callverify.Credentials("k", "s")
    with pytest.raises(callverify.PushAuthError) as info:
        callverify.verify_push([("Authorization", "x")], "https://e.com/s", creds)
    assert (info.value.code, info.value.field, info.value.kind) == ("missing_auth_header", "X-AKSK", "push_auth")


def test_config_error() -> None:
    with pytest.raises(callverify.ConfigError) as info:
        callverify.Credentials("", "s")
    assert (info.value.code, info.value.kind, info.value.field) == ("app_key_empty", "config", None)
    with pytest.raises(ValueError):
        callverify.Client("http://example.com", callverify.Credentials("k", "s"))


def test_catch_all_with_the_base_class() -> None:
    calls = [
        lambda: callverify.Credentials("", ""),
        lambda: callverify.parse_push(b""),
        lambda: callverify.parse_call_verify_response(401, b'{"resultcode":"1010010"}'),
        lambda: callverify.verify_push({}, "https://e.com/s", callverify.Credentials("k", "s")),
        lambda: callverify.Client(HUAWEI, callverify.Credentials("k", "s")).call_verify(
            **{**VALID, "verify_code": ""}
        ),
    ]
    kinds = set()
    for call in calls:
        with pytest.raises(callverify.CallVerifyError) as info:
            call()
        assert info.value.code in errors.ERROR_CODES
        kinds.add(info.value.kind)
    assert kinds == set(CLASS_BY_KIND)


@pytest.mark.parametrize(
    "make",
    [
        lambda: callverify.Credentials("", ""),
        lambda: callverify.parse_push(b'{"eventType":1}'),
        lambda: callverify.parse_call_verify_response(403, b'{"resultcode":"1010010"}'),
        lambda: callverify.parse_call_verify_response(500, b'{"resultcode":"4242"}'),
        lambda: callverify.verify_push({}, "https://e.com/s", callverify.Credentials("k", "s")),
        lambda: callverify.Client(HUAWEI, callverify.Credentials("k", "s")).call_verify(
            **{**VALID, "verify_code": "", "times": 11}
        ),
    ],
    ids=["config", "parse", "api", "api_unknown", "push_auth", "validation"],
)
def test_exceptions_pickle(make: object) -> None:
    with pytest.raises(callverify.CallVerifyError) as info:
        make()  # type: ignore[operator]
    original = info.value
    copy = pickle.loads(pickle.dumps(original))
    assert type(copy) is type(original)
    assert str(copy) == str(original)
    assert copy.__dict__.keys() == original.__dict__.keys()
    for key, value in original.__dict__.items():
        assert getattr(copy, key) == value
    if isinstance(original, callverify.ApiError):
        assert isinstance(copy, callverify.ApiError)
        assert copy.retry_after == original.retry_after


def test_exceptions_can_be_raised_by_users() -> None:
    """Application code (and test doubles) can raise the SDK's exceptions directly."""
    with pytest.raises(callverify.ParseError) as info:
        raise callverify.ParseError("bad body", code="invalid_json", http_status=502)
    assert info.value.http_status == 502
    v = callverify.ValidationError("bad", errors=[callverify.Violation("times", "times_range", "times is 10")])
    assert v.field == "times" and v.code == "invalid_request"
    a = callverify.ApiError("nope", http_status=401, result_code="1010010", entry=callverify.explain("1010010", 401))
    assert a.category == "auth" and a.retry_after is None
