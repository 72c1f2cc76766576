#!/usr/bin/env python3
"""Benchmarks the callverify Python package against idiomatic pure Python, in one run.

Compared, per call (best of several timeit repeats):
  * build + sign + validate a callVerify request: `Client.call_verify` vs. `re` validation of the same
    table-4 rules, `json.dumps`, `base64`, `hmac`/`hashlib`, `os.urandom` nonce and `time.time()`;
  * parse_push (a status event and a fee batch, reading the parsed fields) vs. `json.loads` plus the
    same type and timestamp checks;
  * verify_push vs. `re` header parsing and `hmac.compare_digest`.
Also: the import time of `callverify` (`python -X importtime` and a subprocess timing loop), and the
RSS of a process making 10^6 mixed calls (at start, after 10^5 and after 10^6).

    .venv/bin/python scripts/bench-python.py            # full run (about a minute)
    .venv/bin/python scripts/bench-python.py --smoke    # tiny iteration counts (a check, not figures)

Both implementations are first checked to produce identical results on the same inputs.
"""

from __future__ import annotations

import argparse
import base64
import calendar
import gc
import hashlib
import hmac
import json
import os
import platform
import re
import statistics
import subprocess
import sys
import time
import timeit
from typing import Any

import callverify

HUAWEI = "https://rtccall.cn-north-1.myhuaweicloud.cn:443"
KEY, SECRET = "ZRBRz4bAXoFgEH7o4Ew308eXc1RA", "Q4xK9mZt2LwP8vRb"
REQUEST = {
    "display_nbr": "+8675528000088",
    "callee_nbr": "+8618900000007",
    "verify_code": "123456",
    "pre_tone": "welcome.wav",
    "times": 3,
    "status_url": "https://callback.example.com:8443/voice/status",
    "fee_url": "https://callback.example.com:8443/voice/fee",
    "user_data": "order-4711",
}
STATUS_PUSH = (
    b'{"eventType":"disconnect","statusInfo":{"sessionId":"1202_14260_4294967295_20190124024846@'
    b'callenabler245.huaweicaas.com","timestamp":"2019-01-24 02:49:23","caller":"+8675528000088",'
    b'"called":"+8618900000007","stateCode":8102,"stateDesc":"busy","userData":"order-4711"}}'
)
FEE_PUSH = (
    b'{"eventType":"fee","feeLst":[{"direction":0,"spId":"CaaS_Test_01","appKey":"ZRBRz4bAXoFgEH7o4Ew308eXc1RA",'
    b'"icid":"ba171f34e6953fcd751edc77127748f4.3757289590.338833305.5","bindNum":"+8675528000088",'
    b'"sessionId":"1202_14260_4294967295_20190124024846@callenabler245.huaweicaas.com",'
    b'"callerNum":"+8675528000088","calleeNum":"+8618900000007","fwdUnaswRsn":0,"ulFailReason":0,'
    b'"sipStatusCode":0,"callOutStartTime":"2019-01-24 02:48:46","callOutAlertingTime":"2019-01-24 02:48:47",'
    b'"callOutAnswerTime":"2019-01-24 02:49:12","callEndTime":"2019-01-24 02:49:23","callOutUnaswRsn":0,'
    b'"dynIVRPath":"","recordFlag":0,"ttsPlayTimes":2,"serviceType":"003",'
    b'"hostName":"callenabler245.huaweicaas.com","userData":"cwgtest"}]}'
)
PUSH_URL = "https://callback.example.com:8443/voice/status"

# ---------------------------------------------------------------------------------------------
# The plain-Python way: what a careful developer writes with the standard library.
# ---------------------------------------------------------------------------------------------

AUTHORIZATION = 'AKSK realm="SDP",profile="UsernameToken",type="Appkey"'
PHONE = re.compile(r"\+[0-9]+\Z")
DIGITS = re.compile(r"[0-9]+\Z")
URL_CHARS = re.compile(r"[A-Za-z0-9\-:./]*\Z")
URL_SCHEME = re.compile(r"(?i:https?://)([^/:]*)")
TONE_BAD = re.compile(r"[/\\\x00-\x1f\x7f]")
NONCE = re.compile(r"[0-9A-Za-z]{1,128}\Z")
STAMP = re.compile(r"(\d{4})-(\d{2})-(\d{2}) (\d{2}):(\d{2}):(\d{2})\Z")
X_AKSK = re.compile(
    r'UsernameToken Username="([^"]+)",PasswordDigest="([^"]+)",Nonce="([^"]+)",Created="([^"]+)"\Z'
)
CREATED = re.compile(r"\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}Z\Z")


