"""The Python surface: keyword arguments, types, defaults, value objects."""

from __future__ import annotations

import base64
import doctest
import json
import time
import wsgiref.headers
from collections.abc import Callable, Iterator, Mapping

import pytest
from conftest import HUAWEI, VALID

import callverify

STATUS_URL = "https://example.com/voice/status"
DISCONNECT = (
    b'{"eventType":"disconnect","statusInfo":{"sessionId":"1202_14260","timestamp":"2019-01-24 02:49:23",'
    b'"caller":"+8613800000022","called":"+8613800000021","stateCode":8102,"stateDesc":"busy",'
    b'"userData":"order-1"}}'
)
FEE = (
    b'{"eventType":"fee","feeLst":[{"direction":0,"spId":"sp","appKey":"k","icid":"ic","bindNum":"+861",'
    b'"sessionId":"s-1","callerNum":"+8675528000088","calleeNum":"+8618900000007","fwdUnaswRsn":0,'
    b'"callOutStartTime":"2019-01-24 02:49:00","callOutAlertingTime":"2019-01-24 02:49:05",'
    b'"callOutAnswerTime":"2019-01-24 02:49:10","callEndTime":"2019-01-24 02:49:23","callOutUnaswRsn":16,'
    b'"dynIVRPath":"x","recordFlag":0,"ttsPlayTimes":0,"serviceType":"003","hostName":"h","userData":"u",'
    b'"failTime":"","sipStatusCode":200,"ulFailReason":0},{"sessionId":"s-2"}]}'
)


def test_package_docstring_examples_run() -> None:
    result = doctest.testmod(callverify, optionflags=doctest.ELLIPSIS)
    assert result.attempted >= 10
    assert result.failed == 0


def test_version() -> None:
    assert isinstance(callverify.__version__, str)
    assert callverify.__version__.count(".") == 2


def test_everything_in_all_exists() -> None:
    for name in callverify.__all__:
        assert hasattr(callverify, name), name
    assert set(callverify._native.__all__) - {"_hmac_sha256"} <= set(callverify.__all__)


def test_native_classes_report_the_public_module() -> None:
    assert callverify.Client.__module__ == "callverify"
    assert callverify.StatusEvent.__qualname__ == "StatusEvent"


# --- Credentials and Client ------------------------------------------------------------------


def test_credentials() -> None:
    creds = callverify.Credentials("my-key", "my-secret")
    assert creds.app_key == "my-key"
    assert repr(creds) == "Credentials(app_key='my-key', app_secret='[redacted]')"
    assert not hasattr(creds, "app_secret")
    creds2 = callverify.Credentials(app_key="k", app_secret="s")
    assert creds2.app_key == "k"


def test_client_properties(client: callverify.Client, credentials: callverify.Credentials) -> None:
    assert client.base_url == HUAWEI
    assert client.credentials is credentials
    assert client.created_offset == 0
    assert callverify.Client(HUAWEI + "/", credentials).base_url == HUAWEI
    assert callverify.Client(HUAWEI, credentials, created_offset=28800).created_offset == 28800
    assert callverify.Client(HUAWEI, credentials, created_offset=None).created_offset == 0
    assert "my-app-key" in repr(client) and "created_offset=0" in repr(client)


def test_client_created_offset_is_keyword_only(credentials: callverify.Credentials) -> None:
    with pytest.raises(TypeError):
        callverify.Client(HUAWEI, credentials, 28800)  # type: ignore[misc]


def test_client_needs_credentials_object() -> None:
    with pytest.raises(TypeError):
        callverify.Client(HUAWEI, ("k", "s"))  # type: ignore[arg-type]


# --- call_verify --------------------------------------------------------------------------


def test_call_verify_defaults_sign_with_clock_and_fresh_nonce(client: callverify.Client) -> None:
    before = int(time.time())
    a = client.call_verify(**VALID)
    b = client.call_verify(**VALID)
    after = int(time.time())
    assert a.method == "POST"
    assert a.url == HUAWEI + "/rest/httpsessions/callVerify/v1.0"
    assert a.body == b.body
    assert a.headers["X-AKSK"] != b.headers["X-AKSK"], "each call signs with a fresh nonce"
    assert a != b
    x_aksk = a.headers["X-AKSK"]
    nonce = x_aksk.split('Nonce="')[1].split('"')[0]
    assert len(nonce) == 32 and all(c in "0123456789abcdef" for c in nonce)
    created = x_aksk.split('Created="')[1].split('"')[0]
    stamp = time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime(before))
    stamp_after = time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime(after))
    assert stamp <= created <= stamp_after


