"""Every case of every file in tests/vectors/, through the Python API.

Cases are collected when the tests are collected, so new cases (and new files) are picked up
automatically; a file without a runner here fails loudly instead of being skipped.
"""

from __future__ import annotations

import base64
import re
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from conftest import CLASS_BY_KIND, HUAWEI, VECTORS, body_of, load_vectors

import callverify
from callverify import errors

Case = dict[str, Any]
RUNNERS: dict[str, Callable[[Case], None]] = {}

#: Wire (camelCase) request fields -> keyword arguments of Client.call_verify.
WIRE_TO_KWARG = {
    "displayNbr": "display_nbr",
    "calleeNbr": "callee_nbr",
    "languageType": "language_type",
    "preTone": "pre_tone",
    "verifyCode": "verify_code",
    "posTone": "pos_tone",
    "times": "times",
    "statusUrl": "status_url",
    "feeUrl": "fee_url",
    "returnIdlePort": "return_idle_port",
    "userData": "user_data",
}

FIXED_NOW = 1_700_000_000
FIXED_NONCE = "0123456789abcdef"


def runner(stem: str) -> Callable[[Callable[[Case], None]], Callable[[Case], None]]:
    def register(fn: Callable[[Case], None]) -> Callable[[Case], None]:
        RUNNERS[stem] = fn
        return fn

    return register


def kwargs_of(request: dict[str, Any]) -> dict[str, Any]:
    unknown = set(request) - set(WIRE_TO_KWARG)
    assert not unknown, f"request has fields this test does not know: {sorted(unknown)}"
    return {WIRE_TO_KWARG[k]: v for k, v in request.items()}


def assert_error(exc: BaseException, code: str, field: str | None = None) -> None:
    """The exception is the class of the code's kind and carries the code (and field)."""
    assert isinstance(exc, callverify.CallVerifyError), f"{type(exc).__name__}: {exc}"
    assert exc.code == code, f"code {exc.code!r} ({exc}), want {code!r}"
    kind = errors.ERROR_CODES[code]
    assert isinstance(exc, CLASS_BY_KIND[kind]), f"{type(exc).__name__} for a {kind} code"
    assert type(exc).kind == kind
    if field is not None:
        assert exc.field == field, f"field {exc.field!r}, want {field!r}"
    assert str(exc), "every error has a message"


def retry_dict(advice: callverify.RetryAdvice) -> dict[str, Any]:
    out: dict[str, Any] = {"kind": advice.kind}
    if advice.seconds is not None:
        out["seconds"] = advice.seconds
    return out


# --- runners, one per vector file --------------------------------------------------------------


@runner("rfc4231")
def run_rfc4231(case: Case) -> None:
    digest = callverify._native._hmac_sha256(
        bytes.fromhex(case["key_hex"]), bytes.fromhex(case["data_hex"])
    )
    assert digest.hex() == case["hmac_sha256_hex"]
    assert base64.b64encode(digest).decode() == case["hmac_sha256_base64"]


@runner("signing")
def run_signing(case: Case) -> None:
    client = callverify.Client(
        HUAWEI,
        callverify.Credentials(case["app_key"], case["app_secret"]),
        created_offset=case.get("created_offset_seconds", 0),
    )
    sig = client.sign(now=case["unix_time"], nonce=case["nonce"])
    want = case["expect"]
    assert sig.created == want["created"]
    assert sig.password_digest == want["password_digest"]
    assert sig.authorization == want["authorization"]
    assert sig.x_aksk == want["x_aksk"]
    assert sig.nonce == case["nonce"]
    assert want["password_digest"] not in repr(sig)


@runner("build")
def run_build(case: Case) -> None:
    client = callverify.Client(
        case["base_url"],
        callverify.Credentials(case["app_key"], case["app_secret"]),
        created_offset=case.get("created_offset_seconds", 0),
    )
    r = client.call_verify(**kwargs_of(case["request"]), now=case["unix_time"], nonce=case["nonce"])
    want = case["expect"]
    assert r.method == want["method"]
    assert r.url == want["url"]
    assert list(r.headers.items()) == [tuple(h) for h in want["headers"]]
    assert r.body == want["body"]
    assert r.body_bytes == want["body"].encode("utf-8")
    for name, value in want["headers"]:
        assert r.header(name.upper()) == value