class PlainValidationError(ValueError):
    def __init__(self, errors: list[tuple[str, str]]) -> None:
        super().__init__(f"{len(errors)} problems")
        self.errors = errors


def _length(errors: list[tuple[str, str]], field: str, value: str, lo: int, hi: int) -> bool:
    if not lo <= len(value) <= hi:
        errors.append((field, "length"))
    return len(value) > 0


def _number(errors: list[tuple[str, str]], field: str, value: str) -> None:
    if _length(errors, field, value, 4, 31):
        if not PHONE.match(value):
            errors.append((field, "phone_format"))
        elif value.startswith("+860"):
            errors.append((field, "phone_trunk_prefix"))


def _tone(errors: list[tuple[str, str]], field: str, value: str) -> None:
    if _length(errors, field, value, 1, 128):
        if len(value) <= 4 or value[-4:].lower() != ".wav" or TONE_BAD.search(value):
            errors.append((field, "tone_format"))


def _url(errors: list[tuple[str, str]], field: str, value: str) -> None:
    if not value:
        errors.append((field, "length"))
        return
    m = URL_SCHEME.match(value)
    if m is None:
        errors.append((field, "url_scheme"))
    elif not m.group(1):
        errors.append((field, "url_host"))
    if not URL_CHARS.match(value):
        errors.append((field, "url_charset"))
    if (len(value.encode()) + 2) // 3 * 4 > 128:
        errors.append((field, "url_encoded_length"))


def plain_call_verify(
    base_url: str,
    app_key: str,
    app_secret: bytes,
    *,
    display_nbr: str,
    callee_nbr: str,
    verify_code: str,
    pre_tone: str,
    language_type: int = 2,
    pos_tone: str | None = None,
    times: int | None = None,
    status_url: str | None = None,
    fee_url: str | None = None,
    return_idle_port: bool | None = None,
    user_data: str | None = None,
    now: int | None = None,
    nonce: str | None = None,
) -> tuple[str, dict[str, str], str]:
    errors: list[tuple[str, str]] = []
    _number(errors, "displayNbr", display_nbr)
    _number(errors, "calleeNbr", callee_nbr)
    if language_type != 2:
        errors.append(("languageType", "language_type_unsupported"))
    _tone(errors, "preTone", pre_tone)
    if _length(errors, "verifyCode", verify_code, 2, 8) and not DIGITS.match(verify_code):
        errors.append(("verifyCode", "verify_code_digits"))
    if pos_tone is not None:
        _tone(errors, "posTone", pos_tone)
    if times is not None and not 0 <= times <= 9:
        errors.append(("times", "times_range"))
    if status_url is not None:
        _url(errors, "statusUrl", status_url)
    if fee_url is not None:
        _url(errors, "feeUrl", fee_url)
    if user_data is not None and _length(errors, "userData", user_data, 1, 256):
        if "{" in user_data or "}" in user_data:
            errors.append(("userData", "user_data_braces"))
        if not user_data.isascii():
            errors.append(("userData", "user_data_non_ascii"))
    if errors:
        raise PlainValidationError(errors)
    body: dict[str, Any] = {
        "displayNbr": display_nbr,
        "calleeNbr": callee_nbr,
        "languageType": language_type,
        "preTone": pre_tone,
        "verifyCode": verify_code,
    }
    if pos_tone is not None:
        body["posTone"] = pos_tone
    if times is not None:
        body["times"] = times
    if status_url is not None:
        body["statusUrl"] = base64.b64encode(status_url.encode()).decode()
    if fee_url is not None:
        body["feeUrl"] = base64.b64encode(fee_url.encode()).decode()
    if return_idle_port is not None:
        body["returnIdlePort"] = "true" if return_idle_port else "false"
    if user_data is not None:
        body["userData"] = user_data
    nonce = nonce if nonce is not None else os.urandom(16).hex()
    if not NONCE.match(nonce):
        raise ValueError("nonce")
    created = time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime(int(time.time()) if now is None else now))
    digest = base64.b64encode(hmac.new(app_secret, (nonce + created).encode(), hashlib.sha256).digest()).decode()
    x_aksk = f'UsernameToken Username="{app_key}",PasswordDigest="{digest}",Nonce="{nonce}",Created="{created}"'
    headers = {
        "Content-Type": "application/json;charset=UTF-8",
        "Authorization": AUTHORIZATION,
        "X-AKSK": x_aksk,
    }
    url = base_url.rstrip("/") + "/rest/httpsessions/callVerify/v1.0"
    return url, headers, json.dumps(body, separators=(",", ":"), ensure_ascii=False)