def test_call_verify_is_deterministic_with_now_and_nonce(client: callverify.Client) -> None:
    a = client.call_verify(**VALID, now=1_700_000_000, nonce="abc")
    b = client.call_verify(**VALID, now=1_700_000_000, nonce="abc")
    assert a == b
    assert a.headers == b.headers


def test_call_verify_all_fields(client: callverify.Client) -> None:
    r = client.call_verify(
        **VALID,
        language_type=2,
        pos_tone="bye.wav",
        times=0,
        status_url=STATUS_URL,
        fee_url="https://example.com/voice/fee",
        return_idle_port=True,
        user_data="order-4711",
        now=1_700_000_000,
        nonce="n0nce",
    )
    body = json.loads(r.body)
    assert list(body) == [
        "displayNbr", "calleeNbr", "languageType", "preTone", "verifyCode", "posTone", "times",
        "statusUrl", "feeUrl", "returnIdlePort", "userData",
    ]  # fmt: skip
    assert body["statusUrl"] == base64.b64encode(STATUS_URL.encode()).decode()
    assert body["returnIdlePort"] == "true"
    assert body["times"] == 0


def test_call_verify_headers_are_a_fresh_ordered_dict(client: callverify.Client) -> None:
    r = client.call_verify(**VALID)
    headers = r.headers
    assert isinstance(headers, dict)
    assert list(headers) == ["Content-Type", "Authorization", "X-AKSK"]
    assert headers["Content-Type"] == "application/json;charset=UTF-8"
    assert headers["Authorization"] == 'AKSK realm="SDP",profile="UsernameToken",type="Appkey"'
    headers["X-AKSK"] = "tampered"
    assert r.headers["X-AKSK"] != "tampered", "the request itself is immutable"
    assert r.header("x-aksk") == r.headers["X-AKSK"]
    assert r.header("nope") is None


def test_body_bytes_are_utf8_for_non_ascii_tones(client: callverify.Client) -> None:
    r = client.call_verify(**{**VALID, "pre_tone": "欢迎.wav"})
    assert isinstance(r.body_bytes, bytes)
    assert r.body_bytes == r.body.encode("utf-8")
    assert "欢迎.wav" in r.body


def test_call_verify_arguments_are_keyword_only(client: callverify.Client) -> None:
    with pytest.raises(TypeError):
        client.call_verify("+8675528000088", "+8618900000007", "1234", "w.wav")  # type: ignore[misc]
    with pytest.raises(TypeError):
        client.call_verify(**VALID, unknown=1)  # type: ignore[call-arg]
    with pytest.raises(TypeError):
        client.call_verify(display_nbr="+8675528000088")  # type: ignore[call-arg]


def test_call_verify_type_errors(client: callverify.Client) -> None:
    for bad in (
        {"times": "3"},
        {"times": 3.0},
        {"times": True},
        {"language_type": "2"},
        {"return_idle_port": "yes"},
        {"return_idle_port": 1},
        {"now": 1.5},
        {"now": "1700000000"},
        {"nonce": 12345},
        {"display_nbr": 8675528000088},
        {"user_data": b"bytes"},
    ):
        with pytest.raises(TypeError):
            client.call_verify(**{**VALID, **bad})