@runner("validation")
def run_validation(case: Case) -> None:
    client = callverify.Client(HUAWEI, callverify.Credentials("k", "s"))
    want = {(v["field"], v["code"]) for v in case["expect"]}
    try:
        client.call_verify(**kwargs_of(case["request"]), now=FIXED_NOW, nonce=FIXED_NONCE)
    except callverify.ValidationError as e:
        got = {(v.field, v.code) for v in e.errors}
        assert got == want
        assert_error(e, "invalid_request")
        assert isinstance(e, ValueError)
        assert len(got) == len(e.errors), "no violation is reported twice"
        for v in e.errors:
            assert isinstance(v, callverify.Violation)
            assert v.message
            assert errors.ERROR_CODES[v.code] == "validation"
        assert e.field == (e.errors[0].field if len(e.errors) == 1 else None)
    else:
        assert not want, f"accepted; want violations {sorted(want)}"


@runner("config")
def run_config(case: Case) -> None:
    given = case["input"]
    want = case["expect"]
    creds = callverify.Credentials("k", "s")
    try:
        if set(given) == {"app_key", "app_secret"}:
            callverify.Credentials(given["app_key"], given["app_secret"])
        elif set(given) == {"nonce"}:
            callverify.Client(HUAWEI, creds).sign(now=FIXED_NOW, nonce=given["nonce"])
        elif set(given) == {"base_url"}:
            client = callverify.Client(given["base_url"], creds)
            assert client.base_url == given["base_url"].removesuffix("/")
        elif set(given) == {"created_offset_seconds"}:
            client = callverify.Client(HUAWEI, creds, created_offset=given["created_offset_seconds"])
            assert client.created_offset == given["created_offset_seconds"]
        elif set(given) == {"unix_time"}:
            callverify.Client(HUAWEI, creds).sign(now=given["unix_time"], nonce=FIXED_NONCE)
        elif set(given) == {"verify_code_digits"}:
            code = callverify.generate_verify_code(given["verify_code_digits"])
            assert len(code) == given["verify_code_digits"] and code.isdigit()
        elif set(given) == {"window_seconds"}:
            # Checked before any header: none given and unsigned allowed, a valid window is "unsigned".
            result = callverify.verify_push(
                [], "https://example.com/status", creds, now=FIXED_NOW,
                window=given["window_seconds"], allow_unsigned=True,
            )
            assert not result.verified
        else:
            pytest.fail(f"config input this test does not know: {sorted(given)}")
    except callverify.CallVerifyError as e:
        assert "error" in want, f"raised {e!r}; want {want}"
        assert_error(e, want["error"])
        assert isinstance(e, ValueError)
    else:
        assert want == {"ok": True}, f"accepted; want {want}"


@runner("responses")
def run_responses(case: Case) -> None:
    want = case["expect"]
    status = case["status"]
    try:
        result = callverify.parse_call_verify_response(status, body_of(case))
    except callverify.ApiError as e:
        assert want["outcome"] == "api_error", f"raised {e!r}; want {want}"
        assert_error(e, "api_error")
        assert e.http_status == status
        assert e.result_code == want["result_code"]
        assert e.description == want["result_desc"]
        assert e.category == want["category"]
        assert (retry_dict(e.retry) if e.retry is not None else None) == want["retry"]
        if e.entry is not None:
            assert e.entry.code == want["result_code"]
            assert e.entry.category == want["category"]
        retry = want["retry"] or {"kind": "never"}
        assert e.retry_after == (None if retry["kind"] == "never" else retry.get("seconds", 0))
        assert e.retryable == (retry["kind"] != "never")
    except callverify.ParseError as e:
        assert want["outcome"] == "parse_error", f"raised {e!r}; want {want}"
        assert_error(e, want["code"], want.get("field"))
        if "field" in want:
            assert e.field == want["field"]
        assert e.http_status == status
    else:
        assert want["outcome"] == "success", f"parsed {result!r}; want {want}"
        assert result.session_id == want["session_id"]
        assert result.idle_port == want["idle_port"]
        # The same body given as str parses the same way.
        assert callverify.parse_call_verify_response(status, body_of(case).decode()) == result