def _unix(text: str, field: str) -> int:
    m = STAMP.match(text)
    if m is None:
        raise ValueError(f"{field}: invalid timestamp")
    y, mo, d, h, mi, s = (int(g) for g in m.groups())
    if not (1 <= mo <= 12 and 1 <= d <= 31 and h < 24 and mi < 60 and s < 60):
        raise ValueError(f"{field}: invalid timestamp")
    return calendar.timegm((y, mo, d, h, mi, s, 0, 0, 0))


def _opt(obj: dict[str, Any], key: str, typ: type, field: str) -> Any:
    value = obj.get(key)
    if value is None:
        return None
    if type(value) is not typ:
        raise ValueError(f"{field}: wrong type")
    return value


FEE_TEXT = ("spId", "appKey", "icid", "bindNum", "callerNum", "calleeNum", "dynIVRPath", "serviceType",
            "hostName", "userData")  # fmt: skip
FEE_INT = ("direction", "fwdUnaswRsn", "ulFailReason", "sipStatusCode", "callOutUnaswRsn", "recordFlag",
           "ttsPlayTimes")  # fmt: skip
FEE_TIME = ("failTime", "callOutStartTime", "callOutAlertingTime", "callOutAnswerTime", "callEndTime",
            "dynIVRStartTime")  # fmt: skip


def plain_parse_push(body: bytes) -> dict[str, Any]:
    if not body.strip():
        raise ValueError("empty body")
    if len(body) > 1 << 20:
        raise ValueError("body too large")
    data = json.loads(body)
    if type(data) is not dict:
        raise ValueError("not an object")
    event = data.get("eventType")
    if type(event) is not str:
        raise ValueError("eventType")
    if event in ("callout", "alerting", "answer", "disconnect"):
        info = data.get("statusInfo")
        if type(info) is not dict:
            raise ValueError("statusInfo")
        session = info.get("sessionId")
        if type(session) is not str or not session:
            raise ValueError("statusInfo.sessionId")
        stamp = info.get("timestamp")
        if type(stamp) is not str:
            raise ValueError("statusInfo.timestamp")
        return {
            "kind": "status",
            "event_type": event,
            "session_id": session,
            "timestamp": {"text": stamp, "unix": _unix(stamp, "statusInfo.timestamp")},
            "user_data": _opt(info, "userData", str, "statusInfo.userData"),
            "caller": _opt(info, "caller", str, "statusInfo.caller"),
            "called": _opt(info, "called", str, "statusInfo.called"),
            "state_code": _opt(info, "stateCode", int, "statusInfo.stateCode"),
            "state_desc": _opt(info, "stateDesc", str, "statusInfo.stateDesc"),
        }
    if event == "fee":
        items = data.get("feeLst")
        if type(items) is not list or not 1 <= len(items) <= 50:
            raise ValueError("feeLst")
        records = []
        for i, item in enumerate(items):
            if type(item) is not dict:
                raise ValueError(f"feeLst[{i}]")
            session = item.get("sessionId")
            if type(session) is not str or not session:
                raise ValueError(f"feeLst[{i}].sessionId")
            record: dict[str, Any] = {"sessionId": session}
            for key in FEE_TEXT:
                record[key] = _opt(item, key, str, key)
            for key in FEE_INT:
                record[key] = _opt(item, key, int, key)
            for key in FEE_TIME:
                text = _opt(item, key, str, key)
                record[key] = {"text": text, "unix": _unix(text, key)} if text else None
            records.append(record)
        return {"kind": "fee", "records": records}
    return {"kind": "unknown", "event_type": event, "raw_json": body.decode()}


def plain_verify_push(headers: dict[str, str], url: str, app_key: str, app_secret: bytes, now: int) -> str:
    lower = {k.lower(): v for k, v in headers.items()}
    if lower.get("authorization") != AUTHORIZATION:
        raise PermissionError("authorization")
    m = X_AKSK.match(lower.get("x-aksk", ""))
    if m is None:
        raise PermissionError("malformed X-AKSK")
    username, digest, nonce, created = m.groups()
    if username != app_key or not NONCE.match(nonce) or not CREATED.match(created):
        raise PermissionError("X-AKSK")
    try:
        received = base64.b64decode(digest, validate=True)
    except ValueError:
        raise PermissionError("digest encoding") from None
    for sep in ("", "\n"):
        expected = hmac.new(app_secret, f"{url}{sep}{nonce}{sep}{created}".encode(), hashlib.sha256).digest()
        if hmac.compare_digest(expected, received):
            break
    else:
        raise PermissionError("digest mismatch")
    signed = calendar.timegm(time.strptime(created, "%Y-%m-%dT%H:%M:%SZ"))
    if abs(now - signed) > 300:
        raise PermissionError("stale")
    return f"{nonce}:{created}"