def test_call_verify_huge_numbers_are_validation_errors(client: callverify.Client) -> None:
    """Every i64 reaches the core unchanged and comes back as the core's typed error."""
    for value in (2**63 - 1, -(2**63), 2**31, -(2**31) - 1):
        with pytest.raises(callverify.ValidationError) as e:
            client.call_verify(**VALID, times=value)
        assert [(v.field, v.code) for v in e.value.errors] == [("times", "times_range")]
        with pytest.raises(callverify.ValidationError) as e:
            client.call_verify(**VALID, language_type=value)
        assert e.value.errors[0].code == "language_type_unsupported"
    for now in (2**63 - 1, -(2**63)):
        with pytest.raises(callverify.ConfigError) as c:
            client.call_verify(**VALID, now=now)
        assert c.value.code == "time_out_of_range"
    # 2**32 + 28800 would read as 28800 if anything truncated it to 32 bits.
    pairs = callverify.sign_push(client.credentials, STATUS_URL, now=1000)
    for offset in (2**32 + 28800, 2**63 - 1, -(2**63)):
        with pytest.raises(callverify.ConfigError) as c:
            callverify.Client(HUAWEI, client.credentials, created_offset=offset)
        assert c.value.code == "created_offset_invalid"
        with pytest.raises(callverify.ConfigError) as c:
            callverify.verify_push(pairs, STATUS_URL, client.credentials, now=1000, created_offset=offset)
        assert c.value.code == "created_offset_invalid"


def test_ints_beyond_64_bits_are_overflow_errors_naming_the_argument(client: callverify.Client) -> None:
    """No binding narrows: an int that does not fit the core's i64 is an OverflowError, never clamped."""
    creds = client.credentials
    pairs = callverify.sign_push(creds, STATUS_URL, now=1000)
    calls: dict[str, Callable[[int], object]] = {
        "times": lambda v: client.call_verify(**VALID, times=v),
        "language_type": lambda v: client.call_verify(**VALID, language_type=v),
        "now": lambda v: client.call_verify(**VALID, now=v),
        "created_offset": lambda v: callverify.Client(HUAWEI, creds, created_offset=v),
        "window": lambda v: callverify.verify_push(pairs, STATUS_URL, creds, now=1000, window=v),
        "digits": lambda v: callverify.generate_verify_code(v),
        "code": lambda v: callverify.hangup_cause(v),
    }
    for name, call in calls.items():
        for value in (2**63, -(2**63) - 1, 10**30, -(10**30)):
            with pytest.raises(OverflowError) as e:
                call(value)
            assert str(e.value).startswith(f"{name} is {value};"), str(e.value)


def test_validation_comes_before_signing(client: callverify.Client) -> None:
    with pytest.raises(callverify.ValidationError):
        client.call_verify(**{**VALID, "verify_code": "x"}, nonce="bad nonce!")
    with pytest.raises(callverify.ConfigError) as e:
        client.call_verify(**VALID, nonce="bad nonce!")
    assert e.value.code == "nonce_invalid"


def test_sign(client: callverify.Client) -> None:
    sig = client.sign(now=1_527_294_930, nonce="ac1c911c4792492687f8f6b2264a491e")
    assert sig.created == "2018-05-26T00:35:30Z"
    assert sig.nonce == "ac1c911c4792492687f8f6b2264a491e"
    assert sig.authorization == 'AKSK realm="SDP",profile="UsernameToken",type="Appkey"'
    assert sig.x_aksk.startswith('UsernameToken Username="my-app-key",PasswordDigest="')
    assert len(sig.password_digest) == 44
    assert sig.password_digest in sig.x_aksk
    assert sig.password_digest not in repr(sig)
    assert "[redacted]" in repr(sig)
    assert client.sign().nonce != client.sign().nonce
    with pytest.raises(TypeError):
        client.sign(1_527_294_930)  # type: ignore[misc]


def test_created_offset_shifts_created(credentials: callverify.Credentials) -> None:
    beijing = callverify.Client(HUAWEI, credentials, created_offset=28800)
    assert beijing.sign(now=0, nonce="a").created == "1970-01-01T08:00:00Z"


# --- responses and result codes ---------------------------------------------------------------


def test_parse_response_success_and_idle_port() -> None:
    body = '{"resultcode":"0","resultdesc":"Success","sessionId":"s-1","idlePort":12}'
    for given in (body, body.encode(), bytearray(body.encode()), memoryview(body.encode())):
        r = callverify.parse_call_verify_response(200, given)
        assert (r.session_id, r.idle_port, r.result_desc) == ("s-1", 12, "Success")
    assert r.to_dict() == {"sessionId": "s-1", "idlePort": 12, "resultDesc": "Success"}
    assert repr(r) == "CallVerifyResponse(session_id='s-1', idle_port=12, result_desc='Success')"