@runner("result_code_lookups")
def run_result_code_lookups(case: Case) -> None:
    want = case["expect"]
    try:
        entry = callverify.explain(case["code"], case.get("http_status"))
    except callverify.ConfigError as e:
        assert "error" in want, f"raised {e!r}; want {want}"
        assert_error(e, want["error"])
        return
    assert "error" not in want, f"returned {entry!r}; want {want}"
    if not want["found"]:
        assert entry is None
        return
    assert entry is not None
    assert entry.code == case["code"]
    assert entry.http_status == want["http_status"]
    assert entry.category == want["category"]
    assert retry_dict(entry.retry) == want["retry"]
    assert entry.description_en and entry.description_zh and entry.action_en and entry.action_zh


@runner("push_auth")
def run_push_auth(case: Case) -> None:
    want = case["expect"]
    options = dict(case["options"])
    kwargs: dict[str, Any] = {}
    for key, kwarg in (
        ("window_seconds", "window"),
        ("allow_unsigned", "allow_unsigned"),
        ("digest_form", "digest_form"),
        ("created_offset_seconds", "created_offset"),
    ):
        if key in options:
            kwargs[kwarg] = options.pop(key)
    assert not options, f"options this test does not know: {sorted(options)}"
    headers = [tuple(h) for h in case["headers"]]
    try:
        creds = callverify.Credentials(case["app_key"], case["app_secret"])
        result = callverify.verify_push(headers, case["url"], creds, now=case["now"], **kwargs)
    except callverify.CallVerifyError as e:
        assert "error" in want, f"raised {e!r}; want {want}"
        assert_error(e, want["error"])
        for text in want.get("message_contains", []):
            assert text in str(e), f"message {str(e)!r} lacks {text!r}"
        for text in want.get("message_excludes", []):
            assert text not in str(e), f"message {str(e)!r} contains {text!r}"
        return
    assert "error" not in want, f"verified {result!r}; want {want}"
    assert result.verified == want["verified"]
    if want["verified"]:
        assert result.digest_form == want["digest_form"]
        assert result.created_offset_seconds == want["created_offset_seconds"]
        assert result.replay_key == want["replay_key"]
        assert result.remember_for_seconds == want["remember_for_seconds"]
        assert snake_keys(result.to_dict())["created_offset_seconds"] == want["created_offset_seconds"]
    else:
        assert result.digest_form is None and result.replay_key is None
        assert result.created_offset_seconds is None and result.remember_for_seconds is None
    # A dict of the same headers (when no name repeats) verifies the same way.
    if len({n.lower() for n, _ in headers}) == len(headers):
        again = callverify.verify_push(dict(headers), case["url"], creds, now=case["now"], **kwargs)
        assert again == result


def snake_keys(value: Any) -> Any:
    """`value` with every dict key in snake_case (`sessionId` → `session_id`), as the vectors name them."""
    if isinstance(value, dict):
        return {re.sub("([A-Z])", lambda m: "_" + m[1].lower(), k): snake_keys(v) for k, v in value.items()}
    if isinstance(value, list):
        return [snake_keys(v) for v in value]
    return value


def push_time(t: callverify.PushTime | None) -> dict[str, Any] | None:
    return None if t is None else {"text": t.text, "unix": t.unix}


FEE_FIELDS = [
    "session_id", "direction", "sp_id", "app_key", "icid", "bind_num", "caller_num", "callee_num",
    "fwd_unasw_rsn", "fail_time", "ul_fail_reason", "sip_status_code", "call_out_start_time",
    "call_out_alerting_time", "call_out_answer_time", "call_end_time", "call_out_unasw_rsn",
    "dyn_ivr_start_time", "dyn_ivr_path", "record_flag", "tts_play_times", "service_type", "host_name",
    "user_data",
]  # fmt: skip