# ---------------------------------------------------------------------------------------------
# Measurements
# ---------------------------------------------------------------------------------------------


def per_call_us(fn: Any, number: int, repeat: int) -> float:
    """Best per-call time in microseconds over `repeat` runs of `number` calls."""
    gc.collect()
    times = timeit.repeat(fn, number=number, repeat=repeat)
    return min(times) / number * 1e6


def check_equivalence() -> None:
    """Both implementations give the same answers (so the comparison is like for like)."""
    client = callverify.Client(HUAWEI, callverify.Credentials(KEY, SECRET))
    r = client.call_verify(**REQUEST, now=1_700_000_000, nonce="0123456789abcdef")
    url, headers, body = plain_call_verify(
        HUAWEI, KEY, SECRET.encode(), **REQUEST, now=1_700_000_000, nonce="0123456789abcdef"
    )
    assert (r.url, r.headers, r.body) == (url, headers, body), "build+sign differ"
    bad = {**REQUEST, "callee_nbr": "+860755123456", "times": 10, "status_url": "ftp://x"}
    try:
        client.call_verify(**bad)
    except callverify.ValidationError as e:
        want = sorted((v.field, v.code) for v in e.errors)
    try:
        plain_call_verify(HUAWEI, KEY, SECRET.encode(), **bad)
    except PlainValidationError as e:
        assert sorted(e.errors) == want, (e.errors, want)
    for body_bytes in (STATUS_PUSH, FEE_PUSH):
        native = callverify.parse_push(body_bytes).to_dict()  # the wire's camelCase names
        plain = plain_parse_push(body_bytes)
        if native["kind"] == "status":
            snake = {re.sub("([A-Z])", lambda m: "_" + m[1].lower(), k): v for k, v in native.items()}
            assert {k: snake[k] for k in plain} == plain, "status push differs"
        else:
            assert len(native["records"]) == len(plain["records"])
            assert native["records"][0]["callEndTime"] == plain["records"][0]["callEndTime"]
    creds = callverify.Credentials(KEY, SECRET)
    pairs = dict(callverify.sign_push(creds, PUSH_URL, nonce="abc", now=1_700_000_000))
    got = callverify.verify_push(pairs, PUSH_URL, creds, now=1_700_000_010).replay_key
    assert got == plain_verify_push(pairs, PUSH_URL, KEY, SECRET.encode(), 1_700_000_010)


def bench_throughput(number: int, repeat: int) -> list[tuple[str, float, float]]:
    client = callverify.Client(HUAWEI, callverify.Credentials(KEY, SECRET))
    creds = callverify.Credentials(KEY, SECRET)
    secret = SECRET.encode()
    pairs = dict(callverify.sign_push(creds, PUSH_URL, nonce="abc", now=1_700_000_000))

    def native_build() -> Any:
        return client.call_verify(**REQUEST)

    def plain_build() -> Any:
        return plain_call_verify(HUAWEI, KEY, secret, **REQUEST)

    def native_status() -> Any:
        e = callverify.parse_push(STATUS_PUSH)
        return e.event_type, e.session_id, e.timestamp.unix, e.state_code  # type: ignore[union-attr]

    def plain_status() -> Any:
        e = plain_parse_push(STATUS_PUSH)
        return e["event_type"], e["session_id"], e["timestamp"]["unix"], e["state_code"]

    def native_fee() -> Any:
        batch = callverify.parse_push(FEE_PUSH)
        return [(r.session_id, r.call_end_time) for r in batch]  # type: ignore[union-attr]

    def plain_fee() -> Any:
        batch = plain_parse_push(FEE_PUSH)
        return [(r["sessionId"], r["callEndTime"]) for r in batch["records"]]

    def native_verify() -> Any:
        return callverify.verify_push(pairs, PUSH_URL, creds, now=1_700_000_010).replay_key

    def plain_verify() -> Any:
        return plain_verify_push(pairs, PUSH_URL, KEY, secret, 1_700_000_010)

    rows = []
    for label, native, plain in (
        ("build + sign + validate (call_verify, clock + fresh nonce)", native_build, plain_build),
        ("parse_push: status event (disconnect), read 4 fields", native_status, plain_status),
        ("parse_push: fee batch (1 record, 24 fields), read 2 fields", native_fee, plain_fee),
        ("verify_push (both digest forms tried, newline matches)", native_verify, plain_verify),
    ):
        n = per_call_us(native, number, repeat)
        p = per_call_us(plain, number, repeat)
        rows.append((label, n, p))
    return rows