def test_explain() -> None:
    entry = callverify.explain("1010010", 403)
    assert entry is not None
    assert (entry.code, entry.http_status, entry.category) == ("1010010", 403, "rate_limit")
    assert (entry.retry.kind, entry.retry.seconds, entry.retry.retryable) == ("after_seconds", 60, True)
    assert entry == callverify.explain("1010010", http_status=403)
    assert callverify.explain("9999999") is None
    with pytest.raises(callverify.ConfigError) as e:
        callverify.explain("1010010")
    assert e.value.code == "ambiguous_result_code"
    d = entry.to_dict()
    assert d["code"] == "1010010" and d["retry"] == {"kind": "after_seconds", "seconds": 60}


def test_result_codes_table() -> None:
    rows = callverify.result_codes()
    assert len(rows) > 20
    assert rows[0].code == "0" and rows[0].category == "success"
    for row in rows:
        assert row.retry.kind in ("never", "after_seconds", "immediately_with_fresh_signature")
        assert (row.retry.seconds is not None) == (row.retry.kind == "after_seconds")


# --- pushes -----------------------------------------------------------------------------------


def test_parse_status_event() -> None:
    event = callverify.parse_push(DISCONNECT)
    assert isinstance(event, callverify.StatusEvent)
    assert event.kind == "status"
    assert event.event_type == "disconnect"
    assert event.session_id == "1202_14260"
    assert event.timestamp == callverify.parse_push(DISCONNECT.decode()).timestamp
    assert (event.timestamp.text, event.timestamp.unix) == ("2019-01-24 02:49:23", 1548298163)
    assert (event.caller, event.called, event.user_data) == ("+8613800000022", "+8613800000021", "order-1")
    assert (event.state_code, event.state_desc) == (8102, "busy")
    cause = event.hangup_cause
    assert cause is not None and cause.category == "busy" and cause.code == 8102
    assert cause == callverify.hangup_cause(8102)
    assert event.to_dict()["kind"] == "status"
    assert event.to_dict()["timestamp"] == {"text": "2019-01-24 02:49:23", "unix": 1548298163}
    assert repr(event).startswith("StatusEvent(event_type='disconnect', session_id='1202_14260'")


def test_parse_fee_batch() -> None:
    batch = callverify.parse_push(FEE)
    assert isinstance(batch, callverify.FeeBatch)
    assert batch.kind == "fee"
    assert len(batch) == 2
    first, second = batch
    assert batch.records == (first, second)
    assert first.session_id == "s-1" and first.dedupe_key == "fee:s-1"
    assert first.direction == 0 and first.sip_status_code == 200 and first.call_out_unasw_rsn == 16
    assert first.caller_num == "+8675528000088" and first.service_type == "003"
    assert first.call_end_time is not None and first.call_end_time.unix == 1548298163
    assert first.fail_time is None, "empty times of stages never reached are absent"
    assert second.session_id == "s-2" and second.direction is None and second.call_end_time is None
    assert batch.to_dict()["records"][1]["sessionId"] == "s-2"
    assert first.to_dict()["callEndTime"] == {"text": "2019-01-24 02:49:23", "unix": 1548298163}
    assert "session_id='s-2'" in repr(batch)


def test_parse_unknown_push_keeps_everything() -> None:
    body = '{"eventType":"callin","statusInfo":{"digitInfo":"1"}}'
    push = callverify.parse_push(body)
    assert isinstance(push, callverify.UnknownPush)
    assert (push.kind, push.event_type, push.raw_json) == ("unknown", "callin", body)