def push_as_vector(push: Any) -> dict[str, Any]:
    """The parsed push in the vector file's shape, read through the Python attributes."""
    if isinstance(push, callverify.StatusEvent):
        cause = push.hangup_cause
        return {
            "kind": push.kind,
            "event_type": push.event_type,
            "session_id": push.session_id,
            "timestamp": push_time(push.timestamp),
            "user_data": push.user_data,
            "caller": push.caller,
            "called": push.called,
            "state_code": push.state_code,
            "state_desc": push.state_desc,
            "hangup_category": cause.category if cause is not None else None,
        }
    if isinstance(push, callverify.CollectInfoEvent):
        assert push.event_type == "collectInfo"
        return {
            "kind": push.kind,
            "session_id": push.session_id,
            "timestamp": push_time(push.timestamp),
            "user_data": push.user_data,
            "digit_info": push.digit_info,
        }
    if isinstance(push, callverify.FeeBatch):
        records = []
        for record in push.records:
            fields = {name: getattr(record, name) for name in FEE_FIELDS}
            records.append(
                {k: push_time(v) if isinstance(v, callverify.PushTime) else v for k, v in fields.items()}
            )
        return {"kind": push.kind, "records": records, "dedupe_keys": [r.dedupe_key for r in push]}
    assert isinstance(push, callverify.UnknownPush)
    return {"kind": push.kind, "event_type": push.event_type, "raw_json": push.raw_json}


@runner("pushes")
def run_pushes(case: Case) -> None:
    want = case["expect"]
    body = body_of(case)
    try:
        push = callverify.parse_push(body)
    except callverify.ParseError as e:
        assert "error" in want, f"raised {e!r}; want {want}"
        assert_error(e, want["error"])
        assert e.field == want["field"], f"field {e.field!r}, want {want['field']!r}"
        assert e.http_status is None
        return
    assert "error" not in want, f"parsed {push!r}; want {want}"
    assert push_as_vector(push) == want
    # to_dict() carries the same data in the core's serde shape (the wire's camelCase names).
    as_dict = snake_keys(push.to_dict())
    assert as_dict["kind"] == want["kind"]
    if want["kind"] == "fee":
        assert as_dict["records"] == want["records"]
    else:
        assert set(as_dict) <= set(want), f"to_dict() keys the vector does not pin: {set(as_dict) - set(want)}"
        assert as_dict == {k: v for k, v in want.items() if k in as_dict}
    # The same body given as str parses the same way (when it is text).
    try:
        text = body.decode("utf-8")
    except UnicodeDecodeError:
        return
    assert callverify.parse_push(text) == push


# --- collection ----------------------------------------------------------------------------------

#: Vector files that pin the behaviour of another component, not of the SDK bindings.
OTHER_COMPONENTS = {
    "sandbox": "requests to the local sandbox server and its answers (run by the CLI's tests)",
    "auth_headers": "the core's auth-header parser, which the bindings do not expose (run by core/tests/vectors.rs)",
}

VECTOR_FILES = sorted(VECTORS.glob("*.json"))


def _all_cases() -> list[Any]:
    params = []
    for path in VECTOR_FILES:
        if path.stem in OTHER_COMPONENTS:
            continue
        for case in load_vectors(path):
            params.append(pytest.param(path.stem, case, id=f"{path.stem}:{case['name']}"))
    return params


@pytest.mark.parametrize(("stem", "case"), _all_cases())
def test_vector(stem: str, case: Case) -> None:
    run = RUNNERS.get(stem)
    assert run is not None, f"tests/vectors/{stem}.json has no runner in test_vectors.py"
    run(case)


@pytest.mark.parametrize("stem", sorted(RUNNERS) + sorted(OTHER_COMPONENTS))
def test_every_vector_file_is_present(stem: str) -> None:
    """A missing or empty file would otherwise give no cases, and pass silently."""
    path = VECTORS / f"{stem}.json"
    assert path.is_file(), f"{path} is missing"
    assert load_vectors(path), f"{path} has no cases"


@pytest.mark.parametrize("path", VECTOR_FILES, ids=[p.name for p in VECTOR_FILES])
def test_vector_file_is_well_formed(path: Path) -> None:
    cases = load_vectors(path)
    assert cases, f"{path.name} has no cases"
    names = [c["name"] for c in cases]
    assert len(names) == len(set(names)), f"{path.name} repeats case names"
    assert path.stem in RUNNERS or path.stem in OTHER_COMPONENTS, f"{path.name} has no runner in test_vectors.py"


def test_vectors_exist() -> None:
    assert {p.stem for p in VECTOR_FILES} >= {
        "build",
        "config",
        "push_auth",
        "responses",
        "result_code_lookups",
        "rfc4231",
        "signing",
        "validation",
        "pushes",
    }