def import_time(runs: int) -> tuple[float, float]:
    """(median self+children import µs of callverify from -X importtime, median extra wall ms)."""
    py = sys.executable
    cumulative = []
    for _ in range(runs):
        out = subprocess.run(
            [py, "-X", "importtime", "-c", "import callverify"], capture_output=True, text=True, check=True
        ).stderr
        for line in out.splitlines():
            parts = [p.strip() for p in line.split("|")]
            if len(parts) == 3 and parts[2] == "callverify":
                cumulative.append(int(parts[1]))
    walls = []
    for _ in range(runs):
        t0 = time.perf_counter()
        subprocess.run([py, "-c", "pass"], check=True)
        t1 = time.perf_counter()
        subprocess.run([py, "-c", "import callverify"], check=True)
        t2 = time.perf_counter()
        walls.append((t2 - t1) - (t1 - t0))
    return statistics.median(cumulative), statistics.median(walls) * 1e3


RSS_CHILD = r"""
import os, sys, callverify
page = os.sysconf("SC_PAGE_SIZE")
def rss():
    with open("/proc/self/statm") as f:
        return int(f.read().split()[1]) * page / 2**20
total = int(sys.argv[1])
client = callverify.Client("https://rtccall.cn-north-1.myhuaweicloud.cn:443", callverify.Credentials("k", "s"))
creds = client.credentials
url = "https://callback.example.com/voice/status"
pairs = callverify.sign_push(creds, url, nonce="abc", now=1700000000)
push = b'{"eventType":"disconnect","statusInfo":{"sessionId":"s","timestamp":"2019-01-24 02:49:23","stateCode":8102}}'
kw = dict(display_nbr="+8675528000088", callee_nbr="+8618900000007", verify_code="123456", pre_tone="welcome.wav",
          status_url=url)
def step(i):
    r = client.call_verify(**kw)
    r.headers
    callverify.parse_push(push).timestamp
    callverify.verify_push(pairs, url, creds, now=1700000000)
    if i % 10 == 0:
        try:
            client.call_verify(**{**kw, "times": 10})
        except callverify.ValidationError as e:
            e.errors
for i in range(1000):
    step(i)
marks = [("start (after 10^3 warm-up calls)", rss())]
for i in range(total):
    step(i)
    if i + 1 == total // 10:
        marks.append((f"after {total // 10:,} calls", rss()))
marks.append((f"after {total:,} calls", rss()))
for label, mib in marks:
    print(f"{label}\t{mib:.1f}")
"""


def rss_profile(calls: int) -> list[tuple[str, float]]:
    out = subprocess.run(
        [sys.executable, "-c", RSS_CHILD, str(calls)], capture_output=True, text=True, check=True
    ).stdout
    return [(label, float(mib)) for label, mib in (line.split("\t") for line in out.strip().splitlines())]


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--smoke", action="store_true", help="tiny iteration counts: a check, not figures")
    args = parser.parse_args()
    number, repeat, import_runs, rss_calls = (200, 2, 2, 2_000) if args.smoke else (20_000, 7, 21, 1_000_000)

    check_equivalence()
    print(f"callverify {callverify.__version__}, CPython {platform.python_version()}, {platform.machine()}, "
          f"{os.cpu_count()} CPUs; per call, best of {repeat} x {number:,} calls")  # fmt: skip
    print()
    print("| operation | callverify (µs) | pure Python (µs) | speed-up |")
    print("|---|---:|---:|---:|")
    for label, native, plain in bench_throughput(number, repeat):
        print(f"| {label} | {native:.2f} | {plain:.2f} | {plain / native:.1f}x |")
    print()
    cumulative_us, wall_ms = import_time(import_runs)
    print(f"import callverify: {cumulative_us / 1000:.2f} ms (median cumulative of `python -X importtime`, "
          f"{import_runs} runs); {wall_ms:.2f} ms extra wall time over `python -c pass`")  # fmt: skip
    print()
    print(f"RSS over {rss_calls:,} mixed calls (call_verify + parse_push + verify_push, a ValidationError every 10th):")
    for label, mib in rss_profile(rss_calls):
        print(f"  {label}: {mib:.1f} MiB")
    return 0


if __name__ == "__main__":
    sys.exit(main())