def test_parse_collect_info_push() -> None:
    body = (
        '{"eventType":"collectInfo","statusInfo":{"sessionId":"s-9",'
        '"timestamp":"2018-05-22 06:44:03","digitInfo":"1","userData":"CaaS Hosting Test"}}'
    )
    push = callverify.parse_push(body)
    assert isinstance(push, callverify.CollectInfoEvent)
    assert (push.kind, push.event_type, push.session_id) == ("collect_info", "collectInfo", "s-9")
    assert (push.digit_info, push.user_data, push.timestamp.unix) == ("1", "CaaS Hosting Test", 1526971443)
    assert push.to_dict()["digitInfo"] == "1" and push.to_dict()["kind"] == "collect_info"
    assert repr(push).startswith("CollectInfoEvent(session_id='s-9'") and "digit_info='1'" in repr(push)
    assert push == callverify.parse_push(body.encode())
    with pytest.raises(callverify.ParseError) as e:
        callverify.parse_push(body.replace('"1"', "1"))
    assert (e.value.code, e.value.field) == ("wrong_type", "statusInfo.digitInfo")


def test_parse_push_errors_name_the_field() -> None:
    with pytest.raises(callverify.ParseError) as e:
        callverify.parse_push(b'{"eventType":"answer","statusInfo":{"timestamp":"2019-01-24 02:49:23"}}')
    assert e.value.code == "missing_field"
    assert e.value.field == "statusInfo.sessionId"
    assert e.value.http_status is None


class HeaderMap(Mapping[str, str]):
    """A read-only mapping like the headers objects of web frameworks."""

    def __init__(self, pairs: list[tuple[str, str]]) -> None:
        self._pairs = pairs

    def __getitem__(self, key: str) -> str:
        for k, v in self._pairs:
            if k.lower() == key.lower():
                return v
        raise KeyError(key)

    def __iter__(self) -> Iterator[str]:
        return iter(k for k, _ in self._pairs)

    def __len__(self) -> int:
        return len(self._pairs)


def test_verify_push_accepts_all_header_shapes(credentials: callverify.Credentials) -> None:
    pairs = callverify.sign_push(credentials, STATUS_URL, nonce="abc123", now=1_700_000_000)
    assert [n for n, _ in pairs] == ["Authorization", "X-AKSK"]
    shapes: list[object] = [
        pairs,
        tuple(pairs),
        dict(pairs),
        {k.lower(): v for k, v in pairs},
        [(k.encode(), v.encode()) for k, v in pairs],  # ASGI raw headers
        HeaderMap(pairs),
        wsgiref.headers.Headers(list(pairs)),
        iter(pairs),
    ]
    for headers in shapes:
        v = callverify.verify_push(headers, STATUS_URL, credentials, now=1_700_000_100)  # type: ignore[arg-type]
        assert v.verified
        assert v.digest_form == "newline"
        assert v.created_offset_seconds == 0
        assert v.replay_key == "abc123:2023-11-14T22:13:20Z"
        assert v.remember_for_seconds == 600 + 28800
        assert v.to_dict()["status"] == "verified"


def test_verify_push_options(credentials: callverify.Credentials) -> None:
    pairs = callverify.sign_push(credentials, STATUS_URL, nonce="n1", now=1000, digest_form="concatenated")
    ok = callverify.verify_push(pairs, STATUS_URL, credentials, now=1000, digest_form="concatenated", window=10)
    assert ok.digest_form == "concatenated" and ok.remember_for_seconds == 20 + 28800
    pinned = callverify.verify_push(pairs, STATUS_URL, credentials, now=1000, window=10, created_offset=0)
    assert pinned.created_offset_seconds == 0 and pinned.remember_for_seconds == 20
    with pytest.raises(callverify.PushAuthError) as e:
        callverify.verify_push(pairs, STATUS_URL, credentials, now=1000, digest_form="newline")
    assert e.value.code == "digest_mismatch" and e.value.field == "X-AKSK"
    with pytest.raises(callverify.PushAuthError) as e:
        callverify.verify_push(pairs, STATUS_URL, credentials, now=1011, window=10)
    assert e.value.code == "stale_push"
    with pytest.raises(callverify.ConfigError) as c:
        callverify.verify_push(pairs, STATUS_URL, credentials, now=1000, window=0)
    assert c.value.code == "window_invalid"
    for window in (86_401, 2**32 + 300, 2**63 - 1, -(2**63)):
        with pytest.raises(callverify.ConfigError) as c:
            callverify.verify_push(pairs, STATUS_URL, credentials, now=1000, window=window)
        assert c.value.code == "window_invalid"
    with pytest.raises(ValueError):
        callverify.verify_push(pairs, STATUS_URL, credentials, now=1000, digest_form="both")  # type: ignore[arg-type]
    with pytest.raises(callverify.PushAuthError) as e:
        callverify.verify_push({}, STATUS_URL, credentials)
    assert e.value.code == "unsigned_push"
    unsigned = callverify.verify_push({}, STATUS_URL, credentials, allow_unsigned=True)
    assert not unsigned.verified and unsigned.replay_key is None and unsigned.remember_for_seconds is None
    assert unsigned.created_offset_seconds is None
    with pytest.raises(TypeError):
        callverify.verify_push(pairs, STATUS_URL, credentials, 1000)  # type: ignore[misc]


def test_verify_push_defaults_to_the_clock(credentials: callverify.Credentials) -> None:
    pairs = callverify.sign_push(credentials, STATUS_URL)
    assert callverify.verify_push(pairs, STATUS_URL, credentials).verified


def test_verify_push_rejects_duplicate_headers(credentials: callverify.Credentials) -> None:
    pairs = callverify.sign_push(credentials, STATUS_URL, now=1000)
    with pytest.raises(callverify.PushAuthError) as e:
        callverify.verify_push(pairs + pairs[1:], STATUS_URL, credentials, now=1000)
    assert e.value.code == "malformed_auth_header"


def test_verify_push_accepts_beijing_time_by_default(credentials: callverify.Credentials) -> None:
    # The platform stamps Created in Beijing time (UTC+8), still with a trailing Z.
    beijing = callverify.sign_push(credentials, STATUS_URL, nonce="bj", now=1_700_000_000 + 28800)
    v = callverify.verify_push(beijing, STATUS_URL, credentials, now=1_700_000_100)
    assert v.verified and v.created_offset_seconds == 28800
    assert v.replay_key == "bj:2023-11-15T06:13:20Z"
    assert v.remember_for_seconds == 600 + 28800
    assert "created_offset_seconds=28800" in repr(v)
    assert v.to_dict()["createdOffsetSeconds"] == 28800
    # None is the default: both clocks.
    assert callverify.verify_push(beijing, STATUS_URL, credentials, now=1_700_000_100, created_offset=None) == v
    pinned = callverify.verify_push(beijing, STATUS_URL, credentials, now=1_700_000_100, created_offset=28800)
    assert pinned.created_offset_seconds == 28800 and pinned.remember_for_seconds == 600


def test_verify_push_pinned_to_utc_names_the_offset(credentials: callverify.Credentials) -> None:
    beijing = callverify.sign_push(credentials, STATUS_URL, now=1_700_000_000 + 28800)
    with pytest.raises(callverify.PushAuthError) as e:
        callverify.verify_push(beijing, STATUS_URL, credentials, now=1_700_000_100, created_offset=0)
    assert e.value.code == "future_push" and e.value.field == "X-AKSK"
    assert "looks like local time at UTC+8" in str(e.value) and "to 28800" in str(e.value)


def test_verify_push_pinned_to_beijing_rejects_utc(credentials: callverify.Credentials) -> None:
    # sign_push writes UTC; a receiver pinned to +8 h reads it as 8 hours old.
    pairs = callverify.sign_push(credentials, STATUS_URL, now=100_000)
    assert callverify.verify_push(pairs, STATUS_URL, credentials, now=100_000).created_offset_seconds == 0
    with pytest.raises(callverify.PushAuthError) as e:
        callverify.verify_push(pairs, STATUS_URL, credentials, now=100_000, created_offset=28800)
    assert e.value.code == "stale_push"
    assert "looks like it was stamped in UTC" in str(e.value) and "to 0" in str(e.value)
    with pytest.raises(callverify.ConfigError) as c:
        callverify.verify_push(pairs, STATUS_URL, credentials, now=100_000, created_offset=7)
    assert c.value.code == "created_offset_invalid"


# --- small functions --------------------------------------------------------------------------


def test_generate_verify_code() -> None:
    code = callverify.generate_verify_code()
    assert len(code) == 6 and code.isdigit() and code.isascii()
    assert len(callverify.generate_verify_code(8)) == 8
    assert len(callverify.generate_verify_code(digits=2)) == 2
    codes = {callverify.generate_verify_code(8) for _ in range(200)}
    assert len(codes) > 190
    for bad in (1, 9, -1, 2**32 + 6, 2**63 - 1):
        with pytest.raises(callverify.ConfigError) as e:
            callverify.generate_verify_code(bad)
        assert e.value.code == "digits_out_of_range"
    with pytest.raises(TypeError):
        callverify.generate_verify_code("6")  # type: ignore[arg-type]


def test_encode_user_data() -> None:
    encoded = callverify.encode_user_data("订单 4711")
    assert base64.b64decode(encoded).decode() == "订单 4711"
    client = callverify.Client(HUAWEI, callverify.Credentials("k", "s"))
    client.call_verify(**VALID, user_data=encoded)
    with pytest.raises(callverify.ValidationError) as e:
        client.call_verify(**VALID, user_data="订单 4711")
    assert e.value.errors[0].code == "user_data_non_ascii"


def test_hangup_causes() -> None:
    causes = callverify.hangup_causes()
    assert {c.code for c in causes} >= {0, 8102, 8104}
    assert callverify.hangup_cause(0) is not None
    assert callverify.hangup_cause(4242) is None
    assert callverify.hangup_cause(2**63 - 1) is None
    assert callverify.hangup_cause(8102).to_dict()["category"] == "busy"  # type: ignore[union-attr]


# --- value objects --------------------------------------------------------------------------


def all_value_objects() -> list[object]:
    creds = callverify.Credentials("k", "s")
    client = callverify.Client(HUAWEI, creds)
    pairs = callverify.sign_push(creds, STATUS_URL, now=1000)
    entry = callverify.explain("0")
    assert entry is not None
    batch = callverify.parse_push(FEE)
    assert isinstance(batch, callverify.FeeBatch)
    return [
        creds,
        client,
        client.call_verify(**VALID),
        client.sign(),
        callverify.parse_call_verify_response(200, '{"resultcode":"0","sessionId":"s"}'),
        entry,
        entry.retry,
        callverify.parse_push(DISCONNECT),
        callverify.parse_push(DISCONNECT).timestamp,  # type: ignore[union-attr]
        batch,
        batch.records[0],
        callverify.parse_push('{"eventType":"x"}'),
        callverify.verify_push(pairs, STATUS_URL, creds, now=1000),
        callverify.hangup_cause(8102),
    ]


@pytest.mark.parametrize("obj", all_value_objects(), ids=lambda o: type(o).__name__)
def test_objects_are_immutable(obj: object) -> None:
    names = [n for n in dir(type(obj)) if not n.startswith("_")]
    assert names
    for name in names + ["new_attribute"]:
        with pytest.raises(AttributeError):
            setattr(obj, name, "x")
    assert not hasattr(obj, "__dict__")


@pytest.mark.parametrize("obj", all_value_objects(), ids=lambda o: type(o).__name__)
def test_objects_have_readable_reprs(obj: object) -> None:
    text = repr(obj)
    assert text.startswith(type(obj).__name__ + "(")
    assert text.endswith(")")
    assert " object at 0x" not in text


def test_value_objects_compare_by_value() -> None:
    assert callverify.parse_push(DISCONNECT) == callverify.parse_push(DISCONNECT)
    assert callverify.parse_push(FEE) == callverify.parse_push(FEE.decode())
    assert callverify.parse_push(FEE) != callverify.parse_push(DISCONNECT)
    assert callverify.explain("0") == callverify.explain("0", 200)
    with pytest.raises(TypeError):
        hash(callverify.parse_push(DISCONNECT))


def test_classes_cannot_be_subclassed() -> None:
    with pytest.raises(TypeError):

        class MyClient(callverify.Client):  # type: ignore[misc]
            pass


def test_output_classes_cannot_be_constructed_from_python() -> None:
    for cls in (callverify.PreparedRequest, callverify.StatusEvent, callverify.PushVerification):
        with pytest.raises(TypeError):
            cls()
