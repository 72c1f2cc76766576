#!/usr/bin/env python3
"""Independent reference implementation that generates callverify's shared test vectors.

This script is deliberately separate from the Rust core: it uses only Python's standard
library (hmac, hashlib, base64, json, re, math, datetime/calendar) and re-implements, from the
written rules, every behaviour the vectors pin:

  signing.json     X-AKSK signing (Created, PasswordDigest, Authorization, X-AKSK)
  build.json       the callVerify HTTP request (method, URL, headers, exact body bytes)
  validation.json  request-body validation (every rule, all violations reported)
  config.json      client configuration checks (app key/secret, nonce, base URL, ...)
  responses.json   (HTTP status, body) -> success / api_error / parse_error
  push_auth.json   verification of the platform's signed status/fee pushes
  auth_headers.json  the Authorization / X-AKSK values read on their own, strict and lenient
  sandbox.json     only its "header_" cases: the sandbox's table-6 answers to auth headers
  pushes.json      push bodies (status events, fee batches, unknown events) -> parsed / error
  rfc4231.json     HMAC-SHA256 known-answer tests, copied from the shared spec

Test *inputs* are defined below in Python; every *expected output* is computed here.
Most hand-written cases additionally carry the outcome the author intended ("intent"),
and generation fails if the computed outcome disagrees, so a slip in either the rules
or the case list is caught. A malformed-input corpus (truncated, garbled and mistyped bodies,
injected and repeated headers, injected characters in request fields) is generated
systematically, each case with its intended error; such error cases carry "malformed": true.

Usage:
  python3 scripts/vectors.py --write   # (re)write tests/vectors/*.json
  python3 scripts/vectors.py --check   # recompute, compare with the files on disk

The file formats are described in tests/vectors/README.md.
"""

import base64
import calendar
import datetime
import difflib
import hashlib
import hmac
import json
import math
import os
import re
import sys

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
VECTOR_DIR = os.path.join(ROOT, "tests", "vectors")
RESULT_CODES_PATH = os.path.join(ROOT, "core", "data", "result_codes.json")
# The project's shared spec folder sits beside the repository (../shared from the repo root).
SHARED_SPEC_DIR = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "..", "shared", "spec")
SHARED_RFC4231_PATH = os.path.join(SHARED_SPEC_DIR, "rfc4231.json")
# Without the shared folder (a clone elsewhere), the RFC 4231 cases are read from the committed
# vector file instead; their HMACs are recomputed either way.
COMMITTED_RFC4231_PATH = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "tests",
                                      "vectors", "rfc4231.json")
RFC4231_IN_REPO = os.path.join(VECTOR_DIR, "rfc4231.json")


class VectorError(Exception):
    """A case's computed outcome disagrees with its stated intent, or a self-test failed."""


def require(condition, message):
    if not condition:
        raise VectorError(message)


# ---------------------------------------------------------------------------------------
# Small helpers shared by several sections
# ---------------------------------------------------------------------------------------

def b64(data):
    """Standard (RFC 4648 section 4) base64 with padding."""
    return base64.b64encode(data).decode("ascii")


def hmac_sha256(key, message):
    return hmac.new(key, message, hashlib.sha256).digest()


def hmac_sha256_manual(key, message):
    """HMAC-SHA256 written out from RFC 2104, used only to cross-check the hmac module."""
    block = 64
    if len(key) > block:
        key = hashlib.sha256(key).digest()
    key = key.ljust(block, b"\x00")
    inner = hashlib.sha256(bytes(k ^ 0x36 for k in key) + message).digest()
    return hashlib.sha256(bytes(k ^ 0x5C for k in key) + inner).digest()


def ascii_lower(text):
    """Lower-case A-Z only (Python's str.lower() would also fold non-ASCII letters)."""
    return "".join(chr(ord(c) + 32) if "A" <= c <= "Z" else c for c in text)


def is_control(c):
    return ord(c) <= 0x1F or ord(c) == 0x7F


def utc(year, month, day, hour=0, minute=0, second=0):
    """Unix seconds of a UTC calendar time."""
    return calendar.timegm((year, month, day, hour, minute, second, 0, 0, 0))


EPOCH = datetime.datetime(1970, 1, 1)
MAX_UNIX_TIME = 253402300799  # 9999-12-31T23:59:59Z: the last second with a 4-digit year


# ---------------------------------------------------------------------------------------
# Signing
# ---------------------------------------------------------------------------------------

AUTHORIZATION = 'AKSK realm="SDP",profile="UsernameToken",type="Appkey"'


def created_string(unix_time, offset_seconds):
    """Created = UTC calendar time of (unix_time + offset), with a literal "Z" either way."""
    moment = EPOCH + datetime.timedelta(seconds=unix_time + offset_seconds)
    return moment.strftime("%Y-%m-%dT%H:%M:%SZ")


def password_digest(app_secret, nonce, created):
    return b64(hmac_sha256(app_secret.encode("utf-8"), (nonce + created).encode("utf-8")))


def x_aksk_header(app_key, digest, nonce, created):
    return ('UsernameToken Username="%s",PasswordDigest="%s",Nonce="%s",Created="%s"'
            % (app_key, digest, nonce, created))


def sign(app_key, app_secret, nonce, unix_time, created_offset_seconds=0):
    created = created_string(unix_time, created_offset_seconds)
    digest = password_digest(app_secret, nonce, created)
    return {
        "created": created,
        "password_digest": digest,
        "authorization": AUTHORIZATION,
        "x_aksk": x_aksk_header(app_key, digest, nonce, created),
    }


NONCE_128 = ("0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz" * 3)[:128]
SEED_APP_KEY = "ZRBRz4bAXoFgEH7o4Ew308eXc1RA"
SEED_NONCE = "ac1c911c4792492687f8f6b2264a491e"
SEED_TIME = utc(2018, 5, 26, 0, 35, 30)
SECRET = "Q4xK9mZt2LwP8vRb"

# (name, app_key, app_secret, nonce, unix_time, created_offset_seconds, expected Created)
SIGNING_CASES = [
    ("seed_example_time", SEED_APP_KEY, SECRET, SEED_NONCE, SEED_TIME, 0, "2018-05-26T00:35:30Z"),
    ("epoch_zero", "appkey0", SECRET, SEED_NONCE, 0, 0, "1970-01-01T00:00:00Z"),
    ("leap_day_2024", "appkey0", SECRET, SEED_NONCE, utc(2024, 2, 29, 12, 34, 56), 0,
     "2024-02-29T12:34:56Z"),
    ("leap_day_2000_century", "appkey0", SECRET, SEED_NONCE, utc(2000, 2, 29), 0,
     "2000-02-29T00:00:00Z"),
    ("non_leap_century_2100_march_1", "appkey0", SECRET, SEED_NONCE,
     utc(2100, 2, 28, 23, 59, 59) + 1, 0, "2100-03-01T00:00:00Z"),
    ("end_of_year_2023", "appkey0", SECRET, SEED_NONCE, utc(2023, 12, 31, 23, 59, 59), 0,
     "2023-12-31T23:59:59Z"),
    ("max_time_year_9999", "appkey0", SECRET, SEED_NONCE, MAX_UNIX_TIME, 0, "9999-12-31T23:59:59Z"),
    ("nonce_one_char", "appkey0", SECRET, "a", SEED_TIME, 0, "2018-05-26T00:35:30Z"),
    ("nonce_128_chars", "appkey0", SECRET, NONCE_128, SEED_TIME, 0, "2018-05-26T00:35:30Z"),
    ("nonce_uppercase_hex_spec_example", "appkey0", SECRET, "66C92B11FF8A425FB8D4CCFE0ED9ED1F",
     utc(2018, 2, 12, 15, 30, 20), 0, "2018-02-12T15:30:20Z"),
    ("secret_one_char", "appkey0", "s", SEED_NONCE, SEED_TIME, 0, "2018-05-26T00:35:30Z"),
    ("secret_200_chars", "appkey0", ("0123456789abcdefghij" * 10), SEED_NONCE, SEED_TIME, 0,
     "2018-05-26T00:35:30Z"),
    ("secret_exactly_64_bytes", "appkey0", "B" * 64, SEED_NONCE, SEED_TIME, 0,
     "2018-05-26T00:35:30Z"),
    ("secret_65_bytes_longer_than_block", "appkey0", "B" * 65, SEED_NONCE, SEED_TIME, 0,
     "2018-05-26T00:35:30Z"),
    ("secret_non_ascii_utf8", "appkey0", "密钥ß", SEED_NONCE, SEED_TIME, 0,
     "2018-05-26T00:35:30Z"),
    ("secret_non_ascii_22_chars_66_bytes", "appkey0", "密" * 22, SEED_NONCE, SEED_TIME, 0,
     "2018-05-26T00:35:30Z"),
    ("offset_beijing_plus_28800", SEED_APP_KEY, SECRET, SEED_NONCE, SEED_TIME, 28800,
     "2018-05-26T08:35:30Z"),
    ("offset_beijing_crosses_new_year", "appkey0", SECRET, SEED_NONCE,
     utc(2023, 12, 31, 20, 0, 0), 28800, "2024-01-01T04:00:00Z"),
    ("offset_beijing_lands_on_leap_day", "appkey0", SECRET, SEED_NONCE,
     utc(2024, 2, 28, 20, 0, 0), 28800, "2024-02-29T04:00:00Z"),
    ("offset_minus_18000", "appkey0", SECRET, SEED_NONCE, SEED_TIME, -18000,
     "2018-05-25T19:35:30Z"),
    ("offset_plus_20700_nepal", "appkey0", SECRET, SEED_NONCE, SEED_TIME, 20700,
     "2018-05-26T06:20:30Z"),
    ("max_time_with_negative_offset", "appkey0", SECRET, SEED_NONCE, MAX_UNIX_TIME, -18000,
     "9999-12-31T18:59:59Z"),
]


def signing_vectors():
    cases = []
    for name, app_key, secret, nonce, unix_time, offset, intent_created in SIGNING_CASES:
        # Inputs must themselves be valid configuration.
        for key, value in (("app_key", {"app_key": app_key, "app_secret": secret}),
                           ("nonce", {"nonce": nonce}), ("unix_time", {"unix_time": unix_time}),
                           ("created_offset_seconds", {"created_offset_seconds": offset})):
            require(check_config(value) == {"ok": True}, "signing %s: invalid %s" % (name, key))
        expect = sign(app_key, secret, nonce, unix_time, offset)
        require(expect["created"] == intent_created,
                "signing %s: created %s != %s" % (name, expect["created"], intent_created))
        cases.append({
            "name": name,
            "app_key": app_key,
            "app_secret": secret,
            "nonce": nonce,
            "unix_time": unix_time,
            "created_offset_seconds": offset,
            "expect": expect,
        })
    return cases


# ---------------------------------------------------------------------------------------
# Request building
# ---------------------------------------------------------------------------------------

CALL_VERIFY_PATH = "/rest/httpsessions/callVerify/v1.0"
BODY_ORDER = ["displayNbr", "calleeNbr", "languageType", "preTone", "verifyCode", "posTone",
              "times", "statusUrl", "feeUrl", "returnIdlePort", "userData"]


def build_body(request):
    """Exact body string: compact JSON, fixed key order, absent optional keys omitted."""
    body = {}
    for key in BODY_ORDER:
        if key not in request:
            continue
        value = request[key]
        if key in ("statusUrl", "feeUrl"):
            value = b64(value.encode("utf-8"))
        elif key == "returnIdlePort":
            value = "true" if value else "false"
        body[key] = value
    require(set(request) <= set(BODY_ORDER), "unknown request keys %r" % sorted(request))
    return json.dumps(body, separators=(",", ":"), ensure_ascii=False)


def build_request(base_url, app_key, app_secret, nonce, unix_time, offset, request):
    signed = sign(app_key, app_secret, nonce, unix_time, offset)
    base = base_url[:-1] if base_url.endswith("/") else base_url
    return {
        "method": "POST",
        "url": base + CALL_VERIFY_PATH,
        "headers": [
            ["Content-Type", "application/json;charset=UTF-8"],
            ["Authorization", signed["authorization"]],
            ["X-AKSK", signed["x_aksk"]],
        ],
        "body": build_body(request),
    }


HUAWEI_BASE = "https://rtccall.cn-north-1.myhuaweicloud.cn:443"
SEED_REQUEST = {
    "displayNbr": "+8675528000088",
    "calleeNbr": "+8618900000007",
    "languageType": 2,
    "preTone": "welcome.wav",
    "verifyCode": "12345678",
    "times": 3,
    "userData": "cwgtest",
}
MINIMAL_REQUEST = {
    "displayNbr": "+8675528000088",
    "calleeNbr": "+8618900000007",
    "languageType": 2,
    "preTone": "welcome.wav",
    "verifyCode": "1234",
}
FULL_REQUEST = {
    "displayNbr": "+8675528000088",
    "calleeNbr": "+8618900000007",
    "languageType": 2,
    "preTone": "welcome.wav",
    "verifyCode": "12345678",
    "posTone": "goodbye.wav",
    "times": 3,
    "statusUrl": "https://callback.example.com:8443/voice/status",
    "feeUrl": "https://www.huawei.com:9330/fee",
    "returnIdlePort": True,
    "userData": "order-4711",
}
# Exactly 96 ASCII bytes, all in the allowed URL alphabet: base64 is exactly 128 chars.
STATUS_URL_96 = "https://callback.example.com/" + "s" * (96 - len("https://callback.example.com/"))
STATUS_URL_97 = STATUS_URL_96 + "s"
USER_DATA_256 = ("0123456789abcdef" * 16)


def with_(base, **changes):
    """Copy of a request dict with keys replaced; a value of DROP removes the key."""
    out = dict(base)
    for key, value in changes.items():
        if value is DROP:
            out.pop(key, None)
        else:
            out[key] = value
    return out


DROP = object()

# (name, base_url, nonce, unix_time, offset, request)
BUILD_CASES = [
    ("seed_example", HUAWEI_BASE, SEED_NONCE, SEED_TIME, 0, SEED_REQUEST),
    ("minimal_required_only", HUAWEI_BASE, SEED_NONCE, SEED_TIME, 0, MINIMAL_REQUEST),
    ("all_fields", HUAWEI_BASE, SEED_NONCE, SEED_TIME, 0, FULL_REQUEST),
    ("times_0_infinite_loop", HUAWEI_BASE, SEED_NONCE, SEED_TIME, 0,
     with_(MINIMAL_REQUEST, times=0)),
    ("times_9", HUAWEI_BASE, SEED_NONCE, SEED_TIME, 0, with_(MINIMAL_REQUEST, times=9)),
    ("return_idle_port_true", HUAWEI_BASE, SEED_NONCE, SEED_TIME, 0,
     with_(MINIMAL_REQUEST, returnIdlePort=True)),
    ("return_idle_port_false", HUAWEI_BASE, SEED_NONCE, SEED_TIME, 0,
     with_(MINIMAL_REQUEST, returnIdlePort=False)),
    ("base_url_trailing_slash", HUAWEI_BASE + "/", SEED_NONCE, SEED_TIME, 0, SEED_REQUEST),
    ("base_url_http_loopback_ipv4", "http://127.0.0.1:18080", SEED_NONCE, SEED_TIME, 0,
     SEED_REQUEST),
    ("base_url_http_localhost", "http://localhost:8080", SEED_NONCE, SEED_TIME, 0, SEED_REQUEST),
    ("base_url_http_ipv6_loopback", "http://[::1]:9000", SEED_NONCE, SEED_TIME, 0, SEED_REQUEST),
    ("user_data_256_chars", HUAWEI_BASE, SEED_NONCE, SEED_TIME, 0,
     with_(MINIMAL_REQUEST, userData=USER_DATA_256)),
    ("status_url_96_bytes_maximum", HUAWEI_BASE, SEED_NONCE, SEED_TIME, 0,
     with_(MINIMAL_REQUEST, statusUrl=STATUS_URL_96)),
    ("fee_url_documented_example", HUAWEI_BASE, SEED_NONCE, SEED_TIME, 0,
     with_(MINIMAL_REQUEST, feeUrl="https://www.huawei.com:9330/fee")),
    ("tone_names_non_ascii", HUAWEI_BASE, SEED_NONCE, SEED_TIME, 0,
     with_(MINIMAL_REQUEST, preTone="欢迎.wav", posTone="再见ß.wav")),
    ("tone_names_uppercase_wav", HUAWEI_BASE, SEED_NONCE, SEED_TIME, 0,
     with_(MINIMAL_REQUEST, preTone="WELCOME.WAV", posTone="Bye.Wav")),
    ("user_data_quote_and_backslash_escaped", HUAWEI_BASE, SEED_NONCE, SEED_TIME, 0,
     with_(MINIMAL_REQUEST, userData='a"b\\c/d')),
    ("created_offset_beijing", HUAWEI_BASE, SEED_NONCE, SEED_TIME, 28800, SEED_REQUEST),
    ("verify_code_two_digits_leading_zero", HUAWEI_BASE, "1", utc(2024, 2, 29), 0,
     with_(MINIMAL_REQUEST, verifyCode="07")),
]
BUILD_APP_KEY = SEED_APP_KEY
BUILD_APP_SECRET = SECRET


def build_vectors():
    cases = []
    for name, base_url, nonce, unix_time, offset, request in BUILD_CASES:
        require(check_config({"base_url": base_url}) == {"ok": True}, "build %s: base_url" % name)
        require(validate(request) == [], "build %s: request is not valid: %r"
                % (name, validate(request)))
        cases.append({
            "name": name,
            "base_url": base_url,
            "app_key": BUILD_APP_KEY,
            "app_secret": BUILD_APP_SECRET,
            "nonce": nonce,
            "unix_time": unix_time,
            "created_offset_seconds": offset,
            "request": request,
            "expect": build_request(base_url, BUILD_APP_KEY, BUILD_APP_SECRET, nonce, unix_time,
                                    offset, request),
        })
    return cases


# ---------------------------------------------------------------------------------------
# Request validation
# ---------------------------------------------------------------------------------------

PHONE_RE = re.compile(r"\+[0-9]+")          # [0-9] is ASCII-only (unlike \d)
URL_CHARSET_RE = re.compile(r"[A-Za-z0-9\-:./]*")


def check_length(errors, field, value, low, high):
    if not low <= len(value) <= high:
        errors.append((field, "length"))


def url_scheme_length(url):
    """Length of a leading "http://" or "https://" (ASCII case-insensitive), else None."""
    if ascii_lower(url[:8]) == "https://":
        return 8
    if ascii_lower(url[:7]) == "http://":
        return 7
    return None


def tone_ok(tone):
    if len(tone) < 5 or ascii_lower(tone[-4:]) != ".wav":
        return False
    return not any(c in "/\\" or is_control(c) for c in tone)


def validate(request):
    """All violations of a request (wire names), sorted by (field, code)."""
    errors = []
    for field in ("displayNbr", "calleeNbr"):
        value = request[field]
        check_length(errors, field, value, 4, 31)
        if value:
            if not PHONE_RE.fullmatch(value):
                errors.append((field, "phone_format"))
            elif value.startswith("+860"):
                errors.append((field, "phone_trunk_prefix"))

    if request["languageType"] != 2:
        errors.append(("languageType", "language_type_unsupported"))

    for field in ("preTone", "posTone"):
        if field not in request:
            continue
        value = request[field]
        check_length(errors, field, value, 1, 128)
        if value and not tone_ok(value):
            errors.append((field, "tone_format"))

    code = request["verifyCode"]
    check_length(errors, "verifyCode", code, 2, 8)
    if code and not all("0" <= c <= "9" for c in code):
        errors.append(("verifyCode", "verify_code_digits"))

    if "times" in request and not 0 <= request["times"] <= 9:
        errors.append(("times", "times_range"))

    for field in ("statusUrl", "feeUrl"):
        if field not in request:
            continue
        url = request[field]
        if not url:
            errors.append((field, "length"))
            continue
        scheme = url_scheme_length(url)
        if scheme is None:
            errors.append((field, "url_scheme"))
        if not URL_CHARSET_RE.fullmatch(url):
            errors.append((field, "url_charset"))
        if scheme is not None and re.split(r"[/:]", url[scheme:], maxsplit=1)[0] == "":
            errors.append((field, "url_host"))
        if len(b64(url.encode("utf-8"))) > 128:
            errors.append((field, "url_encoded_length"))

    if "userData" in request:
        data = request["userData"]
        check_length(errors, "userData", data, 1, 256)
        if "{" in data or "}" in data:
            errors.append(("userData", "user_data_braces"))
        if any(ord(c) > 0x7F for c in data):
            errors.append(("userData", "user_data_non_ascii"))

    return [{"field": f, "code": c} for f, c in sorted(errors)]


# A valid request using every field, the base that validation cases break.
VBASE = dict(FULL_REQUEST)
URL_96 = "https://status.example.com/" + "a" * (96 - len("https://status.example.com/"))
URL_97 = URL_96 + "a"


def v(name, intent, **changes):
    """A validation case: VBASE with changes; intent is "field:code" strings (or [])."""
    return (name, with_(VBASE, **changes), intent)


VALIDATION_CASES = [
    # --- valid requests ---
    v("valid_all_fields", []),
    v("valid_all_optional_at_limits", [], displayNbr="+" + "1" * 30, calleeNbr="+123",
      preTone="a" * 124 + ".wav", posTone="b.WAV", verifyCode="12", times=9,
      statusUrl=URL_96, feeUrl="HTTP://h", returnIdlePort=False, userData="~" * 256),
    v("valid_minimal_lower_limits", [], displayNbr="+861",
      calleeNbr="+86" + "1234567890" * 2 + "12345678",
      preTone="a.wav", verifyCode="00000000", times=0, posTone=DROP, statusUrl=DROP, feeUrl=DROP,
      returnIdlePort=DROP, userData="x"),
    v("valid_user_data_allows_quotes_backslash_controls", [], userData='a"b\\c\td'),
    v("valid_url_ip_and_port", [], statusUrl="http://10.0.0.1:8080/status"),

    # --- displayNbr / calleeNbr ---
    v("display_nbr_empty_only_length", ["displayNbr:length"], displayNbr=""),
    v("callee_nbr_empty_only_length", ["calleeNbr:length"], calleeNbr=""),
    v("display_nbr_length_3", ["displayNbr:length"], displayNbr="+12"),
    v("display_nbr_length_4_ok", [], displayNbr="+123"),
    v("callee_nbr_length_31_ok", [], calleeNbr="+" + "8" * 30),
    v("callee_nbr_length_32", ["calleeNbr:length"], calleeNbr="+" + "8" * 31),
    v("callee_nbr_missing_plus", ["calleeNbr:phone_format"], calleeNbr="8618900000007"),
    v("display_nbr_missing_plus", ["displayNbr:phone_format"], displayNbr="075528000088"),
    v("callee_nbr_spaces", ["calleeNbr:phone_format"], calleeNbr="+86 189 0000 0007"),
    v("callee_nbr_dashes", ["calleeNbr:phone_format"], calleeNbr="+86-189-0000-0007"),
    v("callee_nbr_fullwidth_digits", ["calleeNbr:phone_format"], calleeNbr="+１２３４"),
    v("callee_nbr_arabic_indic_digits", ["calleeNbr:phone_format"], calleeNbr="+٨٦١٣٤٥٦٧"),
    v("callee_nbr_plus_only_short", ["calleeNbr:length", "calleeNbr:phone_format"], calleeNbr="+"),
    v("callee_nbr_double_plus", ["calleeNbr:phone_format"], calleeNbr="++8618900000007"),
    v("callee_nbr_trailing_newline", ["calleeNbr:phone_format"], calleeNbr="+8618900000007\n"),
    v("callee_nbr_trunk_prefix_0755", ["calleeNbr:phone_trunk_prefix"],
      calleeNbr="+86075528000001"),
    v("display_nbr_trunk_prefix_0755", ["displayNbr:phone_trunk_prefix"],
      displayNbr="+860755280000"),
    v("callee_nbr_trunk_prefix_exactly_plus860", ["calleeNbr:phone_trunk_prefix"],
      calleeNbr="+860"),
    v("callee_nbr_plus8600_not_format_only_trunk", ["calleeNbr:phone_trunk_prefix"],
      calleeNbr="+8600"),
    v("callee_nbr_860_without_plus_is_format_not_trunk", ["calleeNbr:phone_format"],
      calleeNbr="860755280000"),
    v("callee_nbr_trunk_prefix_and_too_long",
      ["calleeNbr:length", "calleeNbr:phone_trunk_prefix"], calleeNbr="+860" + "7" * 28),
    v("callee_nbr_letters_and_too_short", ["calleeNbr:length", "calleeNbr:phone_format"],
      calleeNbr="+ab"),

    # --- languageType ---
    v("language_type_1", ["languageType:language_type_unsupported"], languageType=1),
    v("language_type_0", ["languageType:language_type_unsupported"], languageType=0),
    v("language_type_negative", ["languageType:language_type_unsupported"], languageType=-2),

    # --- preTone / posTone ---
    v("pre_tone_empty_only_length", ["preTone:length"], preTone=""),
    v("pos_tone_empty_only_length", ["posTone:length"], posTone=""),
    v("pre_tone_length_128_ok", [], preTone="t" * 124 + ".wav"),
    v("pre_tone_length_129", ["preTone:length"], preTone="t" * 125 + ".wav"),
    v("pos_tone_length_129_and_mp3", ["posTone:length", "posTone:tone_format"],
      posTone="t" * 125 + ".mp3"),
    v("pre_tone_one_char_not_wav", ["preTone:tone_format"], preTone="a"),
    v("pre_tone_mp3", ["preTone:tone_format"], preTone="tone.mp3"),
    v("pos_tone_mp3", ["posTone:tone_format"], posTone="tone.mp3"),
    v("pre_tone_with_slash", ["preTone:tone_format"], preTone="dir/tone.wav"),
    v("pre_tone_with_backslash", ["preTone:tone_format"], preTone="dir\\tone.wav"),
    v("pre_tone_only_extension", ["preTone:tone_format"], preTone=".wav"),
    v("pre_tone_trailing_newline", ["preTone:tone_format"], preTone="tone.wav\n"),
    v("pre_tone_control_char_inside", ["preTone:tone_format"], preTone="to\x00ne.wav"),
    v("pre_tone_del_char_inside", ["preTone:tone_format"], preTone="to\x7fne.wav"),
    v("pre_tone_no_dot", ["preTone:tone_format"], preTone="tonewav"),
    v("pre_tone_wave_suffix", ["preTone:tone_format"], preTone="tone.wave"),
    v("pre_tone_fullwidth_w_not_ascii_case", ["preTone:tone_format"], preTone="tone.ｗav"),
    v("pre_tone_mixed_case_ok", [], preTone="Tone.wAv"),
    v("pre_tone_non_ascii_name_ok", [], preTone="欢迎.wav"),
    v("pre_tone_space_in_name_ok", [], preTone="my tone.wav"),

    # --- verifyCode ---
    v("verify_code_empty_only_length", ["verifyCode:length"], verifyCode=""),
    v("verify_code_1_digit", ["verifyCode:length"], verifyCode="1"),
    v("verify_code_2_digits_ok", [], verifyCode="12"),
    v("verify_code_8_digits_ok", [], verifyCode="87654321"),
    v("verify_code_9_digits", ["verifyCode:length"], verifyCode="123456789"),
    v("verify_code_letters", ["verifyCode:verify_code_digits"], verifyCode="12ab"),
    v("verify_code_fullwidth_digits", ["verifyCode:verify_code_digits"], verifyCode="１２３４"),
    v("verify_code_arabic_indic_digits", ["verifyCode:verify_code_digits"], verifyCode="١٢٣٤"),
    v("verify_code_negative_sign", ["verifyCode:verify_code_digits"], verifyCode="-123"),
    v("verify_code_one_letter_short", ["verifyCode:length", "verifyCode:verify_code_digits"],
      verifyCode="x"),

    # --- times ---
    v("times_minus_1", ["times:times_range"], times=-1),
    v("times_0_ok", [], times=0),
    v("times_9_ok", [], times=9),
    v("times_10", ["times:times_range"], times=10),

    # --- statusUrl / feeUrl ---
    v("status_url_empty_only_length", ["statusUrl:length"], statusUrl=""),
    v("fee_url_empty_only_length", ["feeUrl:length"], feeUrl=""),
    v("status_url_96_bytes_ok", [], statusUrl=URL_96),
    v("status_url_97_bytes", ["statusUrl:url_encoded_length"], statusUrl=URL_97),
    v("fee_url_97_bytes", ["feeUrl:url_encoded_length"], feeUrl=URL_97),
    v("status_url_with_query", ["statusUrl:url_charset"], statusUrl="https://a.example.com/s?a=1"),
    v("status_url_underscore", ["statusUrl:url_charset"],
      statusUrl="https://my_host.example.com/s"),
    v("status_url_ftp", ["statusUrl:url_scheme"], statusUrl="ftp://a.example.com/s"),
    v("status_url_no_scheme", ["statusUrl:url_scheme"], statusUrl="a.example.com/s"),
    v("status_url_empty_host", ["statusUrl:url_host"], statusUrl="https://"),
    v("status_url_empty_host_with_port", ["statusUrl:url_host"], statusUrl="https://:80/x"),
    v("fee_url_empty_host_with_path", ["feeUrl:url_host"], feeUrl="http:///fee"),
    v("status_url_uppercase_scheme_ok", [], statusUrl="HTTPS://A.EXAMPLE.COM/S"),
    v("status_url_base64_looking", ["statusUrl:url_charset", "statusUrl:url_scheme"],
      statusUrl="aHR0cDovL2E="),
    v("status_url_space", ["statusUrl:url_charset"], statusUrl="https://a.example.com/my status"),
    v("fee_url_non_ascii_host", ["feeUrl:url_charset"], feeUrl="https://例子.cn/fee"),
    v("fee_url_non_ascii_long", ["feeUrl:url_charset", "feeUrl:url_encoded_length"],
      feeUrl="https://例子.cn/" + "费" * 30),
    v("status_url_ftp_empty_host_no_host_check", ["statusUrl:url_scheme"], statusUrl="ftp://"),
    v("status_url_all_url_rules", ["statusUrl:url_charset", "statusUrl:url_encoded_length",
                                   "statusUrl:url_scheme"], statusUrl="ftp://a/" + "_" * 100),
    v("status_url_host_charset_and_length",
      ["statusUrl:url_charset", "statusUrl:url_encoded_length", "statusUrl:url_host"],
      statusUrl="https://:" + "?" * 100),

    # --- userData ---
    v("user_data_empty_only_length", ["userData:length"], userData=""),
    v("user_data_1_char_ok", [], userData="x"),
    v("user_data_256_ok", [], userData=USER_DATA_256),
    v("user_data_257", ["userData:length"], userData=USER_DATA_256 + "x"),
    v("user_data_open_brace", ["userData:user_data_braces"], userData="a{b"),
    v("user_data_close_brace", ["userData:user_data_braces"], userData="a}b"),
    v("user_data_json_object", ["userData:user_data_braces"], userData='{"k":"v"}'),
    v("user_data_chinese", ["userData:user_data_non_ascii"], userData="中文"),
    v("user_data_e_acute", ["userData:user_data_non_ascii"], userData="café"),
    v("user_data_del_is_ascii_ok", [], userData="a\x7fb"),
    v("user_data_u0080_non_ascii", ["userData:user_data_non_ascii"], userData="a\x80b"),
    v("user_data_257_braces_chinese",
      ["userData:length", "userData:user_data_braces", "userData:user_data_non_ascii"],
      userData="{中}" + "x" * 254),

    # --- several fields at once ---
    v("multi_every_required_field_broken",
      ["calleeNbr:phone_trunk_prefix", "displayNbr:length", "displayNbr:phone_format",
       "languageType:language_type_unsupported", "preTone:tone_format",
       "verifyCode:length", "verifyCode:verify_code_digits"],
      displayNbr="12", calleeNbr="+8601234", languageType=1, preTone="x.mp3",
      verifyCode="123456789a"),
    v("multi_optional_fields_broken",
      ["feeUrl:url_scheme", "posTone:tone_format", "statusUrl:url_host", "times:times_range",
       "userData:user_data_braces"],
      posTone="bye", times=10, statusUrl="http://", feeUrl="ftp://x", userData="{}"),
    v("multi_all_empty_strings",
      ["calleeNbr:length", "displayNbr:length", "feeUrl:length", "posTone:length",
       "preTone:length", "statusUrl:length", "userData:length", "verifyCode:length"],
      displayNbr="", calleeNbr="", preTone="", posTone="", verifyCode="", statusUrl="",
      feeUrl="", userData=""),
    v("multi_both_numbers_trunk_prefix",
      ["calleeNbr:phone_trunk_prefix", "displayNbr:phone_trunk_prefix"],
      displayNbr="+860755280000", calleeNbr="+860101234567"),
    v("multi_both_urls_too_long", ["feeUrl:url_encoded_length", "statusUrl:url_encoded_length"],
      statusUrl=URL_97, feeUrl=URL_97),
    v("multi_return_idle_port_has_no_rule_false", ["times:times_range"],
      returnIdlePort=False, times=-5),
]


# Header-injection-like characters put into every string field of a request (at its start,
# middle and end), with the codes the rules give. Tone names only forbid "/", "\" and control
# characters, and userData only braces and non-ASCII, so a quote is fine in a tone name (unless
# it breaks the ".wav" ending) and nothing here breaks userData: those cases are valid, not
# malformed.
INJECTION_CHARS = [("quote", '"'), ("cr", "\r"), ("lf", "\n"), ("nul", "\x00")]
INJECTION_BASE = with_(VBASE, verifyCode="123456")


def injection_intent(field, char, where):
    if field in ("displayNbr", "calleeNbr"):
        return ["%s:phone_format" % field]
    if field in ("preTone", "posTone"):
        return [] if char == '"' and where != "end" else ["%s:tone_format" % field]
    if field == "verifyCode":
        return ["verifyCode:verify_code_digits"]
    if field in ("statusUrl", "feeUrl"):
        return ["%s:url_charset" % field] + (["%s:url_scheme" % field] if where == "start" else [])
    return []


def validation_injection_cases():
    cases = []
    for field in ("displayNbr", "calleeNbr", "preTone", "posTone", "verifyCode", "statusUrl",
                  "feeUrl", "userData"):
        for char_name, char in INJECTION_CHARS:
            for where in ("start", "middle", "end"):
                value = inject(INJECTION_BASE[field], char, where)
                name = "inject_%s_%s_at_%s" % (re.sub(r"([A-Z])", r"_\1", field).lower(),
                                               char_name, where)
                cases.append((name, with_(INJECTION_BASE, **{field: value}),
                              injection_intent(field, char, where)))
    return cases


def validation_vectors():
    cases = []
    names = set()
    for index, (name, request, intent) in enumerate(VALIDATION_CASES
                                                    + validation_injection_cases()):
        in_corpus = index >= len(VALIDATION_CASES)
        expect = validate(request)
        got = ["%s:%s" % (e["field"], e["code"]) for e in expect]
        require(got == sorted(intent), "validation %s: computed %r, intended %r"
                % (name, got, sorted(intent)))
        require(name not in names, "duplicate validation case %s" % name)
        names.add(name)
        case = {"name": name}
        if in_corpus and expect:
            case["malformed"] = True
        case.update(request=request, expect=expect)
        cases.append(case)
    return cases


# ---------------------------------------------------------------------------------------
# Configuration
# ---------------------------------------------------------------------------------------

NONCE_RE = re.compile(r"[0-9A-Za-z]{1,128}")
IPV4_RE = re.compile(r"([0-9]{1,3})\.([0-9]{1,3})\.([0-9]{1,3})\.([0-9]{1,3})")
REG_NAME_RE = re.compile(r"[A-Za-z0-9.\-]+")
IPV6_INNER_RE = re.compile(r"[0-9A-Fa-f:.]+")


def app_key_char_ok(c):
    return c not in '",' and c != " " and not is_control(c) and ord(c) <= 0x7E


def check_base_url(url):
    """None when acceptable, else the error code (invalid -> path -> insecure)."""
    scheme_len = url_scheme_length(url)
    if scheme_len is None:
        return "base_url_invalid"
    secure = scheme_len == 8
    rest = url[scheme_len:]
    cut = re.search(r"[/?#]", rest)
    authority, tail = (rest[:cut.start()], rest[cut.start():]) if cut else (rest, "")
    if "@" in authority or any(c.isspace() for c in authority):
        return "base_url_invalid"
    # Split host and optional port.
    if authority.startswith("["):
        close = authority.find("]")
        if close < 0:
            return "base_url_invalid"
        host, after = authority[:close + 1], authority[close + 1:]
        if not IPV6_INNER_RE.fullmatch(host[1:-1]):
            return "base_url_invalid"
    else:
        host, sep, port_part = authority.partition(":")
        after = sep + port_part
        if not host or not REG_NAME_RE.fullmatch(host):
            return "base_url_invalid"
    if after:
        port = after[1:]
        if not after.startswith(":") or not re.fullmatch(r"[0-9]+", port) \
                or not 1 <= int(port) <= 65535:
            return "base_url_invalid"
    if tail not in ("", "/"):
        return "base_url_path"
    if not secure and not is_loopback_host(host):
        return "base_url_insecure"
    return None


def is_loopback_host(host):
    if ascii_lower(host) == "localhost" or host == "[::1]":
        return True
    m = IPV4_RE.fullmatch(host)
    return bool(m) and all(int(o) <= 255 for o in m.groups()) and int(m.group(1)) == 127


def check_config(inp):
    if set(inp) == {"app_key", "app_secret"}:
        key = inp["app_key"]
        if not key:
            error = "app_key_empty"
        elif not all(app_key_char_ok(c) for c in key):
            error = "app_key_charset"
        elif not inp["app_secret"]:
            error = "app_secret_empty"
        else:
            error = None
    elif set(inp) == {"nonce"}:
        error = None if NONCE_RE.fullmatch(inp["nonce"]) else "nonce_invalid"
    elif set(inp) == {"base_url"}:
        error = check_base_url(inp["base_url"])
    elif set(inp) == {"created_offset_seconds"}:
        o = inp["created_offset_seconds"]
        error = None if abs(o) <= 50400 and o % 60 == 0 else "created_offset_invalid"
    elif set(inp) == {"unix_time"}:
        error = None if 0 <= inp["unix_time"] <= MAX_UNIX_TIME else "time_out_of_range"
    elif set(inp) == {"verify_code_digits"}:
        error = None if 2 <= inp["verify_code_digits"] <= 8 else "digits_out_of_range"
    elif set(inp) == {"window_seconds"}:
        # A push-verification window (checked before any header; an unsigned push allowed).
        error = None if 1 <= inp["window_seconds"] <= 86400 else "window_invalid"
    else:
        raise VectorError("unknown config input %r" % inp)
    return {"ok": True} if error is None else {"error": error}


def kv(key, secret="s3cret"):
    return {"app_key": key, "app_secret": secret}


OK = None  # intent for acceptable configuration

# (name, input, intended error or OK)
CONFIG_CASES = [
    # app_key / app_secret
    ("credentials_ok", kv(SEED_APP_KEY), OK),
    ("credentials_app_key_printable_ascii_ok", kv("a-b_c.d~!#$%&'()*+/:;<=>?@[]^`{|}"), OK),
    ("credentials_app_key_empty", kv(""), "app_key_empty"),
    ("credentials_app_key_empty_and_secret_empty", kv("", ""), "app_key_empty"),
    ("credentials_app_key_quote", kv('ab"c'), "app_key_charset"),
    ("credentials_app_key_comma", kv("ab,c"), "app_key_charset"),
    ("credentials_app_key_space", kv("ab c"), "app_key_charset"),
    ("credentials_app_key_tab", kv("ab\tc"), "app_key_charset"),
    ("credentials_app_key_newline", kv("abc\n"), "app_key_charset"),
    ("credentials_app_key_del", kv("abc\x7f"), "app_key_charset"),
    ("credentials_app_key_non_ascii", kv("ключ"), "app_key_charset"),
    ("credentials_app_key_bad_and_secret_empty", kv("a,b", ""), "app_key_charset"),
    ("credentials_app_secret_empty", kv("appkey", ""), "app_secret_empty"),
    ("credentials_app_secret_non_ascii_ok", kv("appkey", "密钥 ß\"',"), OK),
    # nonce
    ("nonce_one_char_ok", {"nonce": "a"}, OK),
    ("nonce_128_ok", {"nonce": NONCE_128}, OK),
    ("nonce_uuid_hex_ok", {"nonce": "66C92B11FF8A425FB8D4CCFE0ED9ED1F"}, OK),
    ("nonce_empty", {"nonce": ""}, "nonce_invalid"),
    ("nonce_129", {"nonce": NONCE_128 + "x"}, "nonce_invalid"),
    ("nonce_dash_uuid", {"nonce": "66c92b11-ff8a-425f-b8d4-ccfe0ed9ed1f"}, "nonce_invalid"),
    ("nonce_base64_chars", {"nonce": "abc+/="}, "nonce_invalid"),
    ("nonce_fullwidth_digit", {"nonce": "abc１"}, "nonce_invalid"),
    ("nonce_trailing_newline", {"nonce": "abc\n"}, "nonce_invalid"),
    # base_url
    ("base_url_huawei_ok", {"base_url": HUAWEI_BASE}, OK),
    ("base_url_huawei_trailing_slash_ok", {"base_url": HUAWEI_BASE + "/"}, OK),
    ("base_url_https_no_port_ok", {"base_url": "https://api.example.com"}, OK),
    ("base_url_uppercase_scheme_ok", {"base_url": "HTTPS://API.EXAMPLE.COM"}, OK),
    ("base_url_https_ipv4_ok", {"base_url": "https://10.1.2.3:8443"}, OK),
    ("base_url_https_ipv6_ok", {"base_url": "https://[2001:db8::1]:443/"}, OK),
    ("base_url_port_65535_ok", {"base_url": "https://a.example.com:65535"}, OK),
    ("base_url_port_leading_zero_ok", {"base_url": "https://a.example.com:08443"}, OK),
    ("base_url_http_localhost_ok", {"base_url": "http://localhost:8080"}, OK),
    ("base_url_http_localhost_uppercase_ok", {"base_url": "Http://LocalHost:8080/"}, OK),
    ("base_url_http_127_0_0_1_ok", {"base_url": "http://127.0.0.1:18080"}, OK),
    ("base_url_http_127_255_255_254_ok", {"base_url": "http://127.255.255.254"}, OK),
    ("base_url_http_ipv6_loopback_ok", {"base_url": "http://[::1]:9000"}, OK),
    ("base_url_empty", {"base_url": ""}, "base_url_invalid"),
    ("base_url_no_scheme", {"base_url": "rtccall.cn-north-1.myhuaweicloud.cn:443"},
     "base_url_invalid"),
    ("base_url_ftp", {"base_url": "ftp://a.example.com"}, "base_url_invalid"),
    ("base_url_leading_space", {"base_url": " https://a.example.com"}, "base_url_invalid"),
    ("base_url_empty_host", {"base_url": "https://"}, "base_url_invalid"),
    ("base_url_empty_host_with_port", {"base_url": "https://:443"}, "base_url_invalid"),
    ("base_url_empty_host_with_path", {"base_url": "https:///x"}, "base_url_invalid"),
    ("base_url_userinfo", {"base_url": "https://user:pw@a.example.com"}, "base_url_invalid"),
    ("base_url_space_in_host", {"base_url": "https://a example.com"}, "base_url_invalid"),
    ("base_url_underscore_host", {"base_url": "https://a_b.example.com"}, "base_url_invalid"),
    ("base_url_non_ascii_host", {"base_url": "https://例子.cn"}, "base_url_invalid"),
    ("base_url_port_0", {"base_url": "https://a.example.com:0"}, "base_url_invalid"),
    ("base_url_port_65536", {"base_url": "https://a.example.com:65536"}, "base_url_invalid"),
    ("base_url_port_empty", {"base_url": "https://a.example.com:"}, "base_url_invalid"),
    ("base_url_port_letters", {"base_url": "https://a.example.com:https"}, "base_url_invalid"),
    ("base_url_port_negative", {"base_url": "https://a.example.com:-1"}, "base_url_invalid"),
    ("base_url_two_ports", {"base_url": "https://a.example.com:1:2"}, "base_url_invalid"),
    ("base_url_ipv6_unclosed", {"base_url": "https://[::1"}, "base_url_invalid"),
    ("base_url_ipv6_empty", {"base_url": "https://[]"}, "base_url_invalid"),
    ("base_url_ipv6_bad_char", {"base_url": "https://[::g]"}, "base_url_invalid"),
    ("base_url_ipv6_zone_id", {"base_url": "http://[fe80::1%25eth0]"}, "base_url_invalid"),
    ("base_url_ipv6_junk_after_bracket", {"base_url": "http://[::1]x"}, "base_url_invalid"),
    ("base_url_invalid_beats_path", {"base_url": "https://a_b.example.com/v1"}, "base_url_invalid"),
    ("base_url_path", {"base_url": "https://a.example.com/rest"}, "base_url_path"),
    ("base_url_double_slash", {"base_url": "https://a.example.com//"}, "base_url_path"),
    ("base_url_query", {"base_url": "https://a.example.com?x=1"}, "base_url_path"),
    ("base_url_fragment", {"base_url": "https://a.example.com#top"}, "base_url_path"),
    ("base_url_full_api_path", {"base_url": HUAWEI_BASE + CALL_VERIFY_PATH}, "base_url_path"),
    ("base_url_path_beats_insecure", {"base_url": "http://a.example.com/x"}, "base_url_path"),
    ("base_url_http_remote", {"base_url": "http://rtccall.cn-north-1.myhuaweicloud.cn:443"},
     "base_url_insecure"),
    ("base_url_http_private_ipv4", {"base_url": "http://10.0.0.1:8080"}, "base_url_insecure"),
    ("base_url_http_127_1_short_form", {"base_url": "http://127.1"}, "base_url_insecure"),
    ("base_url_http_127_octet_256", {"base_url": "http://127.0.0.256"}, "base_url_insecure"),
    ("base_url_http_localhost_dot", {"base_url": "http://localhost."}, "base_url_insecure"),
    ("base_url_http_localhost_suffix", {"base_url": "http://localhost.example.com"},
     "base_url_insecure"),
    ("base_url_http_ipv6_long_loopback", {"base_url": "http://[0:0:0:0:0:0:0:1]"},
     "base_url_insecure"),
    ("base_url_http_ipv4_mapped_loopback", {"base_url": "http://[::ffff:127.0.0.1]"},
     "base_url_insecure"),
    # created_offset_seconds
    ("offset_zero_ok", {"created_offset_seconds": 0}, OK),
    ("offset_beijing_ok", {"created_offset_seconds": 28800}, OK),
    ("offset_nepal_ok", {"created_offset_seconds": 20700}, OK),
    ("offset_minus_18000_ok", {"created_offset_seconds": -18000}, OK),
    ("offset_max_ok", {"created_offset_seconds": 50400}, OK),
    ("offset_min_ok", {"created_offset_seconds": -50400}, OK),
    ("offset_above_max", {"created_offset_seconds": 50460}, "created_offset_invalid"),
    ("offset_below_min", {"created_offset_seconds": -50460}, "created_offset_invalid"),
    ("offset_not_whole_minute", {"created_offset_seconds": 28830}, "created_offset_invalid"),
    ("offset_negative_not_whole_minute", {"created_offset_seconds": -30},
     "created_offset_invalid"),
    # Whole minutes beyond 32 bits: a binding that narrowed would wrap or saturate; the core's
    # wide check rejects them.
    ("offset_beyond_32_bits", {"created_offset_seconds": 2**31 + 52}, "created_offset_invalid"),
    ("offset_beyond_32_bits_negative", {"created_offset_seconds": -(2**31 + 52)},
     "created_offset_invalid"),
    ("offset_2_pow_32_wraps_to_zero", {"created_offset_seconds": 2**32}, "created_offset_invalid"),
    ("offset_largest_safe_js_integer", {"created_offset_seconds": 2**53 - 1},
     "created_offset_invalid"),
    # unix_time
    ("unix_time_zero_ok", {"unix_time": 0}, OK),
    ("unix_time_max_ok", {"unix_time": MAX_UNIX_TIME}, OK),
    ("unix_time_negative", {"unix_time": -1}, "time_out_of_range"),
    ("unix_time_year_10000", {"unix_time": MAX_UNIX_TIME + 1}, "time_out_of_range"),
    ("unix_time_milliseconds", {"unix_time": 1700000000000}, "time_out_of_range"),
    # verify_code_digits
    ("verify_code_digits_2_ok", {"verify_code_digits": 2}, OK),
    ("verify_code_digits_8_ok", {"verify_code_digits": 8}, OK),
    ("verify_code_digits_1", {"verify_code_digits": 1}, "digits_out_of_range"),
    ("verify_code_digits_9", {"verify_code_digits": 9}, "digits_out_of_range"),
    ("verify_code_digits_0", {"verify_code_digits": 0}, "digits_out_of_range"),
    ("verify_code_digits_negative", {"verify_code_digits": -6}, "digits_out_of_range"),
    ("verify_code_digits_2_pow_32_plus_6", {"verify_code_digits": 2**32 + 6},
     "digits_out_of_range"),
    ("verify_code_digits_2_pow_53_minus_1", {"verify_code_digits": 2**53 - 1},
     "digits_out_of_range"),
    # window_seconds (push verification)
    ("window_1_ok", {"window_seconds": 1}, OK),
    ("window_300_ok", {"window_seconds": 300}, OK),
    ("window_86400_ok", {"window_seconds": 86400}, OK),
    ("window_0", {"window_seconds": 0}, "window_invalid"),
    ("window_86401", {"window_seconds": 86401}, "window_invalid"),
    ("window_negative", {"window_seconds": -300}, "window_invalid"),
    ("window_2_pow_32_plus_300", {"window_seconds": 2**32 + 300}, "window_invalid"),
    ("window_largest_safe_js_integer", {"window_seconds": 2**53 - 1}, "window_invalid"),
    ("window_most_negative_safe_js_integer", {"window_seconds": -(2**53 - 1)}, "window_invalid"),
]


def config_vectors():
    cases = []
    for name, inp, intent in CONFIG_CASES:
        expect = check_config(inp)
        wanted = {"ok": True} if intent is OK else {"error": intent}
        require(expect == wanted, "config %s: computed %r, intended %r" % (name, expect, wanted))
        cases.append({"name": name, "input": inp, "expect": expect})
    return cases


# ---------------------------------------------------------------------------------------
# Untrusted JSON bodies (responses and pushes)
# ---------------------------------------------------------------------------------------
#
# A body is judged in this order; the first failing step gives the error:
#   1. bytes: longer than 1 MiB (body_too_large), starts with a UTF-8 BOM (byte_order_mark),
#      only ASCII whitespace (empty_body), not UTF-8 (invalid_utf8);
#   2. syntax anywhere in the body (invalid_json);
#   3. arrays/objects nested deeper than 128 levels anywhere, brackets inside strings excluded
#      (nesting_too_deep);
#   4. not an object (not_json_object);
#   5. reading the known fields, in document order: a key repeated within the top-level object
#      or within an object whose known fields are read (statusInfo, fee records) is
#      duplicate_field; a value that is read and cannot be held is invalid_json: a number that
#      overflows a double (1e400) or a string with a lone surrogate escape ("\ud800"). Every key
#      of those objects is read, the value of each known field is read (an object there has its
#      keys read, an array its elements skipped, except feeLst's records), and unknown fields are
#      skipped unread, whatever they hold;
#   6. the fields' types and values, in the order each parser states.

MAX_BODY_BYTES = 1024 * 1024
ASCII_WHITESPACE = b" \t\n\x0c\r"  # WHATWG / Rust u8::is_ascii_whitespace (no \x0b)
MAX_JSON_DEPTH = 128
I64_MIN, I64_MAX = -2 ** 63, 2 ** 63 - 1
EXACT_DOUBLE_LIMIT = 2 ** 53  # below this every integer is exactly a double


class JsonFloat(str):
    """A JSON number written with a fraction or exponent, kept as written."""


class JsonObject(list):
    """A JSON object kept as its (key, value) pairs, so duplicate keys stay visible."""


class BodyError(Exception):
    """A body rejected with (code, field)."""

    def __init__(self, code, field=None):
        super().__init__(code, field)
        self.code, self.field = code, field


def _reject_constant(name):
    raise ValueError("not JSON: %s" % name)


def parse_json(text):
    """RFC 8259 JSON (Python's extensions NaN/Infinity rejected); numbers kept lexical."""
    return json.loads(text, object_pairs_hook=JsonObject, parse_float=JsonFloat,
                      parse_constant=_reject_constant)


JSON_STRING_RE = re.compile(r'"(?:[^"\\\x00-\x1f]|\\["\\/bfnrt]|\\u[0-9A-Fa-f]{4})*"')
JSON_NUMBER_RE = re.compile(r"-?(?:0|[1-9][0-9]*)(?:\.[0-9]+)?(?:[eE][-+]?[0-9]+)?")
JSON_SPACE = " \t\n\r"
CLOSER = {"[": "]", "{": "}"}


def json_syntax_depth(text):
    """Checks RFC 8259 syntax without recursion (json.loads gives up near 1000 levels) and
    returns the deepest nesting of arrays/objects: a scalar is 0, "[]" and "{}" are 1.
    Raises ValueError on a syntax error."""
    n, stack, deepest = len(text), [], 0

    def space(pos):
        while pos < n and text[pos] in JSON_SPACE:
            pos += 1
        return pos

    def string(pos):
        m = JSON_STRING_RE.match(text, pos)
        if m is None:
            raise ValueError("bad string at %d" % pos)
        return m.end()

    pos, state = space(0), "value"
    while True:
        if state == "value":
            c = text[pos] if pos < n else ""
            if c in ("[", "{"):
                stack.append(c)
                deepest = max(deepest, len(stack))
                pos = space(pos + 1)
                if pos < n and text[pos] == CLOSER[c]:
                    stack.pop()
                    pos += 1
                    state = "after"
                else:
                    state = "key" if c == "{" else "value"
                continue
            if c == '"':
                pos = string(pos)
            elif text.startswith(("true", "null"), pos):
                pos += 4
            elif text.startswith("false", pos):
                pos += 5
            else:
                m = JSON_NUMBER_RE.match(text, pos)
                if m is None:
                    raise ValueError("no value at %d" % pos)
                pos = m.end()
            state = "after"
        elif state == "key":
            if not text.startswith('"', pos):
                raise ValueError("no key at %d" % pos)
            pos = space(string(pos))
            if not text.startswith(":", pos):
                raise ValueError("no colon at %d" % pos)
            pos, state = space(pos + 1), "value"
        else:
            pos = space(pos)
            if not stack:
                if pos != n:
                    raise ValueError("trailing text at %d" % pos)
                return deepest
            c = text[pos] if pos < n else ""
            if c == ",":
                pos = space(pos + 1)
                state = "key" if stack[-1] == "{" else "value"
            elif c == CLOSER[stack[-1]]:
                stack.pop()
                pos += 1
            else:
                raise ValueError("unexpected %r at %d" % (c, pos))


def json_kind(value):
    """The JSON type of a value returned by parse_json."""
    if value is None:
        return "null"
    if isinstance(value, bool):
        return "bool"
    if isinstance(value, int):
        return "int"
    if isinstance(value, JsonFloat):     # before str: JsonFloat is a str
        return "float"
    if isinstance(value, str):
        return "string"
    if isinstance(value, JsonObject):    # before list: JsonObject is a list
        return "object"
    if isinstance(value, list):
        return "array"
    raise VectorError("unexpected parsed value %r" % (value,))


def json_depth(value):
    """Deepest nesting of arrays/objects of a parsed value (cross-checks json_syntax_depth)."""
    deepest, stack = 0, [(value, 1)]
    while stack:
        item, depth = stack.pop()
        kind = json_kind(item)
        if kind not in ("object", "array"):
            continue
        deepest = max(deepest, depth)
        children = [v for _, v in item] if kind == "object" else item
        stack.extend((child, depth + 1) for child in children)
    return deepest


def as_double(number):
    """The double nearest to a JSON number as written (inf when it overflows)."""
    return float(str(number))


def has_lone_surrogate(text):
    """json.loads keeps an unpaired \\uD800-\\uDFFF escape as a surrogate code point."""
    return any("\ud800" <= c <= "\udfff" for c in text)


# What a parser reads of a value: READ_ANY (a field read as any JSON value), or
# ("object", {known key: what}) / ("array", what of each element) for nested structures.
READ_ANY = "any"


def read_problem(value, what):
    """The first problem met while reading `value` as `what` (step 5 above), or None."""
    kind = json_kind(value)
    if kind in ("int", "float"):
        return ("invalid_json", None) if math.isinf(as_double(value)) else None
    if kind == "string":
        return ("invalid_json", None) if has_lone_surrogate(value) else None
    if kind == "object":
        if what != READ_ANY and what[0] == "object":
            return object_problem(value, what[1])
        for key, _ in value:          # keys are read, values skipped
            if has_lone_surrogate(key):
                return ("invalid_json", None)
        return None
    if kind == "array" and what != READ_ANY and what[0] == "array":
        for item in value:
            problem = read_problem(item, what[1])
            if problem is not None:
                return problem
    return None                       # null, bool, or an array whose elements are skipped


def object_problem(pairs, known):
    """Reads an object whose known fields are read: every key, then each known value."""
    seen = set()
    for key, value in pairs:
        if has_lone_surrogate(key):
            return ("invalid_json", None)
        if key in seen:
            return ("duplicate_field", key)
        seen.add(key)
        if key in known:
            problem = read_problem(value, known[key])
            if problem is not None:
                return problem
    return None


def body_json(body, known):
    """Steps 1-5 for a body whose top-level object has the fields `known`: (text, pairs)."""
    if len(body) > MAX_BODY_BYTES:
        raise BodyError("body_too_large")
    if body.startswith(b"\xef\xbb\xbf"):
        raise BodyError("byte_order_mark")
    if all(b in ASCII_WHITESPACE for b in body):
        raise BodyError("empty_body")
    try:
        text = body.decode("utf-8")
    except UnicodeDecodeError:
        raise BodyError("invalid_utf8") from None
    try:
        depth = json_syntax_depth(text)
    except ValueError:
        raise BodyError("invalid_json") from None
    if depth > MAX_JSON_DEPTH:
        raise BodyError("nesting_too_deep")
    doc = parse_json(text)   # at most 128 levels deep here
    if json_kind(doc) != "object":
        raise BodyError("not_json_object")
    problem = object_problem(doc, known)
    if problem is not None:
        raise BodyError(*problem)
    return text, doc


def json_integer(value, field):
    """A known integer field's value. JSON has one number type: an integer literal must fit
    in i64; a number written with a fraction or exponent is an integer when its double is
    integral and below 2^53 in magnitude (so exact); 1.5 is the wrong type."""
    kind = json_kind(value)
    if kind == "int":
        if not I64_MIN <= value <= I64_MAX:
            raise BodyError("invalid_value", field)
        return value
    if kind != "float":
        raise BodyError("wrong_type", field)
    number = as_double(value)
    if not number.is_integer():
        raise BodyError("wrong_type", field)
    if abs(number) >= EXACT_DOUBLE_LIMIT:
        raise BodyError("invalid_value", field)
    return int(number)


RAW_MARK = "\x00raw:"


def raw(text):
    """A JSON number spelled exactly as given (json.dumps cannot write -0, 1e19, ...)."""
    return RAW_MARK + text


def jdump(value):
    """Compact JSON as the platform sends it (non-ASCII as is), raw() numbers spliced in."""
    text = json.dumps(value, separators=(",", ":"), ensure_ascii=False)
    return re.sub(r'"\\u0000raw:([^"]*)"', r"\1", text)


def nest(depth, inner="0"):
    """Arrays nested `depth` deep around `inner`."""
    return "[" * depth + inner + "]" * depth



# --- building blocks of the malformed-input corpus --------------------------------------
#
# Corpus cases are generated systematically; every one must be an error case (checked when the
# vectors are built) and is marked "malformed": true in the file.

# Byte sequences that are not UTF-8 (Python's decoder and Rust's str::from_utf8 agree on all).
INVALID_UTF8 = [
    ("byte_ff", b"\xff"),
    ("byte_fe", b"\xfe"),
    ("lone_continuation_80", b"\x80"),
    ("lone_continuation_bf", b"\xbf"),
    ("overlong_nul_c0_80", b"\xc0\x80"),
    ("overlong_slash_c0_af", b"\xc0\xaf"),
    ("overlong_c1_bf", b"\xc1\xbf"),
    ("overlong_3_byte_e0_80_af", b"\xe0\x80\xaf"),
    ("overlong_4_byte_f0_80_80_af", b"\xf0\x80\x80\xaf"),
    ("surrogate_high_ed_a0_80", b"\xed\xa0\x80"),
    ("surrogate_low_ed_bf_bf", b"\xed\xbf\xbf"),
    ("surrogate_pair_cesu_8", b"\xed\xa0\xbd\xed\xb8\x80"),
    ("truncated_2_byte_c3", b"\xc3"),
    ("truncated_3_byte_e4_b8", b"\xe4\xb8"),
    ("truncated_4_byte_f0_9f_98", b"\xf0\x9f\x98"),
    ("above_u10ffff_f4_90_80_80", b"\xf4\x90\x80\x80"),
    ("lead_byte_f5", b"\xf5\x80\x80\x80"),
    ("latin1_e_acute", b"caf\xe9"),
]

# Text appended after a complete JSON object (never JSON whitespace: \x0c, \x0b and U+00A0
# are whitespace to some parsers, not to JSON).
TRAILING_GARBAGE = [
    ("letter", "x"), ("closing_brace", "}"), ("closing_bracket", "]"), ("comma", ","),
    ("colon", ":"), ("quote", '"'), ("second_empty_object", "{}"),
    ("space_then_object", " {}"), ("null", "null"), ("number", "0"), ("nul_char", "\x00"),
    ("bom_char", "\ufeff"), ("line_comment", "//x"), ("block_comment", "/**/"),
    ("semicolon", ";"), ("newline_then_text", "\nx"), ("vertical_tab", "\x0b"),
    ("form_feed", "\x0c"), ("no_break_space", "\u00a0"), ("crlf_then_brace", "\r\n}"),
]

# Text put before a JSON object.
LEADING_GARBAGE = [
    ("letter", "x"), ("comma", ","), ("nul_char", "\x00"), ("form_feed", "\x0c"),
    ("no_break_space", "\u00a0"), ("closing_brace", "}"), ("opening_bracket", "["),
    ("xssi_prefix", ")]}',\n"),
]

# JSON values of each type, for "known field of the wrong type" cases.
TYPE_SAMPLES = [
    ("int", 7), ("int_zero", 0), ("float", raw("1.5")), ("true", True), ("false", False),
    ("empty_array", []), ("array", ["x", 1]), ("empty_object", {}), ("object", {"k": "v"}),
    ("string", "7"), ("empty_string", ""), ("null", None),
]
KINDS_OF_SAMPLE = {"int": "int", "int_zero": "int", "float": "float", "true": "bool",
                   "false": "bool", "empty_array": "array", "array": "array",
                   "empty_object": "object", "object": "object", "string": "string",
                   "empty_string": "string", "null": "null"}


def samples_except(*kinds):
    """TYPE_SAMPLES whose JSON kind is not among `kinds`."""
    return [(n, v) for n, v in TYPE_SAMPLES if KINDS_OF_SAMPLE[n] not in kinds]


def truncation_points(length, step):
    """0, step, 2*step, ... below `length`, and the last three positions."""
    points = set(range(0, length, step)) | {length - 3, length - 2, length - 1}
    return sorted(p for p in points if p >= 0)


def nest_objects(depth, inner="0"):
    """Objects nested `depth` deep: {"a":{"a":...inner...}}."""
    return '{"a":' * depth + inner + "}" * depth


def nest_mixed(depth, inner="0"):
    """Arrays and objects alternating, `depth` levels: [{"a":[{"a":...}]}]."""
    opens = "".join("[" if i % 2 == 0 else '{"a":' for i in range(depth))
    closes = "".join("]" if i % 2 == 0 else "}" for i in reversed(range(depth)))
    return opens + inner + closes


def cross_check_syntax(body):
    """json_syntax_depth must agree with json.loads wherever json.loads can answer."""
    try:
        text = body.decode("utf-8")
    except UnicodeDecodeError:
        return
    try:
        depth = json_syntax_depth(text)
    except ValueError:
        depth = None
    try:
        parsed = parse_json(text)
    except RecursionError:
        return
    except ValueError:
        require(depth is None, "json_syntax_depth accepts what json.loads rejects: %r"
                % text[:80])
        return
    require(depth == json_depth(parsed), "json_syntax_depth disagrees with json.loads on %r"
            % text[:80])


# ---------------------------------------------------------------------------------------
# Responses
# ---------------------------------------------------------------------------------------


def load_result_codes():
    with open(RESULT_CODES_PATH, encoding="utf-8") as f:
        return json.load(f)


def lookup_result_code(rows, code, status):
    """(category, retry): the row matching code+status, else the only row with the code."""
    same_code = [r for r in rows if r["code"] == code]
    exact = [r for r in same_code if r["http_status"] == status]
    if len(exact) == 1:
        return exact[0]["category"], exact[0]["retry"]
    if len(same_code) == 1:
        return same_code[0]["category"], same_code[0]["retry"]
    return None, None


def parse_error(code, field=None):
    return {"outcome": "parse_error", "code": code, "field": field}


RESPONSE_FIELDS = {"resultcode": READ_ANY, "resultdesc": READ_ANY, "sessionId": READ_ANY,
                   "idlePort": READ_ANY}


def is_string(value):
    return json_kind(value) == "string"


def parse_response(status, body, rows):
    try:
        return parse_response_body(status, body, rows)
    except BodyError as exc:
        return parse_error(exc.code, exc.field)


def parse_response_body(status, body, rows):
    _, doc = body_json(body, RESPONSE_FIELDS)
    obj = dict(doc)

    if "resultcode" not in obj:
        raise BodyError("missing_field", "resultcode")
    code = obj["resultcode"]
    if not is_string(code):
        raise BodyError("wrong_type", "resultcode")
    # A null resultdesc or idlePort counts as absent (only sessionId's null is spelled out in
    # the rules; treating null alike everywhere keeps a successful call from becoming an error).
    desc = obj.get("resultdesc")
    if desc is None:
        desc = ""
    if not is_string(desc):
        raise BodyError("wrong_type", "resultdesc")

    if code == "0":
        if not 200 <= status <= 299:
            raise BodyError("status_mismatch", "resultcode")
        session = obj.get("sessionId")
        if session is None or session == "":
            raise BodyError("missing_session_id", "sessionId")
        if not is_string(session):
            raise BodyError("wrong_type", "sessionId")
        idle = obj.get("idlePort")
        if idle is not None:
            idle = json_integer(idle, "idlePort")
            if not 0 <= idle <= 65535:
                raise BodyError("invalid_value", "idlePort")
        return {"outcome": "success", "session_id": session, "idle_port": idle}

    category, retry = lookup_result_code(rows, code, status)
    return {"outcome": "api_error", "result_code": code, "result_desc": desc,
            "category": category, "retry": retry}


SESSION = "1200_366_0_20161228102743@callenabler.home1.com"


def ok_body(extra=""):
    return '{"resultcode":"0","resultdesc":"Success","sessionId":"%s"%s}' % (SESSION, extra)


def err_body(code, desc):
    return json.dumps({"resultcode": code, "resultdesc": desc, "sessionId": ""},
                      ensure_ascii=False)


HTML_502 = ("<html>\r\n<head><title>502 Bad Gateway</title></head>\r\n<body>\r\n"
            "<center><h1>502 Bad Gateway</h1></center>\r\n<hr><center>nginx</center>\r\n"
            "</body>\r\n</html>\r\n")

# (name, status, body (str, or bytes for non-UTF-8), intent: "success", "api_error:<category>"
#  or "<parse error code>[:field]")
RESPONSE_CASES = [
    ("seed_success", 200, ok_body(), "success"),
    ("success_pretty_printed", 200, '{\n  "resultcode": "0",\n  "resultdesc": "Success",\n'
     '  "sessionId": "%s"\n}\n' % SESSION, "success"),
    ("success_status_201", 201, ok_body(), "success"),
    ("success_status_299", 299, ok_body(), "success"),
    ("success_without_resultdesc", 200, '{"resultcode":"0","sessionId":"s-1"}', "success"),
    ("success_extra_unknown_fields_ignored", 200,
     ok_body(',"traceId":"abc","nested":{"a":1,"a":2},"list":[1,{"b":null}],"n":1.5e3'),
     "success"),
    ("success_idle_port_0", 200, ok_body(',"idlePort":0'), "success"),
    ("success_idle_port_65535", 200, ok_body(',"idlePort":65535'), "success"),
    ("success_idle_port_12", 200, ok_body(',"idlePort":12'), "success"),
    ("idle_port_65536", 200, ok_body(',"idlePort":65536'), "invalid_value:idlePort"),
    ("idle_port_minus_1", 200, ok_body(',"idlePort":-1'), "invalid_value:idlePort"),
    ("idle_port_huge_integer", 200, ok_body(',"idlePort":99999999999999999999'),
     "invalid_value:idlePort"),
    ("idle_port_1_5", 200, ok_body(',"idlePort":1.5'), "wrong_type:idlePort"),
    # JSON has one number type: an integral value is an integer however it is written.
    ("idle_port_1_0_is_integer_1", 200, ok_body(',"idlePort":1.0'), "success"),
    ("idle_port_exponent_1e2_is_integer_100", 200, ok_body(',"idlePort":1e2'), "success"),
    ("idle_port_minus_0_is_0", 200, ok_body(',"idlePort":-0'), "success"),
    ("idle_port_minus_0_0_is_0", 200, ok_body(',"idlePort":-0.0'), "success"),
    ("idle_port_65535_0_ok", 200, ok_body(',"idlePort":65535.0'), "success"),
    ("idle_port_6_5535e4_ok", 200, ok_body(',"idlePort":6.5535e4'), "success"),
    ("idle_port_65536_0", 200, ok_body(',"idlePort":65536.0'), "invalid_value:idlePort"),
    ("idle_port_minus_1_0", 200, ok_body(',"idlePort":-1.0'), "invalid_value:idlePort"),
    ("idle_port_2_pow_53_minus_1_float_range", 200,
     ok_body(',"idlePort":9007199254740991.0'), "invalid_value:idlePort"),
    ("idle_port_2_pow_53_float", 200, ok_body(',"idlePort":9007199254740992.0'),
     "invalid_value:idlePort"),
    ("idle_port_i64_max", 200, ok_body(',"idlePort":9223372036854775807'),
     "invalid_value:idlePort"),
    ("idle_port_2_pow_63", 200, ok_body(',"idlePort":9223372036854775808'),
     "invalid_value:idlePort"),
    ("idle_port_i64_min", 200, ok_body(',"idlePort":-9223372036854775808'),
     "invalid_value:idlePort"),
    ("idle_port_below_i64_min", 200, ok_body(',"idlePort":-9223372036854775809'),
     "invalid_value:idlePort"),
    ("idle_port_1e400_overflows_double", 200, ok_body(',"idlePort":1e400'), "invalid_json"),
    ("idle_port_1e400_on_error_response_still_read", 500,
     '{"resultcode":"1010001","resultdesc":"x","idlePort":1e400}', "invalid_json"),
    ("idle_port_12_5e_minus_1_fraction", 200, ok_body(',"idlePort":12.5e-1'),
     "wrong_type:idlePort"),
    ("idle_port_string", 200, ok_body(',"idlePort":"3"'), "wrong_type:idlePort"),
    ("idle_port_true", 200, ok_body(',"idlePort":true'), "wrong_type:idlePort"),
    ("idle_port_null_is_absent", 200, ok_body(',"idlePort":null'), "success"),
    # api errors at their documented statuses
    ("error_1023006_auth_400", 400,
     err_body("1023006", "Authorization not contained in the HTTP header."), "api_error:auth"),
    ("error_1023033_no_x_aksk_400", 400,
     err_body("1023033", "HTTP header not found X-AKSK field."), "api_error:auth"),
    ("error_1010010_invalid_digest_401", 401, err_body("1010010", "Invalid digest."),
     "api_error:auth"),
    ("error_1010010_flow_control_403", 403,
     err_body("1010010", "The flow control upper limit is reached on the platform."),
     "api_error:rate_limit"),
    ("error_1010010_status_500_ambiguous", 500, err_body("1010010", "?"), "api_error:None"),
    ("error_1010013_time_401", 401, err_body("1010013", "Time out limit."), "api_error:auth"),
    ("error_1010002_invalid_request_403", 403, err_body("1010002", "Invalid request."),
     "api_error:request"),
    ("error_1010003_invalid_app_key_403", 403, err_body("1010003", "Invalid app_key."),
     "api_error:auth"),
    ("error_1010009_api_limit_403", 403, err_body("1010009", "No more APIs can be invoked."),
     "api_error:rate_limit"),
    ("error_1013004_callee_blacklist_403", 403, err_body("1013004", "Callee in blacklist."),
     "api_error:restriction"),
    ("error_1020165_ports_403", 403, err_body(
        "1020165", "The number of app_key voice call ports exceeds the upper limit."),
     "api_error:rate_limit"),
    ("error_1020176_ip_blocked_403", 403,
     err_body("1020176", "Authentication failed, try again later"), "api_error:auth"),
    ("error_1010001_internal_500", 500, err_body("1010001", "Internal system error."),
     "api_error:platform"),
    ("error_1020001_parameter_500", 500, err_body("1020001", "Parameter error."),
     "api_error:request"),
    ("error_1020154_insufficient_ports_500", 500, err_body("1020154", "Insufficient voice ports."),
     "api_error:rate_limit"),
    ("error_1023002_response_timeout_500", 500, err_body("1023002", "Response timeout."),
     "api_error:platform"),
    ("error_1020001_at_status_200_falls_back", 200, err_body("1020001", "Parameter error."),
     "api_error:request"),
    ("error_chinese_resultdesc", 403, err_body("1013004", "被叫用户是黑名单。"),
     "api_error:restriction"),
    ("error_without_resultdesc", 403, '{"resultcode":"1010002"}', "api_error:request"),
    ("error_without_session_id_ok", 500, '{"resultcode":"1010001","resultdesc":"x"}',
     "api_error:platform"),
    ("error_session_id_wrong_type_ignored", 500,
     '{"resultcode":"1010001","resultdesc":"x","sessionId":5,"idlePort":"x"}',
     "api_error:platform"),
    ("error_unknown_code", 403, err_body("9999999", "Something new."), "api_error:None"),
    ("error_empty_resultcode", 400, '{"resultcode":"","resultdesc":""}', "api_error:None"),
    ("error_resultcode_00_is_not_success", 200, '{"resultcode":"00","sessionId":"s"}',
     "api_error:None"),
    # bodies that are not a usable JSON object
    ("html_502_page", 502, HTML_502, "invalid_json"),
    ("bad_gateway_text", 502, "Bad Gateway", "invalid_json"),
    ("empty_body", 502, "", "empty_body"),
    ("empty_body_status_200", 200, "", "empty_body"),
    ("whitespace_body", 504, " \t\r\n\x0c ", "empty_body"),
    ("vertical_tab_is_not_whitespace", 200, "\x0b", "invalid_json"),
    ("json_array", 200, "[]", "not_json_object"),
    ("json_array_of_object", 200, "[%s]" % ok_body(), "not_json_object"),
    ("json_null", 200, "null", "not_json_object"),
    ("json_number", 200, "0", "not_json_object"),
    ("json_string", 200, '"0"', "not_json_object"),
    ("json_true", 200, "true", "not_json_object"),
    ("truncated_json", 200, ok_body()[:40], "invalid_json"),
    ("trailing_garbage", 200, ok_body() + "x", "invalid_json"),
    ("two_objects", 200, ok_body() + ok_body(), "invalid_json"),
    ("nan_is_not_json", 200, ok_body(',"idlePort":NaN'), "invalid_json"),
    ("single_quotes_not_json", 200, "{'resultcode':'0'}", "invalid_json"),
    ("raw_control_char_in_string", 200, '{"resultcode":"0","sessionId":"a\x01b"}', "invalid_json"),
    ("bom_then_json", 200, "\ufeff" + ok_body(), "byte_order_mark"),
    ("bom_then_invalid_utf8", 200, b"\xef\xbb\xbf{\"resultcode\":\"\xff\"}", "byte_order_mark"),
    ("whitespace_then_bom", 200, " \ufeff" + ok_body(), "invalid_json"),
    ("invalid_utf8_byte_ff", 200, b'{"resultcode":"0","resultdesc":"\xff","sessionId":"s"}',
     "invalid_utf8"),
    ("invalid_utf8_gbk_text", 500, "系统错误".encode("gbk"), "invalid_utf8"),
    ("invalid_utf8_overlong_slash", 200, b'{"resultcode":"\xc0\xaf"}', "invalid_utf8"),
    ("invalid_utf8_encoded_surrogate", 200, b'{"resultcode":"\xed\xa0\x80"}', "invalid_utf8"),
    ("invalid_utf8_truncated_sequence", 200, b'{"resultcode":"0"}\xe4\xb8', "invalid_utf8"),
    # structural problems
    ("resultcode_number_0", 200, '{"resultcode":0,"resultdesc":"Success","sessionId":"s"}',
     "wrong_type:resultcode"),
    ("resultcode_null", 200, '{"resultcode":null,"sessionId":"s"}', "wrong_type:resultcode"),
    ("resultcode_missing", 200, '{"resultdesc":"Success","sessionId":"s"}',
     "missing_field:resultcode"),
    ("resultcode_wrong_case_key", 200, '{"resultCode":"0","sessionId":"s"}',
     "missing_field:resultcode"),
    ("empty_object", 200, "{}", "missing_field:resultcode"),
    ("duplicate_resultcode", 200, '{"resultcode":"0","resultcode":"1010010","sessionId":"s"}',
     "duplicate_field:resultcode"),
    ("duplicate_resultcode_via_escape", 200,
     '{"resultcode":"0","resultcod\\u0065":"1","sessionId":"s"}', "duplicate_field:resultcode"),
    ("duplicate_session_id", 200, ok_body(',"sessionId":"other"'), "duplicate_field:sessionId"),
    ("duplicate_unknown_field", 200, ok_body(',"x":1,"x":1'), "duplicate_field:x"),
    ("duplicate_beats_missing_resultcode", 200, '{"a":1,"a":2}', "duplicate_field:a"),
    ("resultdesc_number", 200, '{"resultcode":"0","resultdesc":0,"sessionId":"s"}',
     "wrong_type:resultdesc"),
    ("resultdesc_null_is_absent", 403, '{"resultcode":"1010002","resultdesc":null}',
     "api_error:request"),
    ("resultdesc_array", 200, '{"resultcode":"0","resultdesc":[],"sessionId":"s"}',
     "wrong_type:resultdesc"),
    ("success_without_session_id", 200, '{"resultcode":"0","resultdesc":"Success"}',
     "missing_session_id:sessionId"),
    ("success_session_id_empty", 200, '{"resultcode":"0","resultdesc":"Success","sessionId":""}',
     "missing_session_id:sessionId"),
    ("success_session_id_null", 200, '{"resultcode":"0","resultdesc":"Success","sessionId":null}',
     "missing_session_id:sessionId"),
    ("success_session_id_number", 200, '{"resultcode":"0","resultdesc":"Success","sessionId":5}',
     "wrong_type:sessionId"),
    ("success_session_id_object", 200, '{"resultcode":"0","sessionId":{}}',
     "wrong_type:sessionId"),
    ("depth_128_in_unknown_field_ok", 200, ok_body(',"x":%s' % nest(127)), "success"),
    ("depth_129_in_unknown_field_too_deep", 200, ok_body(',"x":%s' % nest(128)),
     "nesting_too_deep"),
    ("depth_129_top_level_array", 200, nest(129, ""), "nesting_too_deep"),
    ("success_code_with_http_500", 500, ok_body(), "status_mismatch:resultcode"),
    ("success_code_with_http_302", 302, ok_body(), "status_mismatch:resultcode"),
    ("success_code_with_http_199", 199, ok_body(), "status_mismatch:resultcode"),
    ("status_mismatch_beats_missing_session_id", 500, '{"resultcode":"0"}',
     "status_mismatch:resultcode"),
    ("missing_session_id_beats_idle_port_type", 200, '{"resultcode":"0","idlePort":"x"}',
     "missing_session_id:sessionId"),
]


def response_body(**fields):
    """A success response with fields replaced or added (DROP removes one)."""
    return jdump(with_({"resultcode": "0", "resultdesc": "Success", "sessionId": SESSION},
                       **fields))


ERROR_BODY = err_body("1013004", "Callee in blacklist.")


def response_malformed_cases():
    """(name, status, body, intent) of the malformed-input corpus: every case an error."""
    cases = []

    def add(name, body, intent, status=200):
        cases.append((name, status, body, intent))

    # Truncations: of the success response at every other byte, of an error response.
    success = ok_body(',"idlePort":12')
    for cut in truncation_points(len(success), 2):
        add("truncated_success_at_%d" % cut, success[:cut],
            "empty_body" if cut == 0 else "invalid_json")
    for cut in truncation_points(len(ERROR_BODY), 6)[1:]:
        add("truncated_error_response_at_%d" % cut, ERROR_BODY[:cut], "invalid_json", 403)
    pretty = "\r\n\t " + ok_body()
    for cut in (1, 2, 3, 4, 5, 6):
        add("truncated_pretty_success_at_%d" % cut, pretty[:cut],
            "empty_body" if cut <= 4 else "invalid_json")
    chinese = err_body("1013004", "被叫用户是黑名单。").encode("utf-8")
    start = chinese.index("被".encode("utf-8"))
    for cut in (start + 1, start + 2, start + 4, start + 5):
        add("truncated_inside_utf8_char_at_%d" % cut, chinese[:cut], "invalid_utf8", 403)

    # Garbage before or after a complete object.
    for name, text in TRAILING_GARBAGE:
        add("trailing_garbage_%s" % name, ok_body() + text, "invalid_json")
    for name, text in LEADING_GARBAGE:
        add("leading_garbage_%s" % name, text + ok_body(), "invalid_json")

    # Slips of JSON syntax.
    for name, body in [
        ("missing_colon", '{"resultcode" "0","sessionId":"s"}'),
        ("missing_comma", '{"resultcode":"0" "sessionId":"s"}'),
        ("double_colon", '{"resultcode"::"0"}'),
        ("unquoted_key", '{resultcode:"0",sessionId:"s"}'),
        ("single_quoted_value", "{\"resultcode\":'0'}"),
        ("number_key", '{1:"0"}'),
        ("missing_value", '{"resultcode":}'),
        ("trailing_comma_in_object", ok_body()[:-1] + ",}"),
        ("trailing_comma_in_array", ok_body(',"x":[1,]')),
        ("leading_comma_in_array", ok_body(',"x":[,1]')),
        ("object_closed_by_bracket", '{"resultcode":"0"]'),
        ("array_closed_by_brace", ok_body(',"x":[1}')),
        ("unclosed_inner_array", ok_body(',"x":[1,2')),
        ("unterminated_string", '{"resultcode":"0'),
        ("raw_newline_in_string", '{"resultcode":"0","resultdesc":"a\nb","sessionId":"s"}'),
        ("raw_tab_in_string", '{"resultcode":"0","resultdesc":"a\tb","sessionId":"s"}'),
        ("raw_nul_in_string", '{"resultcode":"0","resultdesc":"a\x00b","sessionId":"s"}'),
        ("raw_nul_in_key", '{"result\x00code":"0"}'),
        ("invalid_escape_x", '{"resultcode":"0","resultdesc":"\\x41","sessionId":"s"}'),
        ("short_unicode_escape", '{"resultcode":"0","resultdesc":"\\u12","sessionId":"s"}'),
        ("non_hex_unicode_escape", '{"resultcode":"\\u00G0"}'),
        ("uppercase_u_escape", '{"resultcode":"\\U0030"}'),
        ("escaped_single_quote", '{"resultcode":"\\\'"}'),
        ("escaped_newline_char", '{"resultcode":"0\\\n"}'),
        ("leading_zero_number", ok_body(',"idlePort":012')),
        ("plus_sign_number", ok_body(',"idlePort":+1')),
        ("leading_dot_number", ok_body(',"idlePort":.5')),
        ("trailing_dot_number", ok_body(',"idlePort":1.')),
        ("exponent_without_digits", ok_body(',"idlePort":1e')),
        ("exponent_sign_only", ok_body(',"idlePort":1e+')),
        ("minus_alone", ok_body(',"idlePort":-')),
        ("minus_minus", ok_body(',"idlePort":--1')),
        ("hex_number", ok_body(',"idlePort":0x10')),
        ("number_with_space", ok_body(',"idlePort":1 2')),
        ("infinity", ok_body(',"idlePort":Infinity')),
        ("minus_infinity", ok_body(',"idlePort":-Infinity')),
        ("capitalised_true", ok_body(',"x":True')),
        ("misspelled_null", ok_body(',"x":nul')),
        ("python_none", ok_body(',"x":None')),
        ("undefined", ok_body(',"x":undefined')),
        ("comment_inside_object", '{"resultcode":"0"/* c */,"sessionId":"s"}'),
        ("json_lines_two_objects", ok_body() + "\n" + ok_body()),
        ("only_open_brace", "{"),
        ("only_close_brace", "}"),
        ("unbalanced_open_braces", "{{}"),
        ("key_without_object", '"resultcode":"0"'),
        ("form_encoded", "resultcode=0&sessionId=s"),
        ("xml_body", '<?xml version="1.0"?><result><resultcode>0</resultcode></result>'),
        ("gateway_timeout_text", "504 Gateway Time-out"),
    ]:
        add("syntax_%s" % name, body, "invalid_json")

    # Known fields of the wrong JSON type.
    for name, value in samples_except("string", "null"):
        add("resultcode_as_%s" % name, response_body(resultcode=value), "wrong_type:resultcode")
    for name, value in samples_except("string", "null"):
        add("resultdesc_as_%s" % name, response_body(resultdesc=value), "wrong_type:resultdesc")
        add("resultdesc_as_%s_on_error" % name,
            jdump({"resultcode": "1010002", "resultdesc": value}), "wrong_type:resultdesc", 403)
    for name, value in samples_except("string", "null"):
        add("session_id_as_%s" % name, response_body(sessionId=value), "wrong_type:sessionId")
    for name, value in samples_except("int", "null"):
        if name != "float":
            add("idle_port_as_%s" % name, response_body(idlePort=value), "wrong_type:idlePort")

    # Huge numbers in known fields.
    for name, text, intent in [
        ("2_pow_64", str(2 ** 64), "invalid_value:idlePort"),
        ("20_digits", "9" * 20, "invalid_value:idlePort"),
        ("1e19", "1e19", "invalid_value:idlePort"),
        ("minus_1e19", "-1e19", "invalid_value:idlePort"),
        ("1e308", "1e308", "invalid_value:idlePort"),
        ("400_digit_integer", "9" * 400, "invalid_json"),
        ("minus_1e400", "-1e400", "invalid_json"),
        ("1e309", "1e309", "invalid_json"),
        ("2e308", "2e308", "invalid_json"),
    ]:
        add("idle_port_huge_%s" % name, response_body(idlePort=raw(text)), intent)
    for field in ("resultcode", "resultdesc", "sessionId"):
        add("%s_1e400_overflows_double" % field, response_body(**{field: raw("1e400")}),
            "invalid_json")
        add("%s_huge_integer_is_wrong_type" % field, response_body(**{field: raw("9" * 30)}),
            "wrong_type:%s" % field)
    add("session_id_1e400_on_error_response", jdump(
        {"resultcode": "1010001", "resultdesc": "x", "sessionId": raw("1e400")}),
        "invalid_json", 500)

    # Repeated keys.
    for key in ("resultdesc", "idlePort"):
        add("duplicate_%s" % key, response_body(idlePort=3)[:-1] + ',"%s":1}' % key,
            "duplicate_field:%s" % key)
    add("duplicate_resultdesc_on_error", ERROR_BODY[:-1] + ', "resultdesc": "again"}',
        "duplicate_field:resultdesc", 403)
    add("duplicate_session_id_null_twice", '{"resultcode":"0","sessionId":null,"sessionId":null}',
        "duplicate_field:sessionId")
    add("duplicate_empty_key", ok_body(',"":1,"":2'), "duplicate_field:")
    add("duplicate_key_differs_only_by_escape_of_slash",
        ok_body(',"a/b":1,"a\\/b":2'), "duplicate_field:a/b")
    add("duplicate_first_repeat_wins", ok_body(',"b":1,"a":1,"a":2,"b":2'),
        "duplicate_field:a")
    add("duplicate_before_known_1e400", ok_body(',"x":1,"x":2,"idlePort":1e400'),
        "duplicate_field:x")
    add("known_1e400_before_duplicate", ok_body(',"idlePort":1e400,"x":1,"x":2'),
        "invalid_json")
    add("duplicate_then_syntax_error", ok_body(',"x":1,"x":2,'), "invalid_json")
    add("duplicate_then_depth_129", ok_body(',"x":1,"x":%s' % nest(128)), "nesting_too_deep")
    add("duplicate_inside_idle_port_object_not_checked", ok_body(',"idlePort":{"a":1,"a":2}'),
        "wrong_type:idlePort")

    # Byte-order marks and other encodings.
    for name, body, intent in [
        ("bom_then_whitespace_then_json", b"\xef\xbb\xbf \r\n" + ok_body().encode(),
         "byte_order_mark"),
        ("bom_then_whitespace_only", b"\xef\xbb\xbf  ", "byte_order_mark"),
        ("double_bom", b"\xef\xbb\xbf\xef\xbb\xbf" + ok_body().encode(), "byte_order_mark"),
        ("bom_between_tokens", ('{"resultcode":\ufeff"0","sessionId":"s"}').encode(),
         "invalid_json"),
        ("bom_at_end", (ok_body() + "\ufeff").encode(), "invalid_json"),
        ("utf16le_with_bom", b"\xff\xfe" + ok_body().encode("utf-16-le"), "invalid_utf8"),
        ("utf16be_with_bom", b"\xfe\xff" + ok_body().encode("utf-16-be"), "invalid_utf8"),
        ("utf16le_without_bom", ok_body().encode("utf-16-le"), "invalid_json"),
        ("utf16be_without_bom", ok_body().encode("utf-16-be"), "invalid_json"),
        ("utf32le_with_bom", b"\xff\xfe\x00\x00" + ok_body().encode("utf-32-le"),
         "invalid_utf8"),
        ("gbk_resultdesc", err_body("1013004", "被叫用户是黑名单").encode("gbk"), "invalid_utf8"),
    ]:
        add("encoding_%s" % name, body, intent)

    # Bytes that are not UTF-8: in a value, in a key, after the object.
    for name, seq in INVALID_UTF8:
        add("invalid_utf8_%s_in_value" % name,
            b'{"resultcode":"0","resultdesc":"a' + seq + b'b","sessionId":"s"}', "invalid_utf8")
        add("invalid_utf8_%s_in_key" % name,
            b'{"resultcode":"0","x' + seq + b'":1,"sessionId":"s"}', "invalid_utf8")
        add("invalid_utf8_%s_after_object" % name, ok_body().encode() + seq, "invalid_utf8")

    # Deep nesting: anywhere in the body, valid otherwise (depth counts the top object).
    for depth in (129, 500, 5000):
        add("depth_%d_top_level_arrays" % depth, nest(depth, ""), "nesting_too_deep")
        add("depth_%d_top_level_objects" % depth, nest_objects(depth - 1, "{}"),
            "nesting_too_deep")
        add("depth_%d_in_unknown_field" % depth, ok_body(',"x":%s' % nest(depth - 1)),
            "nesting_too_deep")
        add("depth_%d_objects_in_unknown_field" % depth,
            ok_body(',"x":%s' % nest_objects(depth - 1)), "nesting_too_deep")
        add("depth_%d_mixed_in_unknown_field" % depth,
            ok_body(',"x":%s' % nest_mixed(depth - 1)), "nesting_too_deep")
        add("depth_%d_in_idle_port" % depth, ok_body(',"idlePort":%s' % nest(depth - 1)),
            "nesting_too_deep")
        add("depth_%d_on_error_response" % depth,
            ERROR_BODY[:-1] + ',"x":%s}' % nest(depth - 1), "nesting_too_deep", 403)
        add("depth_%d_unclosed" % depth, ok_body(',"x":%s' % ("[" * (depth - 1))),
            "invalid_json")
        add("depth_%d_then_trailing_garbage" % depth,
            ok_body(',"x":%s' % nest(depth - 1)) + "x", "invalid_json")
    add("depth_129_before_wrong_type", ok_body(',"x":%s,"sessionId":5' % nest(128)),
        "nesting_too_deep")
    add("depth_129_beats_not_object", "[%s]" % nest(128), "nesting_too_deep")
    add("depth_129_beats_missing_resultcode", '{"x":%s}' % nest(128), "nesting_too_deep")

    # Escapes of lone UTF-16 surrogates in what the parser reads (keys, known values).
    for name, body, status in [
        ("resultcode_high", '{"resultcode":"\\ud800","sessionId":"s"}', 200),
        ("resultcode_low", '{"resultcode":"\\udc00","sessionId":"s"}', 200),
        ("resultcode_reversed_pair", '{"resultcode":"\\udc00\\ud800"}', 200),
        ("resultcode_high_then_letter", '{"resultcode":"\\ud800\\u0041"}', 200),
        ("resultdesc_on_error", '{"resultcode":"1010001","resultdesc":"x\\ud83d"}', 500),
        ("session_id", ok_body().replace(SESSION, "s\\udfff"), 200),
        ("top_level_key", ok_body(',"\\ud800":1'), 200),
        ("key_inside_idle_port_object", ok_body(',"idlePort":{"\\ud800":1}'), 200),
        ("session_id_on_error_response", '{"resultcode":"1","sessionId":"\\ud800"}', 500),
    ]:
        add("lone_surrogate_%s" % name, body, "invalid_json", status)
    return cases


def response_vectors(rows):
    cases = []
    corpus = response_malformed_cases()
    for index, (name, status, body, intent) in enumerate(RESPONSE_CASES + corpus):
        in_corpus = index >= len(RESPONSE_CASES)
        data = body if isinstance(body, bytes) else body.encode("utf-8")
        cross_check_syntax(data)
        expect = parse_response(status, data, rows)
        if expect["outcome"] == "success":
            got = "success"
        elif expect["outcome"] == "api_error":
            got = "api_error:%s" % expect["category"]
        else:
            got = expect["code"] + ("" if expect["field"] is None else ":" + expect["field"])
        require(got == intent, "response %s: computed %s, intended %s" % (name, got, intent))
        malformed = expect["outcome"] == "parse_error"
        require(malformed or not in_corpus, "response %s: corpus case is no error" % name)
        case = {"name": name}
        if malformed:
            case["malformed"] = True
        case["status"] = status
        if isinstance(body, bytes):
            case["body_base64"] = b64(body)
        else:
            case["body"] = body
        case["expect"] = expect
        cases.append(case)
    return cases


# ---------------------------------------------------------------------------------------
# Push authentication
# ---------------------------------------------------------------------------------------

CREATED_RE = re.compile(r"[0-9]{4}-[0-9]{2}-[0-9]{2}T[0-9]{2}:[0-9]{2}:[0-9]{2}Z")
# A value is 1+ characters, none a quote or a control character (Unicode Cc: C0, DEL, C1).
ATTRIBUTE_RE = re.compile(r'([A-Za-z]+)="([^"\x00-\x1f\x7f-\x9f]+)"')
# Unicode White_Space (what Rust's str::trim removes); Python's str.strip() also removes \x1c-\x1f.
WHITE_SPACE = ("\t\n\x0b\x0c\r \x85\xa0\u1680\u2000\u2001\u2002\u2003\u2004\u2005\u2006"
               "\u2007\u2008\u2009\u200a\u2028\u2029\u202f\u205f\u3000")


def header_name(name):
    """A header name as compared: surrounding White_Space trimmed, A-Z lower-cased."""
    return ascii_lower(name.strip(WHITE_SPACE))
AUTH_NAMES = ("realm", "profile", "type")
XAKSK_NAMES = ("Username", "PasswordDigest", "Nonce", "Created")
# The same in table 6's order (1023034-1023037): a header missing several reports the first.
XAKSK_TABLE_6 = ("Username", "Nonce", "Created", "PasswordDigest")
DIGEST_FORMS = ("concatenated", "newline")


def push_digest(form, app_secret, url, nonce, created):
    if form == "concatenated":
        message = url + nonce + created
    else:
        message = url + "\n" + nonce + "\n" + created
    return hmac_sha256(app_secret.encode("utf-8"), message.encode("utf-8"))


def read_auth_header(value, scheme, names, lenient=False):
    """An Authorization / X-AKSK value -> (problem, detail).

    ("ok", {name: value}) when it reads; otherwise the first problem: ("syntax", None) for a line
    break, ("no_scheme", None) when it does not start with scheme + one space (after surrounding
    spaces/tabs), ("syntax", None) for any slip in the name="value" list (separated by "," and
    optional spaces/tabs; names exactly one of `names`, or in any ASCII case when lenient; each
    once), and last ("missing", name) for the first absent name, in the order of `names`.
    """
    if "\r" in value or "\n" in value:
        return ("syntax", None)
    trimmed = value.strip(" \t")
    if not trimmed.startswith(scheme + " "):
        return ("no_scheme", None)
    text = trimmed[len(scheme) + 1:]
    found = {}
    pos = 0
    while True:
        m = ATTRIBUTE_RE.match(text, pos)
        if not m:
            return ("syntax", None)
        known = [n for n in names
                 if n == m.group(1) or (lenient and ascii_lower(n) == ascii_lower(m.group(1)))]
        if not known or known[0] in found:
            return ("syntax", None)
        found[known[0]] = m.group(2)
        pos = m.end()
        if pos == len(text):
            break
        if text[pos] != ",":
            return ("syntax", None)
        pos += 1
        while pos < len(text) and text[pos] in " \t":
            pos += 1
    for name in names:
        if name not in found:
            return ("missing", name)
    return ("ok", found)


def parse_auth_value(value, scheme, names):
    """The attributes of a value read strictly, or None on any problem."""
    problem, found = read_auth_header(value, scheme, names)
    return found if problem == "ok" else None


def strict_b64decode(text):
    """Decode canonical, padded, standard base64 only; None otherwise."""
    if not re.fullmatch(r"[A-Za-z0-9+/]*={0,2}", text) or len(text) % 4:
        return None
    try:
        data = base64.b64decode(text, validate=True)
    except ValueError:
        return None
    return data if b64(data) == text else None


def verify_push(case):
    options = case["options"]
    window = options.get("window_seconds", 300)
    allow_unsigned = options.get("allow_unsigned", False)
    form_option = options.get("digest_form")
    # None: both clocks (UTC and Beijing time, UTC+8) are accepted; a number pins one.
    offset_option = options.get("created_offset_seconds")
    clocks = (0, 28800) if offset_option is None else (offset_option,)

    # 1. Presence. Names match ASCII case-insensitively once surrounding whitespace is trimmed
    #    (a name that is not an HTTP token otherwise: "X-AKSK " is X-AKSK, "X AKSK" is not).
    auth_values = [v for n, v in case["headers"] if header_name(n) == "authorization"]
    xaksk_values = [v for n, v in case["headers"] if header_name(n) == "x-aksk"]
    if not auth_values and not xaksk_values:
        return {"verified": False} if allow_unsigned else {"error": "unsigned_push"}
    if not auth_values or not xaksk_values:
        return {"error": "missing_auth_header"}
    if len(auth_values) > 1 or len(xaksk_values) > 1:
        return {"error": "malformed_auth_header"}
    auth_value, xaksk_value = auth_values[0], xaksk_values[0]

    # 2. Authorization: syntax (no line break anywhere), then its fixed values; then X-AKSK:
    #    syntax, then the nonce. So a wrong Authorization wins over a malformed X-AKSK.
    auth = parse_auth_value(auth_value, "AKSK", AUTH_NAMES)
    if auth is None:
        return {"error": "malformed_auth_header"}
    if auth != {"realm": "SDP", "profile": "UsernameToken", "type": "Appkey"}:
        return {"error": "wrong_authorization"}
    token = parse_auth_value(xaksk_value, "UsernameToken", XAKSK_NAMES)
    if token is None or not NONCE_RE.fullmatch(token["Nonce"]):
        return {"error": "malformed_auth_header"}

    # 3. Application.
    if token["Username"] != case["app_key"]:
        return {"error": "app_key_mismatch"}

    # 4. Created.
    created = token["Created"]
    if not CREATED_RE.fullmatch(created):
        return {"error": "created_format"}
    fields = (int(created[0:4]), int(created[5:7]), int(created[8:10]),
              int(created[11:13]), int(created[14:16]), int(created[17:19]))
    try:
        datetime.datetime(*fields)
    except ValueError:
        return {"error": "created_format"}

    # 5. Digest encoding.
    digest = strict_b64decode(token["PasswordDigest"])
    if digest is None or len(digest) != 32:
        return {"error": "digest_encoding"}

    # 6. Digest.
    forms = DIGEST_FORMS if form_option is None else (form_option,)
    matched = None
    for form in forms:
        expected = push_digest(form, case["app_secret"], case["url"], token["Nonce"], created)
        if hmac.compare_digest(digest, expected):
            matched = form
            break
    if matched is None:
        return {"error": "digest_mismatch"}

    # 7. Freshness, in the nearest accepted clock (the first on a tie).
    as_utc = calendar.timegm(fields + (0, 0, 0))
    ages = [(abs(case["now"] - (as_utc - o)), i, o) for i, o in enumerate(clocks)]
    _, _, offset = min(ages)
    age = case["now"] - (as_utc - offset)
    if age > window:
        return {"error": "stale_push"}
    if age < -window:
        return {"error": "future_push"}
    # The same stamp is fresh in each accepted clock in turn: remember it across all of them.
    spread = max(clocks) - min(clocks)
    return {"verified": True, "digest_form": matched, "created_offset_seconds": offset,
            "replay_key": token["Nonce"] + ":" + created,
            "remember_for_seconds": 2 * window + spread}


PUSH_URL = "https://callback.example.com:8443/voice/status"
PUSH_KEY = "pushAppKey01"
PUSH_SECRET = "pushSecret-0123"
PUSH_NONCE = "66C92B11FF8A425FB8D4CCFE0ED9ED1F"
PUSH_CREATED = "2024-03-01T12:00:00Z"
PUSH_NOW = utc(2024, 3, 1, 12, 0, 0)


def push_headers(form="concatenated", *, url=PUSH_URL, secret=PUSH_SECRET, username=PUSH_KEY,
                 nonce=PUSH_NONCE, created=PUSH_CREATED, digest=None, xaksk=None,
                 authorization=AUTHORIZATION, names=("Authorization", "X-AKSK")):
    """Headers of a push as the platform would send it, with optional tampering."""
    if digest is None:
        digest = b64(push_digest(form, secret, url, nonce, created))
    if xaksk is None:
        xaksk = x_aksk_header(username, digest, nonce, created)
    return [["Content-Type", "application/json;charset=UTF-8"],
            [names[0], authorization], [names[1], xaksk]]


def valid_digest(form="concatenated", **kw):
    return b64(push_digest(form, kw.get("secret", PUSH_SECRET), kw.get("url", PUSH_URL),
                           kw.get("nonce", PUSH_NONCE), kw.get("created", PUSH_CREATED)))


def flip_bit(digest_b64, bit):
    """Flip bit `bit` of the decoded digest (bit 0 = most significant bit of byte 0)."""
    raw = bytearray(base64.b64decode(digest_b64))
    raw[bit // 8] ^= 0x80 >> (bit % 8)
    return b64(bytes(raw))


URLSAFE_NONCE = "B64url3"


def base64url(digest_b64):
    require("+" in digest_b64 and "/" in digest_b64, "digest without + and /")
    return digest_b64.replace("+", "-").replace("/", "_")


def xaksk_from(parts, sep=","):
    return "UsernameToken " + sep.join(parts)


DIGEST_OK = valid_digest()
ATTRS_OK = ['Username="%s"' % PUSH_KEY, 'PasswordDigest="%s"' % DIGEST_OK,
            'Nonce="%s"' % PUSH_NONCE, 'Created="%s"' % PUSH_CREATED]


def p(name, intent, headers=None, *, now=PUSH_NOW, options=None, url=PUSH_URL,
      app_key=PUSH_KEY, app_secret=PUSH_SECRET):
    """A push_auth case; intent is "concatenated"/"newline" (verified), "unsigned", or an error."""
    return (name, intent, {
        "url": url, "app_key": app_key, "app_secret": app_secret,
        "headers": push_headers() if headers is None else headers,
        "now": now, "options": options or {}})


def push_cases():
    cases = [
        # --- both digest forms ---
        p("concatenated_unpinned", "concatenated"),
        p("newline_unpinned", "newline", push_headers("newline")),
        p("concatenated_explicit_null_form", "concatenated", options={"digest_form": None}),
        p("concatenated_pinned", "concatenated", options={"digest_form": "concatenated"}),
        p("newline_pinned", "newline", push_headers("newline"), options={"digest_form": "newline"}),
        p("concatenated_signed_pinned_newline", "digest_mismatch",
          options={"digest_form": "newline"}),
        p("newline_signed_pinned_concatenated", "digest_mismatch", push_headers("newline"),
          options={"digest_form": "concatenated"}),
        p("fee_url_newline", "newline",
          push_headers("newline", url="https://callback.example.com/voice/fee"),
          url="https://callback.example.com/voice/fee"),
        p("max_nonce_128", "concatenated", push_headers(nonce=NONCE_128)),
        p("nonce_one_char", "newline", push_headers("newline", nonce="z")),
        p("leap_day_created", "concatenated", push_headers(created="2024-02-29T23:59:59Z"),
          now=utc(2024, 2, 29, 23, 59, 59)),
        # --- identity / secret / url ---
        p("wrong_app_key", "app_key_mismatch", app_key="otherAppKey"),
        p("app_key_case_differs", "app_key_mismatch", app_key=PUSH_KEY.upper()),
        p("wrong_secret", "digest_mismatch", app_secret="pushSecret-0124"),
        p("signed_for_other_url", "digest_mismatch",
          push_headers(url="https://callback.example.com:8443/voice/fee")),
        p("url_trailing_slash_differs", "digest_mismatch", url=PUSH_URL + "/"),
        p("newline_digest_with_crlf_form_is_mismatch", "digest_mismatch",
          push_headers(digest=b64(hmac_sha256(PUSH_SECRET.encode(),
                                              (PUSH_URL + "\r\n" + PUSH_NONCE + "\r\n"
                                               + PUSH_CREATED).encode())))),
        # --- time window ---
        p("now_is_created_plus_300_ok", "concatenated", now=PUSH_NOW + 300),
        p("now_is_created_minus_300_ok", "concatenated", now=PUSH_NOW - 300),
        p("now_is_created_plus_301_stale", "stale_push", now=PUSH_NOW + 301),
        p("now_is_created_minus_301_future", "future_push", now=PUSH_NOW - 301),
        p("window_60_plus_60_ok", "concatenated", now=PUSH_NOW + 60,
          options={"window_seconds": 60}),
        p("window_60_plus_61_stale", "stale_push", now=PUSH_NOW + 61,
          options={"window_seconds": 60}),
        p("window_60_minus_61_future", "future_push", now=PUSH_NOW - 61,
          options={"window_seconds": 60}),
        # --- two clocks: UTC and Beijing time (UTC+8) by default, one when pinned ---
        p("created_beijing_time_with_offset_ok", "newline",
          push_headers("newline", created="2024-03-01T20:00:00Z"),
          options={"created_offset_seconds": 28800}),
        p("created_beijing_time_default_options_ok", "newline",
          push_headers("newline", created="2024-03-01T20:00:00Z")),
        p("created_beijing_time_explicit_null_offset_ok", "concatenated",
          push_headers(created="2024-03-01T20:00:00Z"),
          options={"created_offset_seconds": None}),
        p("created_beijing_time_pinned_utc_future", "future_push",
          push_headers("newline", created="2024-03-01T20:00:00Z"),
          options={"created_offset_seconds": 0}),
        p("created_utc_pinned_utc_ok", "concatenated", options={"created_offset_seconds": 0}),
        p("created_utc_with_offset_option_stale", "stale_push",
          options={"created_offset_seconds": 28800}),
        p("beijing_now_is_created_plus_300_ok", "newline",
          push_headers("newline", created="2024-03-01T20:00:00Z"), now=PUSH_NOW + 300),
        p("beijing_now_is_created_minus_300_ok", "newline",
          push_headers("newline", created="2024-03-01T20:00:00Z"), now=PUSH_NOW - 300),
        p("beijing_now_is_created_plus_301_stale", "stale_push",
          push_headers("newline", created="2024-03-01T20:00:00Z"), now=PUSH_NOW + 301),
        p("beijing_now_is_created_minus_301_future", "future_push",
          push_headers("newline", created="2024-03-01T20:00:00Z"), now=PUSH_NOW - 301),
        p("beijing_window_60_plus_60_ok", "newline",
          push_headers("newline", created="2024-03-01T20:00:00Z"), now=PUSH_NOW + 60,
          options={"window_seconds": 60}),
        p("beijing_window_60_plus_61_stale", "stale_push",
          push_headers("newline", created="2024-03-01T20:00:00Z"), now=PUSH_NOW + 61,
          options={"window_seconds": 60}),
        # Four hours ahead of UTC is between the two clocks' windows: nearer to UTC, so future.
        p("created_between_clocks_four_hours_ahead_future", "future_push",
          push_headers(created="2024-03-01T16:00:00Z")),
        # Four hours and one second ahead: nearer to UTC+8, whose reading is stale.
        p("created_between_clocks_nearer_beijing_stale", "stale_push",
          push_headers(created="2024-03-01T16:00:01Z")),
        p("created_beijing_plus_301_between_clocks_future", "future_push",
          push_headers(created="2024-03-01T20:05:01Z")),
        p("created_host_local_time_utc_minus_5_stale", "stale_push",
          push_headers(created="2024-03-01T07:00:00Z")),
        p("created_host_local_time_utc_minus_5_pinned_ok", "concatenated",
          push_headers(created="2024-03-01T07:00:00Z"),
          options={"created_offset_seconds": -18000}),
        # A window wide enough for both clocks: the nearer one is reported.
        p("wide_window_both_clocks_fresh_nearer_wins", "concatenated",
          push_headers(created="2024-03-01T15:00:00Z"),
          options={"window_seconds": 86400}),
        # --- digest encoding ---
        p("digest_truncated_43_chars", "digest_encoding",
          push_headers(digest=DIGEST_OK[:42] + "=")),
        p("digest_no_padding", "digest_encoding", push_headers(digest=DIGEST_OK[:43])),
        p("digest_extra_padding", "digest_encoding", push_headers(digest=DIGEST_OK + "=")),
        p("digest_48_bytes", "digest_encoding", push_headers(digest=b64(
            hmac.new(PUSH_SECRET.encode(), (PUSH_URL + PUSH_NONCE + PUSH_CREATED).encode(),
                     hashlib.sha384).digest()))),
        p("digest_hex_instead_of_base64", "digest_encoding", push_headers(
            digest=push_digest("concatenated", PUSH_SECRET, PUSH_URL, PUSH_NONCE,
                               PUSH_CREATED).hex())),
        # Nonce chosen so that the valid digest contains both "+" and "/".
        p("digest_base64url_alphabet", "digest_encoding", push_headers(
            nonce=URLSAFE_NONCE, digest=base64url(valid_digest(nonce=URLSAFE_NONCE)))),
        p("digest_for_base64url_case_is_valid_in_standard_form", "concatenated",
          push_headers(nonce=URLSAFE_NONCE)),
        p("digest_non_canonical_trailing_bits", "digest_encoding",
          push_headers(digest=non_canonical(DIGEST_OK))),
        p("digest_inner_space", "digest_encoding",
          push_headers(digest=DIGEST_OK[:20] + " " + DIGEST_OK[20:])),
        p("digest_non_alphabet_char", "digest_encoding",
          push_headers(digest="*" + DIGEST_OK[1:])),
        # --- attribute syntax ---
        p("spaces_after_commas_accepted", "concatenated", push_headers(
            authorization='AKSK realm="SDP", profile="UsernameToken", type="Appkey"',
            xaksk=xaksk_from(ATTRS_OK, ", "))),
        p("tabs_and_spaces_after_commas_accepted", "concatenated",
          push_headers(xaksk=xaksk_from(ATTRS_OK, ",\t  "))),
        p("outer_whitespace_trimmed", "concatenated", push_headers(
            authorization="  " + AUTHORIZATION + "\t", xaksk=" " + xaksk_from(ATTRS_OK) + " ")),
        p("attributes_in_other_order_accepted", "concatenated", push_headers(
            authorization='AKSK type="Appkey",realm="SDP",profile="UsernameToken"',
            xaksk=xaksk_from(ATTRS_OK[::-1]))),
        p("header_names_lowercase", "concatenated",
          push_headers(names=("authorization", "x-aksk"))),
        p("header_names_uppercase", "newline",
          push_headers("newline", names=("AUTHORIZATION", "X-AKSK"))),
        p("header_names_surrounding_whitespace_trimmed", "concatenated",
          push_headers(names=(" Authorization", "X-AKSK\t "))),
        p("space_before_comma", "malformed_auth_header",
          push_headers(xaksk=xaksk_from(ATTRS_OK, " ,"))),
        p("space_around_equals", "malformed_auth_header", push_headers(
            xaksk=xaksk_from(['Username = "%s"' % PUSH_KEY] + ATTRS_OK[1:]))),
        p("trailing_comma", "malformed_auth_header",
          push_headers(xaksk=xaksk_from(ATTRS_OK) + ",")),
        p("two_spaces_after_scheme", "malformed_auth_header",
          push_headers(xaksk="UsernameToken  " + ",".join(ATTRS_OK))),
        p("x_aksk_without_scheme", "malformed_auth_header",
          push_headers(xaksk=",".join(ATTRS_OK))),
        p("authorization_wrong_scheme", "malformed_auth_header",
          push_headers(authorization='Basic realm="SDP",profile="UsernameToken",type="Appkey"')),
        p("authorization_empty_value", "malformed_auth_header", push_headers(authorization="")),
        p("authorization_missing_type", "malformed_auth_header",
          push_headers(authorization='AKSK realm="SDP",profile="UsernameToken"')),
        p("unquoted_value", "malformed_auth_header", push_headers(
            xaksk=xaksk_from(ATTRS_OK[:2] + ["Nonce=%s" % PUSH_NONCE] + ATTRS_OK[3:]))),
        p("empty_value", "malformed_auth_header", push_headers(
            xaksk=xaksk_from(['Username=""'] + ATTRS_OK[1:]))),
        p("tab_inside_value", "malformed_auth_header", push_headers(
            xaksk=xaksk_from(['Username="a\tb"'] + ATTRS_OK[1:]))),
        p("duplicate_attribute", "malformed_auth_header",
          push_headers(xaksk=xaksk_from(ATTRS_OK + [ATTRS_OK[2]]))),
        p("unknown_attribute", "malformed_auth_header",
          push_headers(xaksk=xaksk_from(ATTRS_OK + ['Realm="x"']))),
        p("attribute_name_wrong_case", "malformed_auth_header",
          push_headers(xaksk=xaksk_from(['username="%s"' % PUSH_KEY] + ATTRS_OK[1:]))),
        p("authorization_duplicate_realm", "malformed_auth_header", push_headers(
            authorization='AKSK realm="SDP",realm="SDP",profile="UsernameToken",type="Appkey"')),
        p("crlf_injection_in_value", "malformed_auth_header", push_headers(
            xaksk=xaksk_from(ATTRS_OK[:3] + ['Created="%s\r\nX-Evil: 1"' % PUSH_CREATED]))),
        p("lf_at_end_of_authorization", "malformed_auth_header",
          push_headers(authorization=AUTHORIZATION + "\n")),
        p("nonce_with_dash", "malformed_auth_header",
          push_headers(nonce="66c92b11-ff8a-425f-b8d4-ccfe0ed9ed1f")),
        p("nonce_129_chars", "malformed_auth_header", push_headers(nonce=NONCE_128 + "x")),
        p("nonce_fullwidth_digit", "malformed_auth_header", push_headers(nonce="abc１")),
        # --- fixed Authorization values ---
        p("wrong_realm", "wrong_authorization", push_headers(
            authorization='AKSK realm="SDP2",profile="UsernameToken",type="Appkey"')),
        p("wrong_profile", "wrong_authorization", push_headers(
            authorization='AKSK realm="SDP",profile="usernametoken",type="Appkey"')),
        p("wrong_type", "wrong_authorization", push_headers(
            authorization='AKSK realm="SDP",profile="UsernameToken",type="AppKey"')),
        # --- Created ---
        p("created_millisecond_timestamp", "created_format",
          push_headers(created="1700000000000")),
        p("created_status_timestamp_format", "created_format",
          push_headers(created="2019-01-24 02:48:46")),
        p("created_with_milliseconds", "created_format",
          push_headers(created="2024-03-01T12:00:00.000Z")),
        p("created_with_offset_suffix", "created_format",
          push_headers(created="2024-03-01T20:00:00+08:00")),
        p("created_lowercase_z", "created_format", push_headers(created="2024-03-01T12:00:00z")),
        p("created_feb_29_non_leap_year", "created_format",
          push_headers(created="2023-02-29T12:00:00Z")),
        p("created_month_13", "created_format", push_headers(created="2024-13-01T12:00:00Z")),
        p("created_hour_24", "created_format", push_headers(created="2024-03-01T24:00:00Z")),
        p("created_leap_second", "created_format", push_headers(created="2016-12-31T23:59:60Z")),
        p("created_fullwidth_digit", "created_format",
          push_headers(created="２024-03-01T12:00:00Z")),
        # --- presence ---
        p("both_headers_missing", "unsigned_push", [["Content-Type", "application/json"]]),
        p("both_headers_missing_allow_unsigned", "unsigned", [], options={"allow_unsigned": True}),
        p("only_authorization", "missing_auth_header", push_headers()[:2]),
        p("only_x_aksk", "missing_auth_header", [push_headers()[0], push_headers()[2]]),
        p("only_x_aksk_allow_unsigned", "missing_auth_header",
          [push_headers()[2]], options={"allow_unsigned": True}),
        p("authorization_twice", "malformed_auth_header",
          push_headers() + [["authorization", AUTHORIZATION]]),
        p("x_aksk_twice_different_case", "malformed_auth_header",
          push_headers() + [["x-aksk", push_headers()[2][1]]]),
        p("authorization_twice_without_x_aksk", "missing_auth_header",
          push_headers()[:2] + [["Authorization", AUTHORIZATION]]),
        p("signed_push_with_allow_unsigned_still_verified", "concatenated",
          options={"allow_unsigned": True}),
        # --- step order: the first failing step wins ---
        p("order_app_key_before_digest", "app_key_mismatch",
          push_headers(username="someoneElse", digest="AAAA")),
        p("order_created_before_digest_encoding", "created_format",
          push_headers(created="yesterday", digest="AAAA")),
        p("order_digest_encoding_before_staleness", "digest_encoding",
          push_headers(digest="AAAA"), now=PUSH_NOW + 10 ** 6),
        p("order_digest_mismatch_before_staleness", "digest_mismatch",
          push_headers(digest=flip_bit(DIGEST_OK, 7)), now=PUSH_NOW + 10 ** 6),
        p("order_wrong_authorization_before_app_key", "wrong_authorization", push_headers(
            authorization='AKSK realm="X",profile="UsernameToken",type="Appkey"',
            username="someoneElse")),
    ]
    # --- single-bit flips of the valid digest: every one of its 256 bits ---
    for bit in range(256):  # every single-bit flip of the 32-byte digest
        cases.append(p("digest_bit_%d_flipped" % bit, "digest_mismatch",
                       push_headers(digest=flip_bit(DIGEST_OK, bit))))
    return cases


def non_canonical(digest_b64):
    """Same bytes, but the unused low 2 bits of the last data character set to 1."""
    alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/"
    last = alphabet.index(digest_b64[42])
    require(last & 3 == 0, "canonical digest expected")
    return digest_b64[:42] + alphabet[last | 1] + "="


# Error codes of push_auth that mean the headers themselves are malformed (tagged "malformed").
MALFORMED_AUTH_CODES = ("malformed_auth_header", "missing_auth_header", "wrong_authorization",
                        "created_format", "digest_encoding")
# Characters injected into each attribute value, at its start, middle and end.
INJECTED = [("quote", '"'), ("comma", ","), ("cr", "\r"), ("lf", "\n"), ("crlf", "\r\n"),
            ("nul", "\x00"), ("tab", "\t")]
# More control characters, injected in the middle only (DEL, and NEL, a C1 control).
INJECTED_MIDDLE = [("del", "\x7f"), ("nel_c1_control", "\x85")]
# A quote ends the value early and a control character breaks the syntax, so both are
# malformed_auth_header; a comma stays inside the quoted value, which then fails that
# attribute's own check.
COMMA_OUTCOME = {"Username": "app_key_mismatch", "PasswordDigest": "digest_encoding",
                 "Nonce": "malformed_auth_header", "Created": "created_format",
                 "realm": "wrong_authorization", "profile": "wrong_authorization",
                 "type": "wrong_authorization"}
XAKSK_OK = dict(zip(XAKSK_NAMES, (PUSH_KEY, DIGEST_OK, PUSH_NONCE, PUSH_CREATED)))
AUTH_OK = dict(zip(AUTH_NAMES, ("SDP", "UsernameToken", "Appkey")))
SNAKE = {"Username": "username", "PasswordDigest": "password_digest", "Nonce": "nonce",
         "Created": "created", "realm": "realm", "profile": "profile", "type": "type"}


def inject(value, char, where):
    if where == "start":
        return char + value
    if where == "end":
        return value + char
    middle = len(value) // 2
    return value[:middle] + char + value[middle:]


def attributes(values, changed, new_value):
    return ",".join('%s="%s"' % (n, new_value if n == changed else v) for n, v in values.items())


def push_auth_malformed_cases():
    """The malformed-header corpus: every case an error."""
    cases = []
    for attr in XAKSK_NAMES + AUTH_NAMES:
        header = "x_aksk" if attr in XAKSK_OK else "authorization"
        value = XAKSK_OK.get(attr) or AUTH_OK[attr]
        injected = [(c, ch, w) for c, ch in INJECTED for w in ("start", "middle", "end")]
        injected += [(c, ch, "middle") for c, ch in INJECTED_MIDDLE]
        for char_name, char, where in injected:
            bad = inject(value, char, where)
            if header == "x_aksk":
                headers = push_headers(xaksk="UsernameToken " + attributes(XAKSK_OK, attr, bad))
            else:
                headers = push_headers(authorization="AKSK " + attributes(AUTH_OK, attr, bad))
            intent = COMMA_OUTCOME[attr] if char == "," else "malformed_auth_header"
            cases.append(p("inject_%s_%s_%s_at_%s" % (header, SNAKE[attr], char_name, where),
                           intent, headers))

    xaksk = push_headers()[2][1]
    content_type = push_headers()[0]
    newline_xaksk = push_headers("newline")[2][1]
    cases += [
        # --- the same header more than once ---
        p("duplicate_x_aksk_same_value", "malformed_auth_header",
          push_headers() + [["X-AKSK", xaksk]]),
        p("duplicate_x_aksk_second_garbage", "malformed_auth_header",
          push_headers() + [["X-AKSK", "garbage"]]),
        p("duplicate_x_aksk_first_garbage", "malformed_auth_header",
          [content_type, ["X-AKSK", "garbage"]] + push_headers()[1:]),
        p("duplicate_x_aksk_both_validly_signed", "malformed_auth_header",
          push_headers() + [["X-AKSK", newline_xaksk]]),
        p("duplicate_x_aksk_second_empty", "malformed_auth_header",
          push_headers() + [["X-AKSK", ""]]),
        p("triple_x_aksk", "malformed_auth_header",
          push_headers() + [["X-AKSK", xaksk], ["x-Aksk", xaksk]]),
        p("duplicate_authorization_same_case", "malformed_auth_header",
          push_headers() + [["Authorization", AUTHORIZATION]]),
        p("duplicate_authorization_second_empty", "malformed_auth_header",
          push_headers() + [["Authorization", ""]]),
        p("duplicate_authorization_upper_case_name", "malformed_auth_header",
          push_headers() + [["AUTHORIZATION", AUTHORIZATION]]),
        p("duplicate_authorization_second_other_scheme", "malformed_auth_header",
          push_headers() + [["Authorization", "Bearer abc"]]),
        p("duplicate_both_headers", "malformed_auth_header", push_headers() + push_headers()[1:]),
        p("duplicate_x_aksk_without_authorization", "missing_auth_header",
          [["X-AKSK", xaksk], ["X-AKSK", xaksk]]),
        # --- header names with whitespace or other characters ---
        p("name_trailing_space_duplicates_x_aksk", "malformed_auth_header",
          push_headers() + [["X-AKSK ", xaksk]]),
        p("name_leading_space_duplicates_x_aksk", "malformed_auth_header",
          push_headers() + [[" X-AKSK", xaksk]]),
        p("name_trailing_tab_duplicates_x_aksk", "malformed_auth_header",
          push_headers() + [["X-AKSK\t", xaksk]]),
        p("name_leading_space_duplicates_authorization", "malformed_auth_header",
          push_headers() + [[" Authorization", AUTHORIZATION]]),
        p("name_surrounding_spaces_duplicates_authorization", "malformed_auth_header",
          push_headers() + [["  authorization  ", AUTHORIZATION]]),
        p("name_space_inside_x_aksk_is_another_header", "missing_auth_header",
          [["Authorization", AUTHORIZATION], ["X AKSK", xaksk]]),
        p("name_space_inside_authorization_is_another_header", "missing_auth_header",
          [["Author ization", AUTHORIZATION], ["X-AKSK", xaksk]]),
        p("name_with_suffix_is_another_header", "missing_auth_header",
          [["Authorization", AUTHORIZATION], ["X-AKSK2", xaksk]]),
        p("name_underscore_is_another_header", "missing_auth_header",
          [["Authorization", AUTHORIZATION], ["X_AKSK", xaksk]]),
        p("name_with_nul_is_another_header", "missing_auth_header",
          [["Authorization", AUTHORIZATION], ["X-AKSK\x00", xaksk]]),
        p("name_space_padded_authorization_alone", "missing_auth_header",
          [["Authorization ", AUTHORIZATION]]),
        # --- header values ---
        p("x_aksk_value_only_spaces", "malformed_auth_header", push_headers(xaksk="   ")),
        p("x_aksk_value_scheme_only", "malformed_auth_header",
          push_headers(xaksk="UsernameToken")),
        p("x_aksk_value_scheme_and_space_only", "malformed_auth_header",
          push_headers(xaksk="UsernameToken ")),
        p("x_aksk_value_leading_crlf", "malformed_auth_header",
          push_headers(xaksk="\r\n" + xaksk)),
        p("x_aksk_value_leading_nul", "malformed_auth_header",
          push_headers(xaksk="\x00" + xaksk)),
        p("x_aksk_value_trailing_nul", "malformed_auth_header",
          push_headers(xaksk=xaksk + "\x00")),
        p("x_aksk_value_leading_no_break_space", "malformed_auth_header",
          push_headers(xaksk="\u00a0" + xaksk)),
        p("x_aksk_scheme_lower_case", "malformed_auth_header",
          push_headers(xaksk=xaksk.replace("UsernameToken", "usernametoken"))),
        p("x_aksk_tab_after_scheme", "malformed_auth_header",
          push_headers(xaksk=xaksk.replace("UsernameToken ", "UsernameToken\t"))),
        p("x_aksk_semicolon_separators", "malformed_auth_header",
          push_headers(xaksk=xaksk_from(ATTRS_OK, ";"))),
        p("x_aksk_obs_fold_separators", "malformed_auth_header",
          push_headers(xaksk=xaksk_from(ATTRS_OK, ",\r\n "))),
        p("x_aksk_no_break_space_after_comma", "malformed_auth_header",
          push_headers(xaksk=xaksk_from(ATTRS_OK, ",\u00a0"))),
        p("x_aksk_single_quoted_values", "malformed_auth_header",
          push_headers(xaksk=xaksk.replace('"', "'"))),
        p("x_aksk_html_escaped_quotes", "malformed_auth_header",
          push_headers(xaksk=xaksk.replace('"', "&quot;"))),
        p("x_aksk_backslash_escaped_quote_in_value", "malformed_auth_header",
          push_headers(xaksk=xaksk_from(['Username="push\\"AppKey01"'] + ATTRS_OK[1:]))),
        p("x_aksk_fullwidth_quotes", "malformed_auth_header",
          push_headers(xaksk=xaksk.replace('"', "\uff02"))),
        p("x_aksk_json_instead_of_attributes", "malformed_auth_header",
          push_headers(xaksk=json.dumps(XAKSK_OK))),
        p("authorization_obs_fold", "malformed_auth_header", push_headers(
            authorization='AKSK realm="SDP",\r\n profile="UsernameToken",type="Appkey"')),
        p("authorization_scheme_lower_case", "malformed_auth_header",
          push_headers(authorization=AUTHORIZATION.replace("AKSK", "aksk"))),
        p("authorization_trailing_nul", "malformed_auth_header",
          push_headers(authorization=AUTHORIZATION + "\x00")),
        p("authorization_value_is_x_aksk", "malformed_auth_header",
          push_headers(authorization=xaksk)),
        # --- step order: Authorization fully, then X-AKSK ---
        p("order_wrong_authorization_before_x_aksk_syntax", "wrong_authorization", push_headers(
            authorization='AKSK realm="X",profile="UsernameToken",type="Appkey"',
            xaksk="garbage")),
        p("order_wrong_authorization_before_crlf_in_x_aksk", "wrong_authorization", push_headers(
            authorization='AKSK realm="SDP",profile="UsernameToken",type="AppKey"',
            xaksk=xaksk + "\r\n")),
        p("order_malformed_authorization_before_malformed_x_aksk", "malformed_auth_header",
          push_headers(authorization="AKSK", xaksk="garbage")),
        p("order_duplicate_before_wrong_authorization", "malformed_auth_header", push_headers(
            authorization='AKSK realm="X",profile="UsernameToken",type="Appkey"')
          + [["X-AKSK", xaksk]]),
    ]
    return cases


# The SDK's wording, not the protocol's: what an error message for a stamp in another clock must
# say (that it looks like local time, and the option and value that accept it) and, for a stamp
# that is merely late, must not.
MESSAGE_HINTS = {
    "created_beijing_time_pinned_utc_future":
        {"message_contains": ["looks like local time at UTC+8", "created_offset_seconds",
                              "created_offset in Python", "createdOffsetSeconds",
                              "--created-offset", "to 28800"]},
    "created_utc_with_offset_option_stale":
        {"message_contains": ["looks like it was stamped in UTC rather than UTC+8",
                              "created_offset_seconds", "to 0"]},
    "created_host_local_time_utc_minus_5_stale":
        {"message_contains": ["looks like local time at UTC-5", "created_offset_seconds",
                              "to -18000"]},
    "created_between_clocks_four_hours_ahead_future":
        {"message_contains": ["looks like local time at UTC+4", "to 14400"]},
    "now_is_created_plus_301_stale": {"message_excludes": ["looks like"]},
    "beijing_now_is_created_minus_301_future": {"message_excludes": ["looks like"]},
}


def push_auth_vectors():
    cases = []
    names = set()
    listed = push_cases()
    for index, (name, intent, case) in enumerate(listed + push_auth_malformed_cases()):
        in_corpus = index >= len(listed)
        expect = verify_push(case)
        expect.update(MESSAGE_HINTS.get(name, {}))
        if expect.get("verified"):
            got = expect["digest_form"]
        elif "error" in expect:
            got = expect["error"]
        else:
            got = "unsigned"
        require(got == intent, "push_auth %s: computed %s, intended %s" % (name, got, intent))
        require(name not in names, "duplicate push_auth case %s" % name)
        require("error" in expect or not in_corpus, "push_auth %s: corpus case is no error" % name)
        names.add(name)
        malformed = in_corpus or expect.get("error") in MALFORMED_AUTH_CODES
        cases.append(dict({"name": name}, **({"malformed": True} if malformed else {}), **case,
                          expect=expect))
    missing = set(MESSAGE_HINTS) - names
    require(not missing, "MESSAGE_HINTS names no case: %s" % sorted(missing))
    return cases


# ---------------------------------------------------------------------------------------
# Auth headers read on their own: the core's parser (auth_header), strict and lenient
# ---------------------------------------------------------------------------------------

AUTH_FIXED = (("realm", "SDP"), ("profile", "UsernameToken"), ("type", "Appkey"))
HEADER_GRAMMARS = {"authorization": ("AKSK", AUTH_NAMES), "x_aksk": ("UsernameToken", XAKSK_TABLE_6)}


def auth_header_outcome(header, value, syntax):
    """The expect object of an auth_headers.json case."""
    scheme, names = HEADER_GRAMMARS[header]
    problem, detail = read_auth_header(value, scheme, names, lenient=syntax == "lenient")
    if problem == "missing":
        return {"error": "malformed_auth_header", "problem": "missing", "attribute": detail}
    if problem != "ok":
        return {"error": "malformed_auth_header", "problem": problem}
    expect = {"attributes": {SNAKE[n]: v for n, v in detail.items()}}
    if header == "authorization":
        wrong = [n for n, fixed in AUTH_FIXED if detail[n] != fixed]
        expect["wrong_attribute"] = wrong[0] if wrong else None
    return expect


def outcome_intent(expect):
    if "error" in expect:
        return expect["problem"] + (":" + expect["attribute"] if "attribute" in expect else "")
    if expect.get("wrong_attribute"):
        return "wrong:" + expect["wrong_attribute"]
    return "ok"


def xa(*pairs, sep=",", scheme="UsernameToken"):
    """An X-AKSK value from (name, value) pairs, each written name="value"."""
    return scheme + " " + sep.join('%s="%s"' % pair for pair in pairs)


U, D, N, C = (("Username", PUSH_KEY), ("PasswordDigest", DIGEST_OK), ("Nonce", PUSH_NONCE),
              ("Created", PUSH_CREATED))
RE, PR, TY = ("realm", "SDP"), ("profile", "UsernameToken"), ("type", "Appkey")


def au(*pairs, sep=","):
    return xa(*pairs, sep=sep, scheme="AKSK")


def auth_header_cases():
    """(name, header, value, strict intent, lenient intent); intents as outcome_intent writes them."""
    seed = xa(U, D, N, C)
    return [
        # --- the documented shapes: both modes ---
        ("x_aksk_seed_example", "x_aksk", seed, "ok", "ok"),
        ("x_aksk_table_2_spaces_after_commas", "x_aksk", xa(U, D, N, C, sep=", "), "ok", "ok"),
        ("x_aksk_tabs_and_spaces_after_commas", "x_aksk", xa(U, D, N, C, sep=",\t "), "ok", "ok"),
        ("x_aksk_surrounding_whitespace", "x_aksk", " \t" + seed + "\t ", "ok", "ok"),
        ("x_aksk_reordered", "x_aksk", xa(C, N, D, U), "ok", "ok"),
        ("x_aksk_comma_inside_value_kept", "x_aksk", xa(("Username", "a,b"), D, N, C), "ok", "ok"),
        ("authorization_seed", "authorization", AUTHORIZATION, "ok", "ok"),
        ("authorization_reordered_spaced", "authorization", au(TY, RE, PR, sep=", "), "ok", "ok"),
        # --- attribute names in another case: lenient only (table 6 writes UserName) ---
        ("x_aksk_username_as_table_6_writes_it", "x_aksk", xa(("UserName", PUSH_KEY), D, N, C),
         "syntax", "ok"),
        ("x_aksk_names_lowercase", "x_aksk",
         xa(("username", PUSH_KEY), ("passworddigest", DIGEST_OK), ("nonce", PUSH_NONCE),
            ("created", PUSH_CREATED)), "syntax", "ok"),
        ("authorization_names_uppercase", "authorization",
         au(("REALM", "SDP"), ("Profile", "UsernameToken"), ("TYPE", "Appkey")), "syntax", "ok"),
        ("x_aksk_name_twice_in_two_cases", "x_aksk", xa(U, D, N, C, ("nonce", "abc")),
         "syntax", "syntax"),
        # --- the scheme: exact, followed by one space ---
        ("x_aksk_other_scheme", "x_aksk", xa(U, D, N, C, scheme="WSSE"), "no_scheme", "no_scheme"),
        ("x_aksk_scheme_lowercase", "x_aksk", xa(U, D, N, C, scheme="usernametoken"),
         "no_scheme", "no_scheme"),
        ("x_aksk_without_scheme", "x_aksk", ",".join('%s="%s"' % a for a in (U, D, N, C)),
         "no_scheme", "no_scheme"),
        ("x_aksk_tab_after_scheme", "x_aksk", seed.replace(" ", "\t", 1), "no_scheme", "no_scheme"),
        ("x_aksk_scheme_only", "x_aksk", "UsernameToken ", "no_scheme", "no_scheme"),
        ("authorization_basic", "authorization", "Basic dXNlcjpwYXNz", "no_scheme", "no_scheme"),
        ("authorization_empty", "authorization", "", "no_scheme", "no_scheme"),
        # --- slips: refused in both modes ---
        ("x_aksk_two_spaces_after_scheme", "x_aksk", seed.replace(" ", "  ", 1), "syntax", "syntax"),
        ("x_aksk_space_before_equals", "x_aksk", seed.replace('Nonce="', 'Nonce ="'),
         "syntax", "syntax"),
        ("x_aksk_space_after_equals", "x_aksk", seed.replace('Nonce="', 'Nonce= "'),
         "syntax", "syntax"),
        ("x_aksk_space_before_comma", "x_aksk", xa(U, D, N, C, sep=" ,"), "syntax", "syntax"),
        ("x_aksk_trailing_comma", "x_aksk", seed + ",", "syntax", "syntax"),
        ("x_aksk_unknown_attribute", "x_aksk", xa(U, D, N, C, ("Realm", "x")), "syntax", "syntax"),
        ("x_aksk_empty_value", "x_aksk", xa(("Username", ""), D, N, C), "syntax", "syntax"),
        ("x_aksk_unquoted_value", "x_aksk", seed.replace('"%s"' % PUSH_NONCE, PUSH_NONCE),
         "syntax", "syntax"),
        ("x_aksk_unterminated_value", "x_aksk", seed[:-1], "syntax", "syntax"),
        ("x_aksk_tab_inside_value", "x_aksk", xa(("Username", "a\tb"), D, N, C), "syntax", "syntax"),
        ("x_aksk_line_break", "x_aksk", seed.replace(",", ",\r\n ", 1), "syntax", "syntax"),
        ("x_aksk_attribute_twice", "x_aksk", xa(U, D, N, C, N), "syntax", "syntax"),
        ("x_aksk_text_after_value", "x_aksk", seed + " x", "syntax", "syntax"),
        ("authorization_unquoted", "authorization", "AKSK realm=SDP,profile=UsernameToken,type=Appkey",
         "syntax", "syntax"),
        ("authorization_unknown_attribute", "authorization", au(RE, PR, TY, ("charset", "x")),
         "syntax", "syntax"),
        # A slip wins over a missing attribute.
        ("x_aksk_slip_and_missing", "x_aksk", xa(U, ("Realm", "x")), "syntax", "syntax"),
        # --- absent attributes: the first in table 6's order ---
        ("x_aksk_no_username", "x_aksk", xa(D, N, C), "missing:Username", "missing:Username"),
        ("x_aksk_no_nonce", "x_aksk", xa(U, D, C), "missing:Nonce", "missing:Nonce"),
        ("x_aksk_no_created", "x_aksk", xa(U, D, N), "missing:Created", "missing:Created"),
        ("x_aksk_no_password_digest", "x_aksk", xa(U, N, C),
         "missing:PasswordDigest", "missing:PasswordDigest"),
        ("x_aksk_only_username_and_digest", "x_aksk", xa(U, D), "missing:Nonce", "missing:Nonce"),
        ("x_aksk_lowercase_without_created", "x_aksk",
         xa(("username", PUSH_KEY), ("passworddigest", DIGEST_OK), ("nonce", PUSH_NONCE)),
         "syntax", "missing:Created"),
        ("authorization_no_realm", "authorization", au(PR, TY), "missing:realm", "missing:realm"),
        ("authorization_no_profile", "authorization", au(RE, TY),
         "missing:profile", "missing:profile"),
        ("authorization_no_type", "authorization", au(RE, PR), "missing:type", "missing:type"),
        ("authorization_only_type", "authorization", au(("type", "x")),
         "missing:realm", "missing:realm"),
        # A missing attribute wins over a wrong value.
        ("authorization_wrong_realm_no_profile", "authorization", au(("realm", "X"), TY),
         "missing:profile", "missing:profile"),
        # --- Authorization values: read as sent, the first wrong one named ---
        ("authorization_wrong_realm", "authorization", au(("realm", "sdp"), PR, TY),
         "wrong:realm", "wrong:realm"),
        ("authorization_wrong_profile", "authorization", au(RE, ("profile", "Digest"), TY),
         "wrong:profile", "wrong:profile"),
        ("authorization_wrong_type", "authorization", au(RE, PR, ("type", "AppKey")),
         "wrong:type", "wrong:type"),
        ("authorization_all_wrong_realm_first", "authorization",
         au(("type", "x"), ("profile", "y"), ("realm", "z")), "wrong:realm", "wrong:realm"),
    ]


def auth_header_vectors():
    cases = []
    for name, header, value, *intents in auth_header_cases():
        for syntax, intent in zip(("strict", "lenient"), intents):
            expect = auth_header_outcome(header, value, syntax)
            got = outcome_intent(expect)
            require(got == intent, "auth_headers %s (%s): computed %s, intended %s"
                    % (name, syntax, got, intent))
            case = {"name": "%s_%s" % (name, syntax), "header": header, "syntax": syntax,
                    "value": value, "expect": expect}
            if "error" in expect:
                case = dict({"name": case["name"], "malformed": True}, **case)
            cases.append(case)
    return cases


# ---------------------------------------------------------------------------------------
# sandbox.json: the sandbox's answers to auth headers (the "header_" cases)
# ---------------------------------------------------------------------------------------
# sandbox.json is otherwise written by hand (its expected answers are the sandbox's table-6
# mapping, documented in docs/sandbox.md). The cases named "header_…" are generated here: the
# header is read by read_auth_header in lenient mode, then mapped to table 6 as the sandbox does.

SANDBOX_KEY = "sandboxKey01"
SANDBOX_SECRET = "sandbox-Secret-0123"
SANDBOX_BODY = {"displayNbr": "+8675528000088", "calleeNbr": "+8618900000007", "languageType": 2,
                "preTone": "welcome.wav", "verifyCode": "123456"}
SANDBOX_ATTRIBUTES = [["Username", "{app_key}"], ["PasswordDigest", "{digest}"],
                      ["Nonce", "{nonce}"], ["Created", "{created}"]]
MISSING_CODE = {"realm": "1023007", "profile": "1023008", "type": "1023012",
                "Username": "1023034", "Nonce": "1023035", "Created": "1023036",
                "PasswordDigest": "1023037"}
WRONG_CODE = {"realm": "1023009", "profile": "1023010", "type": "1023011"}
# What the runners put in place of the placeholders: a valid nonce, Created and digest, signed now.
SANDBOX_SIGNED = {"{app_key}": SANDBOX_KEY, "{nonce}": "0123456789abcdef0123456789abcdef",
                  "{created}": PUSH_CREATED, "{digest}": DIGEST_OK}


def render_sandbox_x_aksk(spec):
    """The X-AKSK value as cli/tests/sandbox.rs renders an `x_aksk` spec, placeholders filled."""
    rendered = []
    for name, value in spec.get("attributes", SANDBOX_ATTRIBUTES):
        for placeholder, signed in SANDBOX_SIGNED.items():
            value = value.replace(placeholder, signed)
        rendered.append('%s="%s"' % (name, value) if spec.get("quote", True) else name + "=" + value)
    joined = spec.get("separator", ",").join(rendered)
    scheme = spec.get("scheme", "UsernameToken")
    return joined if scheme == "" else scheme + " " + joined


def sandbox_header_answer(case):
    """(HTTP status, resultcode) of the sandbox for a correctly signed request with these headers."""
    auth = case.get("authorization", AUTHORIZATION)
    problem, found = read_auth_header(auth, "AKSK", AUTH_NAMES, lenient=True)
    if problem == "missing":
        return 400, MISSING_CODE[found]
    if problem != "ok":
        return 400, "1023006"
    for name, fixed in AUTH_FIXED:
        if found[name] != fixed:
            return 400, WRONG_CODE[name]
    x_aksk = render_sandbox_x_aksk(case.get("x_aksk", {}))
    problem, found = read_auth_header(x_aksk, "UsernameToken", XAKSK_TABLE_6, lenient=True)
    if problem == "missing":
        return 400, MISSING_CODE[found]
    if problem == "no_scheme":
        return 400, "1023038"
    if problem != "ok":
        return 400, "1023006"
    if found["Username"] != SANDBOX_KEY:
        return 403, "1010003"
    if not NONCE_RE.fullmatch(found["Nonce"]) or found["Created"] != PUSH_CREATED:
        return 400, "1023006"
    if found["PasswordDigest"] != DIGEST_OK:
        return 401, "1010010"
    return 200, "0"


def sh(name, description, intent, reason=None, **headers):
    """reason: a text the X-Sandbox-Reason header must contain (the core's message)."""
    return name, description, intent, reason, headers


def sandbox_header_cases():
    """(name, description, intended "status resultcode", reason, authorization / x_aksk mutations)."""
    lower = [[n.lower(), v] for n, v in SANDBOX_ATTRIBUTES]
    return [
        sh("username_as_table_6_writes_it", "X-AKSK with UserName, as table 6 spells it: "
           "attribute names compare case-insensitively", "200 0",
           x_aksk={"attributes": [["UserName", "{app_key}"]] + SANDBOX_ATTRIBUTES[1:]}),
        sh("x_aksk_names_lowercase", "every X-AKSK attribute name in lower case", "200 0",
           x_aksk={"attributes": lower}),
        sh("authorization_names_uppercase", "Authorization attribute names in other cases",
           "200 0", authorization='AKSK REALM="SDP",Profile="UsernameToken",TYPE="Appkey"'),
        sh("name_twice_in_two_cases", "Nonce and nonce: one attribute given twice", "400 1023006",
           x_aksk={"attributes": SANDBOX_ATTRIBUTES + [["nonce", "abc"]]}),
        sh("lowercase_names_without_created", "lower-case names, Created absent", "400 1023036",
           x_aksk={"attributes": lower[:3]}),
        sh("only_username_and_digest", "several attributes absent: the first in table 6's order "
           "(Nonce) is reported", "400 1023035", reason="the X-AKSK header has no Nonce attribute",
           x_aksk={"attributes": SANDBOX_ATTRIBUTES[:2]}),
        sh("wrong_realm_and_no_profile", "an absent attribute is reported before a wrong value",
           "400 1023008", authorization='AKSK realm="X",type="Appkey"'),
        sh("comma_inside_username", "a comma inside a quoted value belongs to the value: this "
           "Username is not the app_key", "403 1010003",
           x_aksk={"attributes": [["Username", "{app_key},x"]] + SANDBOX_ATTRIBUTES[1:]}),
        sh("space_around_equals", "no space around '=' (the seed writes none)", "400 1023006",
           x_aksk={"quote": False, "attributes": [["Username ", ' "{app_key}"'],
                                                  ["PasswordDigest", '"{digest}"'],
                                                  ["Nonce", '"{nonce}"'],
                                                  ["Created", '"{created}"']]}),
        sh("space_before_comma", "no space before ','", "400 1023006",
           reason="unexpected text after the value of Username", x_aksk={"separator": " ,"}),
        sh("two_spaces_after_scheme", "one space after UsernameToken", "400 1023006",
           x_aksk={"scheme": "UsernameToken "}),
        sh("tab_after_scheme", "UsernameToken followed by a tab is not the scheme", "400 1023038",
           x_aksk={"scheme": "UsernameToken\t"}),
        sh("scheme_lowercase", "the scheme is written exactly", "400 1023038",
           x_aksk={"scheme": "usernametoken"}),
        sh("x_aksk_unknown_attribute", "an attribute X-AKSK does not have", "400 1023006",
           x_aksk={"attributes": SANDBOX_ATTRIBUTES + [["Realm", "x"]]}),
        sh("authorization_unknown_attribute", "an attribute Authorization does not have",
           "400 1023006",
           authorization='AKSK realm="SDP",profile="UsernameToken",type="Appkey",charset="x"'),
        sh("authorization_trailing_comma", "a comma after the last attribute", "400 1023006",
           authorization=AUTHORIZATION + ","),
        sh("empty_username", "an empty value is malformed", "400 1023006",
           x_aksk={"attributes": [["Username", ""]] + SANDBOX_ATTRIBUTES[1:]}),
    ]


def sandbox_vectors():
    """The hand-written cases of sandbox.json as they are, then the generated header_ cases."""
    with open(os.path.join(VECTOR_DIR, "sandbox.json"), encoding="utf-8") as f:
        cases = [c for c in json.load(f) if not c["name"].startswith("header_")]
    for name, description, intent, reason, headers in sandbox_header_cases():
        case = dict({"name": "header_" + name, "description": description,
                     "app_key": SANDBOX_KEY, "app_secret": SANDBOX_SECRET,
                     "body": SANDBOX_BODY}, **headers)
        status, code = sandbox_header_answer(case)
        require("%d %s" % (status, code) == intent, "sandbox %s: computed %d %s, intended %s"
                % (name, status, code, intent))
        case["expect"] = {"status": status, "resultcode": code}
        if reason is not None:
            case["expect"]["reason_contains"] = reason
        cases.append(case)
    return cases


# ---------------------------------------------------------------------------------------
# Pushes: status events, fee (call-detail) batches, unknown events
# ---------------------------------------------------------------------------------------

HANGUP_CAUSES_PATH = os.path.join(ROOT, "core", "data", "hangup_causes.json")
SHARED_SEED_SPEC_PATH = os.path.join(SHARED_SPEC_DIR, "000_c0b035caaa3e46d7.txt")
STATUS_EVENT_TYPES = ("callout", "alerting", "answer", "disconnect")
# The digit-collection result of a voice notification (docs/push-events.md names its pages).
COLLECT_INFO_EVENT_TYPE = "collectInfo"
MAX_FEE_RECORDS = 50
PUSH_TIME_RE = re.compile(r"([0-9]{4})-([0-9]{2})-([0-9]{2}) ([0-9]{2}):([0-9]{2}):([0-9]{2})")

# FeeInfo fields (wire name, output name, kind), in the order a record is checked and output.
FEE_FIELDS = [
    ("sessionId", "session_id", "session"),
    ("direction", "direction", "int"),
    ("spId", "sp_id", "string"),
    ("appKey", "app_key", "string"),
    ("icid", "icid", "string"),
    ("bindNum", "bind_num", "string"),
    ("callerNum", "caller_num", "string"),
    ("calleeNum", "callee_num", "string"),
    ("fwdUnaswRsn", "fwd_unasw_rsn", "int"),
    ("failTime", "fail_time", "time"),
    ("ulFailReason", "ul_fail_reason", "int"),
    ("sipStatusCode", "sip_status_code", "int"),
    ("callOutStartTime", "call_out_start_time", "time"),
    ("callOutAlertingTime", "call_out_alerting_time", "time"),
    ("callOutAnswerTime", "call_out_answer_time", "time"),
    ("callEndTime", "call_end_time", "time"),
    ("callOutUnaswRsn", "call_out_unasw_rsn", "int"),
    ("dynIVRStartTime", "dyn_ivr_start_time", "time"),
    ("dynIVRPath", "dyn_ivr_path", "string"),
    ("recordFlag", "record_flag", "int"),
    ("ttsPlayTimes", "tts_play_times", "int"),
    ("serviceType", "service_type", "string"),
    ("hostName", "host_name", "string"),
    ("userData", "user_data", "string"),
]


def load_hangup_causes():
    """stateCode -> category, from the Rust core's data table."""
    with open(HANGUP_CAUSES_PATH, encoding="utf-8") as f:
        rows = json.load(f)
    causes = {row["code"]: row["category"] for row in rows}
    require(len(causes) == len(rows), "hangup_causes.json: duplicate codes")
    return causes


def is_leap_year(year):
    return year % 4 == 0 and (year % 100 != 0 or year % 400 == 0)


def days_in_month(year, month):
    if month == 2:
        return 29 if is_leap_year(year) else 28
    return 30 if month in (4, 6, 9, 11) else 31


def days_from_civil(year, month, day):
    """Days from 1970-01-01 to a proleptic Gregorian date (H. Hinnant's algorithm)."""
    y = year - (1 if month <= 2 else 0)
    era = y // 400
    yoe = y - era * 400
    doy = (153 * ((month + 9) % 12) + 2) // 5 + day - 1
    doe = yoe * 365 + yoe // 4 - yoe // 100 + doy
    return era * 146097 + doe - 719468


def push_time(text, field):
    """A platform time "yyyy-MM-dd HH:mm:ss" (UTC, real calendar time, no leap second)."""
    m = PUSH_TIME_RE.fullmatch(text)
    if m is None:
        raise BodyError("invalid_timestamp", field)
    year, month, day, hour, minute, second = (int(g) for g in m.groups())
    if not (1 <= month <= 12 and 1 <= day <= days_in_month(year, month)
            and hour <= 23 and minute <= 59 and second <= 59):
        raise BodyError("invalid_timestamp", field)
    unix = days_from_civil(year, month, day) * 86400 + hour * 3600 + minute * 60 + second
    return {"text": text, "unix": unix}


def required_string(obj, key, field):
    """Absent -> missing_field; any non-string, null included -> wrong_type."""
    if key not in obj:
        raise BodyError("missing_field", field)
    if json_kind(obj[key]) != "string":
        raise BodyError("wrong_type", field)
    return obj[key]


def required_nonempty(obj, key, field):
    value = required_string(obj, key, field)
    if value == "":
        raise BodyError("invalid_value", field)
    return value


def optional_string(obj, key, field):
    """Absent or null -> None."""
    value = obj.get(key)
    if value is None:
        return None
    if json_kind(value) != "string":
        raise BodyError("wrong_type", field)
    return value


def optional_integer(obj, key, field):
    """Absent or null -> None; else an integral JSON number (see json_integer)."""
    value = obj.get(key)
    if value is None:
        return None
    return json_integer(value, field)


def optional_time(obj, key, field):
    """Absent, null or "" -> None (stages a call never reached)."""
    text = optional_string(obj, key, field)
    return None if text is None or text == "" else push_time(text, field)


def parse_status_event(event_type, top, hangup):
    info = top.get("statusInfo")
    if info is None:
        raise BodyError("missing_field", "statusInfo")
    if json_kind(info) != "object":
        raise BodyError("wrong_type", "statusInfo")
    info = dict(info)
    session_id = required_nonempty(info, "sessionId", "statusInfo.sessionId")
    timestamp = push_time(required_string(info, "timestamp", "statusInfo.timestamp"),
                          "statusInfo.timestamp")
    user_data = optional_string(info, "userData", "statusInfo.userData")
    caller = optional_string(info, "caller", "statusInfo.caller")
    called = optional_string(info, "called", "statusInfo.called")
    state_code = optional_integer(info, "stateCode", "statusInfo.stateCode")
    state_desc = optional_string(info, "stateDesc", "statusInfo.stateDesc")
    return {
        "kind": "status",
        "event_type": event_type,
        "session_id": session_id,
        "timestamp": timestamp,
        "user_data": user_data,
        "caller": caller,
        "called": called,
        "state_code": state_code,
        "state_desc": state_desc,
        "hangup_category": None if state_code is None else hangup.get(state_code),
    }


def parse_collect_info_event(top):
    """A collectInfo push: statusInfo's sessionId, timestamp, userData, digitInfo, in that order."""
    info = top.get("statusInfo")
    if info is None:
        raise BodyError("missing_field", "statusInfo")
    if json_kind(info) != "object":
        raise BodyError("wrong_type", "statusInfo")
    info = dict(info)
    session_id = required_nonempty(info, "sessionId", "statusInfo.sessionId")
    timestamp = push_time(required_string(info, "timestamp", "statusInfo.timestamp"),
                          "statusInfo.timestamp")
    user_data = optional_string(info, "userData", "statusInfo.userData")
    digit_info = optional_string(info, "digitInfo", "statusInfo.digitInfo")
    return {
        "kind": "collect_info",
        "session_id": session_id,
        "timestamp": timestamp,
        "user_data": user_data,
        "digit_info": digit_info,
    }


def parse_fee_record(index, record):
    out = {}
    for wire, name, kind in FEE_FIELDS:
        field = "feeLst[%d].%s" % (index, wire)
        if kind == "session":
            out[name] = required_nonempty(record, wire, field)
        elif kind == "int":
            out[name] = optional_integer(record, wire, field)
        elif kind == "string":
            out[name] = optional_string(record, wire, field)
        else:
            out[name] = optional_time(record, wire, field)
    return out


def parse_fee_batch(top):
    items = top.get("feeLst")
    if items is None:
        raise BodyError("missing_field", "feeLst")
    if json_kind(items) != "array":
        raise BodyError("wrong_type", "feeLst")
    if not 1 <= len(items) <= MAX_FEE_RECORDS:
        raise BodyError("fee_record_count", "feeLst")
    records = []
    for index, item in enumerate(items):
        if json_kind(item) != "object":
            raise BodyError("wrong_type", "feeLst[%d]" % index)
        records.append(parse_fee_record(index, dict(item)))
    return {"kind": "fee", "records": records,
            "dedupe_keys": ["fee:" + r["session_id"] for r in records]}


# What a push parser reads (step 5 of the body order): the top level (its keys and eventType)
# first; then only the part the event type uses: statusInfo's fields for a status event, each
# record of feeLst and its fields for a fee event, statusInfo's own fields for a collectInfo
# event. An unknown event's parts are never read, so nothing in them can make it an error (a new
# platform event never loses its body).
STATUS_INFO_FIELDS = ("sessionId", "timestamp", "userData", "caller", "called", "stateCode",
                      "stateDesc")
COLLECT_INFO_FIELDS = ("sessionId", "timestamp", "digitInfo", "userData")
PUSH_FIELDS = {"eventType": READ_ANY}
STATUS_INFO_READ = ("object", {key: READ_ANY for key in STATUS_INFO_FIELDS})
COLLECT_INFO_READ = ("object", {key: READ_ANY for key in COLLECT_INFO_FIELDS})
FEE_LST_READ = ("array", ("object", {wire: READ_ANY for wire, _, _ in FEE_FIELDS}))


def parse_push_body(body, hangup):
    # 1-5. The body as bytes, text, JSON; repeated keys and unreadable values.
    text, doc = body_json(body, PUSH_FIELDS)
    # 6. eventType, then the event's own fields.
    top = dict(doc)
    if "eventType" not in top:
        raise BodyError("missing_field", "eventType")
    event_type = top["eventType"]
    if json_kind(event_type) != "string":
        raise BodyError("wrong_type", "eventType")
    part = {"status": ("statusInfo", STATUS_INFO_READ), "fee": ("feeLst", FEE_LST_READ),
            COLLECT_INFO_EVENT_TYPE: ("statusInfo", COLLECT_INFO_READ)}.get(
        "status" if event_type in STATUS_EVENT_TYPES else event_type)
    if part is not None and part[0] in top:
        problem = read_problem(top[part[0]], part[1])
        if problem is not None:
            raise BodyError(*problem)
    if event_type in STATUS_EVENT_TYPES:
        return parse_status_event(event_type, top, hangup)
    if event_type == "fee":
        return parse_fee_batch(top)
    if event_type == COLLECT_INFO_EVENT_TYPE:
        return parse_collect_info_event(top)
    return {"kind": "unknown", "event_type": event_type, "raw_json": text}


def parse_push(body, hangup):
    try:
        return parse_push_body(body, hangup)
    except BodyError as exc:
        return {"error": exc.code, "field": exc.field}


# --- case building ---------------------------------------------------------------------

# The four examples of the seed page, verbatim.
SEED_CALLOUT = ('{"eventType":"callout","statusInfo":{"sessionId":"1202_14260_4294967295_2019012'
                '4024846@callenabler245.huaweicaas.com","timestamp":"2019-01-24 02:48:46","caller":'
                '"+86138****0022","called":"+86138****0021"}}')
SEED_ALERTING = ('{"eventType":"alerting","statusInfo":{"sessionId":"1202_14260_4294967295_20190'
                 '124024846@callenabler245.huaweicaas.com","timestamp":"2019-01-24 02:48:47","call'
                 'er":"+86138****0022","called":"+86138****0021"}}')
SEED_ANSWER = ('{"eventType":"answer","statusInfo":{"sessionId":"1202_14260_4294967295_2019012402'
               '4846@callenabler245.huaweicaas.com","timestamp":"2019-01-24 02:49:12","caller":"+86'
               '138****0022","called":"+86138****0021"}}')
SEED_DISCONNECT = ('{"eventType":"disconnect","statusInfo":{"sessionId":"1202_14260_4294967295_2'
                   '0190124024846@callenabler245.huaweicaas.com","timestamp":"2019-01-24 02:49:23",'
                   '"caller":"+86138****0022","called":"+86138****0021","stateCode":0,'
                   '"stateDesc":"The user releases the call."}}')
SEED_PUSH_BODIES = (SEED_CALLOUT, SEED_ALERTING, SEED_ANSWER, SEED_DISCONNECT)

P_SESSION = "1202_14260_4294967295_20190124024846@callenabler245.huaweicaas.com"
STATUS_INFO = {
    "sessionId": P_SESSION,
    "timestamp": "2019-01-24 02:49:23",
    "caller": "+8675528000088",
    "called": "+8618900000007",
}


def status(event_type="disconnect", **changes):
    """A status push: STATUS_INFO with changes (DROP removes a key)."""
    return jdump({"eventType": event_type, "statusInfo": with_(STATUS_INFO, **changes)})


def fee_session(n):
    return "1202_%d_4294967295_20190124%06d@callenabler245.huaweicaas.com" % (14260 + n, 24846 + n)


FEE_ANSWERED = {
    "direction": 0,
    "spId": "CaaS_Test_01",
    "appKey": SEED_APP_KEY,
    "icid": "ba171f34e6953fcd751edc77127748f4.3757289590.338833305.5",
    "bindNum": "+8675528000088",
    "sessionId": P_SESSION,
    "callerNum": "+8675528000088",
    "calleeNum": "+8618900000007",
    "fwdUnaswRsn": 0,
    "failTime": "",
    "ulFailReason": 0,
    "sipStatusCode": 0,
    "callOutStartTime": "2019-01-24 02:48:46",
    "callOutAlertingTime": "2019-01-24 02:48:47",
    "callOutAnswerTime": "2019-01-24 02:49:12",
    "callEndTime": "2019-01-24 02:49:23",
    "callOutUnaswRsn": 0,
    "dynIVRStartTime": "",
    "dynIVRPath": "",
    "recordFlag": 0,
    "ttsPlayTimes": 2,
    "serviceType": "003",
    "hostName": "callenabler245.huaweicaas.com",
    "userData": "cwgtest",
}
# Rang but was never answered: answer time empty, Q.850 cause 19 (no answer), SIP 480.
FEE_NO_ANSWER = dict(FEE_ANSWERED, sessionId=fee_session(1),
                     icid="ba171f34e6953fcd751edc77127748f4.3757289601.338833417.5",
                     callOutStartTime="2019-01-24 03:00:05",
                     callOutAlertingTime="2019-01-24 03:00:07",
                     callOutAnswerTime="", callEndTime="2019-01-24 03:01:05",
                     failTime="2019-01-24 03:01:05", sipStatusCode=480, callOutUnaswRsn=19,
                     ttsPlayTimes=0, userData="order-4712")
# Busy: neither alerting nor answer, Q.850 cause 17 (user busy), SIP 486.
FEE_BUSY = dict(FEE_NO_ANSWER, sessionId=fee_session(2), callOutStartTime="2019-01-24 03:10:00",
                callOutAlertingTime="", callOutAnswerTime="", callEndTime="2019-01-24 03:10:01",
                failTime="2019-01-24 03:10:01", sipStatusCode=486, callOutUnaswRsn=17)


def fee_record(**changes):
    return with_(FEE_ANSWERED, **changes)


def fee(*records):
    return jdump({"eventType": "fee", "feeLst": list(records)})


def fee_batch_records(count):
    """`count` realistic records: answered, unanswered and busy calls in turn."""
    records = []
    for n in range(count):
        base = (FEE_ANSWERED, FEE_NO_ANSWER, FEE_BUSY)[n % 3]
        start = utc(2019, 1, 24, 2, 48, 46) + 97 * n

        def stamp(offset, start=start):
            return created_string(start + offset, 0).replace("T", " ")[:19]

        record = dict(base, sessionId=fee_session(100 + n),
                      icid="ba171f34e6953fcd751edc77127748f4.%d.%d.5" % (3757289590 + n,
                                                                        338833305 + 7 * n),
                      calleeNum="+861890000%04d" % n, userData="order-%d" % (5000 + n),
                      callOutStartTime=stamp(0))
        if base is FEE_ANSWERED:
            record.update(callOutAlertingTime=stamp(2), callOutAnswerTime=stamp(9),
                          callEndTime=stamp(30 + n))
        elif base is FEE_NO_ANSWER:
            record.update(callOutAlertingTime=stamp(2), callEndTime=stamp(62),
                          failTime=stamp(62))
        else:
            record.update(callEndTime=stamp(1), failTime=stamp(1))
        records.append(record)
    return records


def fee_wrong_type_cases():
    """Each FeeInfo field (but sessionId) sent with a JSON type it must not have."""
    wrong = {"int": "0", "string": 0, "time": 1548298163}
    cases = []
    for wire, name, kind in FEE_FIELDS[1:]:
        cases.append(("fee_%s_wrong_type" % name, fee(fee_record(**{wire: wrong[kind]})),
                      "wrong_type:feeLst[0].%s" % wire))
    return cases


OVERSIZED_PREFIX = ('{"eventType":"answer","statusInfo":{"sessionId":"s-1",'
                    '"timestamp":"2019-01-24 02:49:12"},"pad":"')
OVERSIZED_SUFFIX = '"}'
OVERSIZED = {"prefix": OVERSIZED_PREFIX, "repeat": "x",
             "count": MAX_BODY_BYTES + 1 - len(OVERSIZED_PREFIX) - len(OVERSIZED_SUFFIX),
             "suffix": OVERSIZED_SUFFIX}

PRETTY_DISCONNECT = ('\r\n  {\r\n\t"eventType" : "disconnect",\r\n\t"statusInfo" : {\r\n'
                     '\t\t"sessionId" : "s-2",\r\n\t\t"timestamp" : "2019-01-24 02:49:23",\r\n'
                     '\t\t"stateCode" : 8101\r\n\t}\r\n}\r\n ')
# An event type no Voice Call page documents, with junk in every part (none of it is read).
UNKNOWN_NESTED = ('{"eventType":"collectResult","collectResult":{"sessionId":"s-9","digitInfo":"1#",'
                  '"deep":[{"a":[{"b":[null,true,1.5e3,-0,"\\u4e2d"]}]}],"x":{"k":1,"k":2}},'
                  '"statusInfo":7}')

# The digit-collection example of Huawei's FAQ "如何查询放音收号结果?" (VoiceCall_faq_00024), verbatim.
FAQ_COLLECT_INFO = ('{"eventType":"collectInfo", \n"statusInfo": \n{"sessionId":"1201_12897_429496'
                    '7295_20180522064331@callenabler245.huaweicaas.com",\n"timestamp":"2018-05-22 '
                    '06:44:03", \n"digitInfo":"1",\n"userData":"CaaS Hosting Test"} \n}')
COLLECT_INFO = {
    "sessionId": "1201_12897_4294967295_20180522064331@callenabler245.huaweicaas.com",
    "timestamp": "2018-05-22 06:44:03",
    "digitInfo": "1",
    "userData": "CaaS Hosting Test",
}


def collect(**changes):
    """A collectInfo push: COLLECT_INFO with changes (DROP removes a key)."""
    return jdump({"eventType": "collectInfo", "statusInfo": with_(COLLECT_INFO, **changes)})


# (name, body (str; bytes for non-UTF-8; dict for a repeated body), intent)
# intent: "status:<event>:<hangup category>", "collect_info:<digitInfo>", "fee:<records>",
#         "unknown:<eventType>", or "<error code>[:<field>]"
PUSH_CASES = [
    # --- the seed page's examples, verbatim ---
    ("seed_callout", SEED_CALLOUT, "status:callout:None"),
    ("seed_alerting", SEED_ALERTING, "status:alerting:None"),
    ("seed_answer", SEED_ANSWER, "status:answer:None"),
    ("seed_disconnect", SEED_DISCONNECT, "status:disconnect:answered"),
    # --- status events ---
    ("callout_user_data_echoed", status("callout", userData="cwgtest"), "status:callout:None"),
    ("alerting_required_fields_only", status("alerting", caller=DROP, called=DROP),
     "status:alerting:None"),
    ("answer_optional_fields_explicit_null", status(
        "answer", userData=None, caller=None, called=None, stateCode=None, stateDesc=None),
     "status:answer:None"),
    ("disconnect_8102_busy", status(stateCode=8102, stateDesc="busy"), "status:disconnect:busy"),
    ("disconnect_8101_no_answer", status(stateCode=8101, stateDesc="The callee does not answer."),
     "status:disconnect:no_answer"),
    ("disconnect_8003_ringing_timeout", status(stateCode=8003), "status:disconnect:no_answer"),
    ("disconnect_8009_caller_cancelled", status(stateCode=8009), "status:disconnect:cancelled"),
    ("disconnect_8104_powered_off", status(stateCode=8104), "status:disconnect:unreachable"),
    ("disconnect_8100_number_not_exist", status(stateCode=8100),
     "status:disconnect:unreachable"),
    ("disconnect_7004_callee_blacklisted", status(stateCode=7004), "status:disconnect:blocked"),
    ("disconnect_7109_no_voice_ports", status(stateCode=7109), "status:disconnect:blocked"),
    ("disconnect_8000_internal_error", status(stateCode=8000),
     "status:disconnect:platform_error"),
    ("disconnect_8010_max_duration", status(stateCode=8010), "status:disconnect:answered"),
    ("disconnect_unknown_state_code_9999", status(stateCode=9999, stateDesc="new cause"),
     "status:disconnect:None"),
    # Causes of the newer hang-up table (8106-8111: the caller of a voice callback).
    ("disconnect_8106_caller_number_not_exist", status(stateCode=8106),
     "status:disconnect:unreachable"),
    ("disconnect_8107_caller_no_answer", status(stateCode=8107), "status:disconnect:no_answer"),
    ("disconnect_8108_caller_busy", status(stateCode=8108, stateDesc="主叫用户正忙"),
     "status:disconnect:busy"),
    ("disconnect_8110_caller_powered_off", status(stateCode=8110),
     "status:disconnect:unreachable"),
    ("disconnect_8111_caller_hung_up_or_suspended", status(stateCode=8111),
     "status:disconnect:unreachable"),
    # 8022 is documented for PrivateNumber only, 8112 nowhere: parsed, no category.
    ("disconnect_8022_private_number_code_unknown", status(stateCode=8022),
     "status:disconnect:None"),
    ("disconnect_8112_past_the_table_unknown", status(stateCode=8112), "status:disconnect:None"),
    ("disconnect_digit_info_not_a_status_field", status(stateCode=0, digitInfo=1),
     "status:disconnect:answered"),
    ("disconnect_negative_state_code", status(stateCode=-1), "status:disconnect:None"),
    ("disconnect_without_state_code", status(), "status:disconnect:None"),
    ("disconnect_state_code_i64_max", status(stateCode=I64_MAX), "status:disconnect:None"),
    ("disconnect_state_code_i64_min", status(stateCode=I64_MIN), "status:disconnect:None"),
    ("disconnect_state_code_minus_zero_is_integer_0", status(stateCode=raw("-0")),
     "status:disconnect:answered"),
    ("disconnect_state_desc_chinese", status(stateCode=0, stateDesc="用户主动挂机"),
     "status:disconnect:answered"),
    ("disconnect_state_desc_unicode_escapes",
     status(stateCode=8102).replace('"stateCode"', '"stateDesc":"\\u7528\\u6237\\u5fd9",'
                                    '"stateCode"'), "status:disconnect:busy"),
    ("callout_with_state_code_still_categorised", status("callout", stateCode=8102),
     "status:callout:busy"),
    ("user_data_empty_string_kept", status("answer", userData=""), "status:answer:None"),
    ("user_data_quote_backslash_escapes", status("answer", userData='a"b\\c/d'),
     "status:answer:None"),
    ("unknown_fields_ignored", jdump({
        "eventType": "answer", "traceId": "abc-123",
        "statusInfo": dict(STATUS_INFO, extraInt=1, nested={"a": [1, 2, {"b": None}]},
                           sessionid="lowercase key is another field"),
        "list": [1, "x", None, True, raw("1.5e300")], "version": 2}), "status:answer:None"),
    ("unknown_nested_duplicate_keys_not_checked",
     status("answer").replace('{"sessionId"', '{"ext":{"k":1,"k":2},"sessionId"')[:-1]
     + ',"meta":{"a":1,"a":[{"b":1,"b":2}]}}', "status:answer:None"),
    ("huge_numbers_in_unknown_fields_ignored", status("answer", big=raw("1e400"),
                                                      wide=raw("1" + "0" * 40))[:-1]
     + ',"n":-1e400,"m":123456789012345678901234567890}', "status:answer:None"),
    ("pretty_printed_crlf_tabs_outer_whitespace", PRETTY_DISCONNECT,
     "status:disconnect:no_answer"),
    ("event_type_key_with_escape", status("answer").replace('"eventType"', '"eventTyp\\u0065"'),
     "status:answer:None"),
    ("event_type_value_with_escape", status("answer").replace('"answer"', '"\\u0061nswer"'),
     "status:answer:None"),
    ("status_event_ignores_fee_lst", status("answer")[:-1] + ',"feeLst":"x"}',
     "status:answer:None"),
    ("timestamp_leap_day_2024", status("answer", timestamp="2024-02-29 23:59:59"),
     "status:answer:None"),
    ("timestamp_leap_day_2000", status("answer", timestamp="2000-02-29 12:00:00"),
     "status:answer:None"),
    ("timestamp_epoch", status("answer", timestamp="1970-01-01 00:00:00"), "status:answer:None"),
    ("timestamp_before_epoch", status("answer", timestamp="1969-12-31 23:59:59"),
     "status:answer:None"),
    ("timestamp_year_9999", status("answer", timestamp="9999-12-31 23:59:59"),
     "status:answer:None"),
    ("depth_100_in_unknown_field_ok", status("answer")[:-1] + ',"x":%s}' % nest(99),
     "status:answer:None"),
    ("depth_128_in_unknown_field_ok", status("answer")[:-1] + ',"x":%s}' % nest(127),
     "status:answer:None"),
    # --- eventType ---
    ("event_type_missing", jdump({"statusInfo": STATUS_INFO}), "missing_field:eventType"),
    ("event_type_key_wrong_case", jdump({"eventtype": "answer", "statusInfo": STATUS_INFO}),
     "missing_field:eventType"),
    ("empty_object", "{}", "missing_field:eventType"),
    ("event_type_null", jdump({"eventType": None, "statusInfo": STATUS_INFO}),
     "wrong_type:eventType"),
    ("event_type_number", jdump({"eventType": 1, "statusInfo": STATUS_INFO}),
     "wrong_type:eventType"),
    ("event_type_array", jdump({"eventType": ["answer"], "statusInfo": STATUS_INFO}),
     "wrong_type:eventType"),
    ("event_type_object", jdump({"eventType": {"type": "answer"}}), "wrong_type:eventType"),
    ("event_type_true", jdump({"eventType": True}), "wrong_type:eventType"),
    ("event_type_checked_before_status_info", jdump({"eventType": 5}), "wrong_type:eventType"),
    # --- statusInfo ---
    ("status_info_missing", '{"eventType":"answer"}', "missing_field:statusInfo"),
    ("status_info_null_is_missing", '{"eventType":"answer","statusInfo":null}',
     "missing_field:statusInfo"),
    ("status_info_key_wrong_case", jdump({"eventType": "answer", "statusinfo": STATUS_INFO}),
     "missing_field:statusInfo"),
    ("status_info_string", jdump({"eventType": "answer", "statusInfo": jdump(STATUS_INFO)}),
     "wrong_type:statusInfo"),
    ("status_info_array", jdump({"eventType": "callout", "statusInfo": [STATUS_INFO]}),
     "wrong_type:statusInfo"),
    ("status_info_number", '{"eventType":"disconnect","statusInfo":0}', "wrong_type:statusInfo"),
    # --- statusInfo.sessionId ---
    ("session_id_missing", status(sessionId=DROP), "missing_field:statusInfo.sessionId"),
    ("session_id_null", status(sessionId=None), "wrong_type:statusInfo.sessionId"),
    ("session_id_empty", status(sessionId=""), "invalid_value:statusInfo.sessionId"),
    ("session_id_number", status(sessionId=120214260), "wrong_type:statusInfo.sessionId"),
    ("session_id_array", status(sessionId=[P_SESSION]), "wrong_type:statusInfo.sessionId"),
    # --- statusInfo.timestamp ---
    ("timestamp_missing", status(timestamp=DROP), "missing_field:statusInfo.timestamp"),
    ("timestamp_null", status(timestamp=None), "wrong_type:statusInfo.timestamp"),
    ("timestamp_unix_number", status(timestamp=1548298163), "wrong_type:statusInfo.timestamp"),
    ("timestamp_empty", status(timestamp=""), "invalid_timestamp:statusInfo.timestamp"),
    ("timestamp_iso_8601_z", status(timestamp="2019-01-24T02:48:46Z"),
     "invalid_timestamp:statusInfo.timestamp"),
    ("timestamp_iso_without_z", status(timestamp="2019-01-24T02:48:46"),
     "invalid_timestamp:statusInfo.timestamp"),
    ("timestamp_unix_seconds_string", status(timestamp="1548298126"),
     "invalid_timestamp:statusInfo.timestamp"),
    ("timestamp_february_30", status(timestamp="2019-02-30 00:00:00"),
     "invalid_timestamp:statusInfo.timestamp"),
    ("timestamp_february_29_2023", status(timestamp="2023-02-29 12:00:00"),
     "invalid_timestamp:statusInfo.timestamp"),
    ("timestamp_february_29_1900", status(timestamp="1900-02-29 12:00:00"),
     "invalid_timestamp:statusInfo.timestamp"),
    ("timestamp_hour_24", status(timestamp="2019-01-24 24:00:00"),
     "invalid_timestamp:statusInfo.timestamp"),
    ("timestamp_minute_60", status(timestamp="2019-01-24 02:60:00"),
     "invalid_timestamp:statusInfo.timestamp"),
    ("timestamp_leap_second", status(timestamp="2016-12-31 23:59:60"),
     "invalid_timestamp:statusInfo.timestamp"),
    ("timestamp_month_13", status(timestamp="2019-13-01 00:00:00"),
     "invalid_timestamp:statusInfo.timestamp"),
    ("timestamp_month_00", status(timestamp="2019-00-10 00:00:00"),
     "invalid_timestamp:statusInfo.timestamp"),
    ("timestamp_day_00", status(timestamp="2019-01-00 00:00:00"),
     "invalid_timestamp:statusInfo.timestamp"),
    ("timestamp_single_digit_month", status(timestamp="2019-1-24 02:48:46"),
     "invalid_timestamp:statusInfo.timestamp"),
    ("timestamp_trailing_z", status(timestamp="2019-01-24 02:48:46Z"),
     "invalid_timestamp:statusInfo.timestamp"),
    ("timestamp_milliseconds", status(timestamp="2019-01-24 02:48:46.000"),
     "invalid_timestamp:statusInfo.timestamp"),
    ("timestamp_beijing_offset_suffix", status(timestamp="2019-01-24 10:48:46+08:00"),
     "invalid_timestamp:statusInfo.timestamp"),
    ("timestamp_trailing_space", status(timestamp="2019-01-24 02:48:46 "),
     "invalid_timestamp:statusInfo.timestamp"),
    ("timestamp_leading_space", status(timestamp=" 2019-01-24 02:48:46"),
     "invalid_timestamp:statusInfo.timestamp"),
    ("timestamp_slashes", status(timestamp="2019/01/24 02:48:46"),
     "invalid_timestamp:statusInfo.timestamp"),
    ("timestamp_fullwidth_digit", status(timestamp="２019-01-24 02:48:46"),
     "invalid_timestamp:statusInfo.timestamp"),
    # --- optional statusInfo fields of the wrong type ---
    ("user_data_number", status(userData=1), "wrong_type:statusInfo.userData"),
    ("user_data_object", status(userData={"order": 1}), "wrong_type:statusInfo.userData"),
    ("caller_number", status(caller=8675528000088), "wrong_type:statusInfo.caller"),
    ("called_array", status(called=["+8618900000007"]), "wrong_type:statusInfo.called"),
    ("state_desc_number", status(stateDesc=0), "wrong_type:statusInfo.stateDesc"),
    ("state_desc_true", status(stateDesc=True), "wrong_type:statusInfo.stateDesc"),
    ("state_code_string", status(stateCode="8102"), "wrong_type:statusInfo.stateCode"),
    ("state_code_8102_0_is_integer", status(stateCode=raw("8102.0")), "status:disconnect:busy"),
    ("state_code_exponent_8_102e3_is_integer", status(stateCode=raw("8.102e3")),
     "status:disconnect:busy"),
    ("state_code_1_5_fraction", status(stateCode=raw("1.5")), "wrong_type:statusInfo.stateCode"),
    ("state_code_8101_5_fraction", status(stateCode=raw("8101.5")),
     "wrong_type:statusInfo.stateCode"),
    ("state_code_true", status(stateCode=True), "wrong_type:statusInfo.stateCode"),
    ("state_code_object", status(stateCode={}), "wrong_type:statusInfo.stateCode"),
    ("state_code_2_pow_63", status(stateCode=2 ** 63), "invalid_value:statusInfo.stateCode"),
    ("state_code_below_i64_min", status(stateCode=I64_MIN - 1),
     "invalid_value:statusInfo.stateCode"),
    ("state_code_30_digits", status(stateCode=10 ** 29), "invalid_value:statusInfo.stateCode"),
    ("state_code_exponent_1e19_out_of_range", status(stateCode=raw("1e19")),
     "invalid_value:statusInfo.stateCode"),
    ("state_code_exponent_1e400_overflows_double", status(stateCode=raw("1e400")),
     "invalid_json"),
    ("state_code_minus_1e400_overflows_double", status(stateCode=raw("-1e400")), "invalid_json"),
    ("state_code_400_digit_integer_overflows_double", status(stateCode=raw("9" * 400)),
     "invalid_json"),
    # JSON has one number type: integral values are integers however they are written; an
    # integer literal must fit i64, any other spelling must be below 2^53 (exact as a double).
    ("state_code_minus_0_0_is_0", status(stateCode=raw("-0.0")), "status:disconnect:answered"),
    ("state_code_1_0_is_1", status(stateCode=raw("1.0")), "status:disconnect:None"),
    ("state_code_1e2_is_100", status(stateCode=raw("1e2")), "status:disconnect:None"),
    ("state_code_0e400_is_0", status(stateCode=raw("0e400")), "status:disconnect:answered"),
    ("state_code_2_pow_53_minus_1_float_ok", status(stateCode=raw("9007199254740991.0")),
     "status:disconnect:None"),
    ("state_code_minus_2_pow_53_minus_1_float_ok", status(stateCode=raw("-9007199254740991.0")),
     "status:disconnect:None"),
    ("state_code_2_pow_53_float", status(stateCode=raw("9007199254740992.0")),
     "invalid_value:statusInfo.stateCode"),
    ("state_code_minus_2_pow_53_float", status(stateCode=raw("-9.007199254740992e15")),
     "invalid_value:statusInfo.stateCode"),
    ("state_code_i64_max_literal_ok", status(stateCode=raw("9223372036854775807")),
     "status:disconnect:None"),
    ("state_code_2_pow_63_literal", status(stateCode=raw("9223372036854775808")),
     "invalid_value:statusInfo.stateCode"),
    ("state_code_i64_min_literal_ok", status(stateCode=raw("-9223372036854775808")),
     "status:disconnect:None"),
    ("state_code_below_i64_min_literal", status(stateCode=raw("-9223372036854775809")),
     "invalid_value:statusInfo.stateCode"),
    ("state_code_i64_max_as_float", status(stateCode=raw("9223372036854775807.0")),
     "invalid_value:statusInfo.stateCode"),
    ("state_code_1e_minus_400_underflows_to_0", status(stateCode=raw("1e-400")),
     "status:disconnect:answered"),
    # A number's value is the double nearest to it, as a JSON parser reads it.
    ("state_code_nearest_double_of_1_0000000000000000001_is_1",
     status(stateCode=raw("1.0000000000000000001")), "status:disconnect:None"),
    ("state_code_2_pow_53_minus_0_5_rounds_to_2_pow_53",
     status(stateCode=raw("9007199254740991.5")), "invalid_value:statusInfo.stateCode"),
    # --- statusInfo check order (not document order) ---
    ("order_session_id_before_timestamp", status(timestamp="bad", sessionId=5),
     "wrong_type:statusInfo.sessionId"),
    ("order_timestamp_before_user_data", status(userData=1, timestamp="bad"),
     "invalid_timestamp:statusInfo.timestamp"),
    ("order_user_data_before_caller", status(caller=1, userData=2),
     "wrong_type:statusInfo.userData"),
    ("order_caller_before_called", status(called=1, caller=2), "wrong_type:statusInfo.caller"),
    ("order_called_before_state_code", status(stateCode="x", called=1),
     "wrong_type:statusInfo.called"),
    ("order_state_code_before_state_desc", status(stateDesc=1, stateCode="x"),
     "wrong_type:statusInfo.stateCode"),
    # --- bodies that are not a usable JSON object ---
    ("empty_body", "", "empty_body"),
    ("whitespace_body", " \t\r\n\x0c ", "empty_body"),
    ("vertical_tab_is_not_whitespace", "\x0b", "invalid_json"),
    ("bom_then_json", "\ufeff" + SEED_ANSWER, "byte_order_mark"),
    ("bom_only", "\ufeff", "byte_order_mark"),
    ("whitespace_then_bom", " \ufeff" + SEED_ANSWER, "invalid_json"),
    ("invalid_utf8_byte_ff", b'{"eventType":"answer","statusInfo":{"sessionId":"\xff"}}',
     "invalid_utf8"),
    ("invalid_utf8_gbk_state_desc", status(stateCode=8102, stateDesc="被叫忙").encode("gbk"),
     "invalid_utf8"),
    ("invalid_utf8_overlong", b'{"eventType":"\xc0\xa2"}', "invalid_utf8"),
    ("invalid_utf8_encoded_surrogate", b'{"eventType":"\xed\xa0\x80"}', "invalid_utf8"),
    ("invalid_utf8_truncated_sequence", SEED_ANSWER.encode() + b"\xe4\xb8", "invalid_utf8"),
    ("json_array", "[]", "not_json_object"),
    ("json_array_of_push", "[%s]" % SEED_DISCONNECT, "not_json_object"),
    ("json_null", "null", "not_json_object"),
    ("json_number", "8102", "not_json_object"),
    ("json_string", '"disconnect"', "not_json_object"),
    ("json_false", "false", "not_json_object"),
    ("truncated_json", SEED_DISCONNECT[:70], "invalid_json"),
    ("truncated_before_last_brace", SEED_DISCONNECT[:-1], "invalid_json"),
    ("trailing_garbage", SEED_DISCONNECT + "x", "invalid_json"),
    ("two_objects", SEED_CALLOUT + SEED_ALERTING, "invalid_json"),
    ("single_quotes", "{'eventType':'answer'}", "invalid_json"),
    ("nan_number", status(stateCode=raw("NaN")), "invalid_json"),
    ("trailing_comma", status()[:-2] + ",}}", "invalid_json"),
    ("comment", '{"eventType":"answer"/* c */}', "invalid_json"),
    ("number_with_leading_zero", status(stateCode=raw("08102")), "invalid_json"),
    ("raw_control_char_in_string", status(stateDesc="a\x01b").replace("\\u0001", "\x01"),
     "invalid_json"),
    ("invalid_escape", status(stateDesc="x").replace('"x"', '"\\x"'), "invalid_json"),
    ("html_page", HTML_502, "invalid_json"),
    ("body_too_large", OVERSIZED, "body_too_large"),
    ("depth_129_in_unknown_field", status("answer")[:-1] + ',"x":%s}' % nest(128),
     "nesting_too_deep"),
    ("depth_200_in_unknown_field", status("answer")[:-1] + ',"x":%s}' % nest(199),
     "nesting_too_deep"),
    ("depth_200_top_level_array", nest(200, ""), "nesting_too_deep"),
    # --- repeated keys (first repeat in document order) ---
    ("duplicate_event_type", '{"eventType":"answer","eventType":"disconnect","statusInfo":{}}',
     "duplicate_field:eventType"),
    ("duplicate_unknown_top_level_key", status("answer")[:-1] + ',"x":1,"x":1}',
     "duplicate_field:x"),
    ("duplicate_status_info", status("answer")[:-1] + ',"statusInfo":{}}',
     "duplicate_field:statusInfo"),
    ("duplicate_session_id_in_status_info",
     status("answer").replace('"timestamp"', '"sessionId":"other","timestamp"'),
     "duplicate_field:sessionId"),
    ("duplicate_unknown_key_in_status_info", status("answer", ext=1)[:-2] + ',"ext":2}}',
     "duplicate_field:ext"),
    ("duplicate_session_id_via_escape",
     status("answer").replace('"timestamp"', '"sessionI\\u0064":"other","timestamp"'),
     "duplicate_field:sessionId"),
    ("duplicate_two_in_status_info_first_repeat_wins",
     '{"eventType":"answer","statusInfo":{"b":1,"a":1,"a":2,"b":2}}', "duplicate_field:a"),
    ("duplicate_top_level_after_status_info_wins",
     '{"eventType":"answer","statusInfo":{"a":1,"a":2},"eventType":"answer"}',
     "duplicate_field:eventType"),
    ("duplicate_top_level_before_status_info",
     '{"x":1,"x":2,"eventType":"answer","statusInfo":{"a":1,"a":2}}', "duplicate_field:x"),
    ("duplicate_beats_missing_event_type", '{"a":1,"a":2}', "duplicate_field:a"),
    # Many unknown keys (parsers that keep them in a short list switch to a set): the repeat of
    # the 20th of 40 is found, and so is the first repeat when there are two.
    ("duplicate_unknown_key_among_40",
     status("answer")[:-1] + "".join(',"k%d":%d' % (i, i) for i in range(40)) + ',"k20":0}',
     "duplicate_field:k20"),
    ("duplicate_unknown_keys_among_40_first_repeat_wins",
     '{"eventType":"answer",' + ",".join('"k%d":0' % i for i in range(40))
     + ',"k35":1,"k3":1,"statusInfo":{}}', "duplicate_field:k35"),
    ("duplicate_unknown_key_among_40_in_status_info",
     status("answer", **{"k%d" % i: i for i in range(40)})[:-2] + ',"k39":0}}',
     "duplicate_field:k39"),
    ("unknown_event_status_info_not_read_duplicate",
     '{"eventType":"callin","statusInfo":{"k":1,"k":2}}', "unknown:callin"),
    ("collect_info_status_info_read_duplicate",
     '{"eventType":"collectInfo","statusInfo":{"k":1,"k":2}}', "duplicate_field:k"),
    ("status_event_fee_lst_not_read_duplicate",
     status("answer")[:-1] + ',"feeLst":[{"k":1,"k":2}]}', "status:answer:None"),
    ("fee_lst_not_read_on_status_event_1e400", status("answer")[:-1] + ',"feeLst":[1e400]}',
     "status:answer:None"),
    ("status_info_not_read_on_fee_event_1e400",
     fee(FEE_ANSWERED)[:-1] + ',"statusInfo":{"stateCode":1e400}}', "fee:1"),
    ("status_info_not_read_on_unknown_event_lone_surrogate",
     '{"eventType":"x","statusInfo":{"\\ud800":1}}', "unknown:x"),
    ("status_info_not_read_on_unknown_event_1e400",
     '{"eventType":"callin","statusInfo":{"sessionId":-1e400}}', "unknown:callin"),
    ("collect_info_status_info_read_1e400",
     '{"eventType":"collectInfo","statusInfo":{"sessionId":-1e400}}', "invalid_json"),
    ("duplicate_then_truncated_is_invalid_json", '{"eventType":"answer","eventType":"answer"',
     "invalid_json"),
    # --- digit-collection results (collectInfo) ---
    ("collect_info_faq_example", FAQ_COLLECT_INFO, "collect_info:1"),
    ("collect_info_several_digits_and_hash", collect(digitInfo="0571#"), "collect_info:0571#"),
    ("collect_info_without_digit_info", collect(digitInfo=DROP), "collect_info:None"),
    ("collect_info_digit_info_null", collect(digitInfo=None), "collect_info:None"),
    ("collect_info_digit_info_empty_string_kept", collect(digitInfo=""), "collect_info:"),
    ("collect_info_required_fields_only", collect(digitInfo=DROP, userData=DROP),
     "collect_info:None"),
    ("collect_info_digit_info_escaped", collect(digitInfo="1").replace('"1"', '"\\u0031"'),
     "collect_info:1"),
    ("collect_info_status_fields_not_read", collect(caller=1, stateCode="x", called=raw("1e400")),
     "collect_info:1"),
    ("collect_info_fee_lst_not_read", collect()[:-1] + ',"feeLst":[{"k":1,"k":2}]}',
     "collect_info:1"),
    ("collect_info_digit_info_number", collect(digitInfo=1), "wrong_type:statusInfo.digitInfo"),
    ("collect_info_digit_info_array", collect(digitInfo=["1"]),
     "wrong_type:statusInfo.digitInfo"),
    ("collect_info_digit_info_true", collect(digitInfo=True), "wrong_type:statusInfo.digitInfo"),
    ("collect_info_user_data_number", collect(userData=7), "wrong_type:statusInfo.userData"),
    ("collect_info_user_data_checked_before_digit_info", collect(digitInfo=1, userData=2),
     "wrong_type:statusInfo.userData"),
    ("collect_info_session_id_missing", collect(sessionId=DROP),
     "missing_field:statusInfo.sessionId"),
    ("collect_info_session_id_empty", collect(sessionId=""), "invalid_value:statusInfo.sessionId"),
    ("collect_info_session_id_checked_before_digit_info", collect(sessionId=1, digitInfo=1),
     "wrong_type:statusInfo.sessionId"),
    ("collect_info_timestamp_missing", collect(timestamp=DROP),
     "missing_field:statusInfo.timestamp"),
    ("collect_info_timestamp_iso", collect(timestamp="2018-05-22T06:44:03Z"),
     "invalid_timestamp:statusInfo.timestamp"),
    ("collect_info_status_info_missing", '{"eventType":"collectInfo"}',
     "missing_field:statusInfo"),
    ("collect_info_status_info_null", '{"eventType":"collectInfo","statusInfo":null}',
     "missing_field:statusInfo"),
    ("collect_info_status_info_string", '{"eventType":"collectInfo","statusInfo":"1"}',
     "wrong_type:statusInfo"),
    ("collect_info_duplicate_digit_info",
     collect().replace('"userData"', '"digitInfo":"2","userData"'), "duplicate_field:digitInfo"),
    ("collect_info_digit_info_lone_surrogate",
     collect().replace('"digitInfo":"1"', '"digitInfo":"\\ud800"'), "invalid_json"),
    ("collect_info_event_type_case_sensitive", collect().replace("collectInfo", "collectinfo"),
     "unknown:collectinfo"),
    # --- fee batches ---
    ("fee_one_record_answered", fee(FEE_ANSWERED), "fee:1"),
    ("fee_two_records_answered_and_unanswered", fee(FEE_ANSWERED, FEE_NO_ANSWER), "fee:2"),
    ("fee_busy_record_empty_times", fee(FEE_BUSY), "fee:1"),
    ("fee_50_records", fee(*fee_batch_records(50)), "fee:50"),
    ("fee_51_records", fee(*fee_batch_records(51)), "fee_record_count:feeLst"),
    ("fee_empty_list", '{"eventType":"fee","feeLst":[]}', "fee_record_count:feeLst"),
    ("fee_count_checked_before_record_types", jdump({"eventType": "fee", "feeLst": [None] * 51}),
     "fee_record_count:feeLst"),
    ("fee_lst_missing", '{"eventType":"fee"}', "missing_field:feeLst"),
    ("fee_lst_null_is_missing", '{"eventType":"fee","feeLst":null}', "missing_field:feeLst"),
    ("fee_lst_object", jdump({"eventType": "fee", "feeLst": FEE_ANSWERED}), "wrong_type:feeLst"),
    ("fee_lst_string", '{"eventType":"fee","feeLst":"[]"}', "wrong_type:feeLst"),
    ("fee_record_null", '{"eventType":"fee","feeLst":[null]}', "wrong_type:feeLst[0]"),
    ("fee_second_record_number", fee(FEE_ANSWERED, 7), "wrong_type:feeLst[1]"),
    ("fee_record_array", fee([FEE_ANSWERED]), "wrong_type:feeLst[0]"),
    ("fee_record_session_id_only", fee({"sessionId": "s-3"}), "fee:1"),
    ("fee_record_times_null", fee(fee_record(
        failTime=None, callOutStartTime=None, callOutAlertingTime=None, callOutAnswerTime=None,
        callEndTime=None, dynIVRStartTime=None)), "fee:1"),
    ("fee_record_all_optional_null",
     fee(dict({wire: None for wire, _, _ in FEE_FIELDS[1:]}, sessionId="s-4")), "fee:1"),
    ("fee_record_dyn_ivr_fields_set", fee(fee_record(
        dynIVRStartTime="2019-01-24 02:49:13", dynIVRPath="1#2#")), "fee:1"),
    ("fee_record_unknown_fields_ignored", fee(fee_record(extra={"a": [1, {"b": 2}]},
                                                         futureField=raw("1e400"))), "fee:1"),
    ("fee_record_negative_and_large_ints", fee(fee_record(
        ulFailReason=-1, sipStatusCode=I64_MAX, direction=I64_MIN)), "fee:1"),
    ("fee_same_session_twice_in_batch", fee(FEE_NO_ANSWER, FEE_NO_ANSWER), "fee:2"),
    ("fee_event_ignores_status_info", jdump({"eventType": "fee", "statusInfo": 5,
                                             "feeLst": [FEE_BUSY]}), "fee:1"),
    ("fee_session_id_missing", fee(fee_record(sessionId=DROP)),
     "missing_field:feeLst[0].sessionId"),
    ("fee_session_id_null", fee(fee_record(sessionId=None)), "wrong_type:feeLst[0].sessionId"),
    ("fee_session_id_empty", fee(fee_record(sessionId="")), "invalid_value:feeLst[0].sessionId"),
    ("fee_session_id_number", fee(fee_record(sessionId=1202)),
     "wrong_type:feeLst[0].sessionId"),
    ("fee_time_iso_8601", fee(fee_record(callEndTime="2019-01-24T02:49:23Z")),
     "invalid_timestamp:feeLst[0].callEndTime"),
    ("fee_time_february_30", fee(fee_record(callOutStartTime="2019-02-30 00:00:00")),
     "invalid_timestamp:feeLst[0].callOutStartTime"),
    ("fee_time_single_space_is_not_empty", fee(fee_record(failTime=" ")),
     "invalid_timestamp:feeLst[0].failTime"),
    ("fee_time_hour_24", fee(fee_record(dynIVRStartTime="2019-01-24 24:00:00")),
     "invalid_timestamp:feeLst[0].dynIVRStartTime"),
    ("fee_int_0_0_is_integer_0", fee(fee_record(direction=raw("0.0"))), "fee:1"),
    ("fee_int_with_fraction", fee(fee_record(direction=raw("0.5"))),
     "wrong_type:feeLst[0].direction"),
    ("fee_int_exponent_4_8e2_is_480", fee(fee_record(sipStatusCode=raw("4.8e2"))), "fee:1"),
    ("fee_int_minus_0_is_0", fee(fee_record(ttsPlayTimes=raw("-0"))), "fee:1"),
    ("fee_int_2_pow_53_minus_1_float_ok", fee(fee_record(ulFailReason=raw("9007199254740991.0"))),
     "fee:1"),
    ("fee_int_2_pow_53_float", fee(fee_record(ulFailReason=raw("9007199254740992.0"))),
     "invalid_value:feeLst[0].ulFailReason"),
    ("fee_int_i64_min_literal_ok", fee(fee_record(recordFlag=raw("-9223372036854775808"))),
     "fee:1"),
    ("fee_int_below_i64_min_literal", fee(fee_record(recordFlag=raw("-9223372036854775809"))),
     "invalid_value:feeLst[0].recordFlag"),
    ("fee_int_1e400_overflows_double", fee(fee_record(callOutUnaswRsn=raw("1e400"))),
     "invalid_json"),
    ("fee_int_too_large", fee(fee_record(ttsPlayTimes=2 ** 64)),
     "invalid_value:feeLst[0].ttsPlayTimes"),
    ("fee_int_huge_20_digits", fee(fee_record(recordFlag=99999999999999999999)),
     "invalid_value:feeLst[0].recordFlag"),
    ("fee_error_in_second_record", fee(FEE_ANSWERED, dict(FEE_NO_ANSWER, calleeNum=8618900000007)),
     "wrong_type:feeLst[1].calleeNum"),
    ("fee_first_record_error_wins", fee(fee_record(userData=1), fee_record(sessionId=DROP)),
     "wrong_type:feeLst[0].userData"),
    ("fee_record_order_session_id_first", fee(fee_record(direction="0", sessionId=DROP)),
     "missing_field:feeLst[0].sessionId"),
    ("fee_record_order_direction_before_user_data", fee(fee_record(userData=1, direction="0")),
     "wrong_type:feeLst[0].direction"),
    ("fee_record_order_time_before_later_int", fee(fee_record(ttsPlayTimes="2",
                                                              callEndTime="x")),
     "invalid_timestamp:feeLst[0].callEndTime"),
    ("fee_non_object_record_after_bad_record", fee(fee_record(spId=1), None),
     "wrong_type:feeLst[0].spId"),
    ("duplicate_session_id_in_fee_record",
     fee(FEE_ANSWERED).replace('"callerNum"', '"sessionId":"other","callerNum"'),
     "duplicate_field:sessionId"),
    ("duplicate_unknown_key_in_second_fee_record",
     fee(FEE_ANSWERED)[:-2] + ',{"sessionId":"s-5","x":1,"x":2}]}', "duplicate_field:x"),
    ("duplicate_in_fee_record_beats_record_count",
     fee(*fee_batch_records(51)).replace('"calleeNum"', '"calleeNum":"dup","calleeNum"', 1),
     "duplicate_field:calleeNum"),
    # --- unknown event types: kept with the raw body ---
    ("unknown_event_nested_payload", UNKNOWN_NESTED, "unknown:collectResult"),
    ("unknown_callin_private_number_event", jdump({"eventType": "callin", "statusInfo": dict(
        STATUS_INFO, timestamp="not a time")}), "unknown:callin"),
    ("unknown_empty_event_type", '{"eventType":""}', "unknown:"),
    ("unknown_event_type_case_sensitive", status("Callout"), "unknown:Callout"),
    ("unknown_fee_upper_case", '{"eventType":"FEE","feeLst":[]}', "unknown:FEE"),
    ("unknown_event_type_trailing_space", status("disconnect ", stateCode="x"),
     "unknown:disconnect "),
    ("unknown_event_raw_json_kept_exactly",
     '\n { "eventType" : "recordReady", "data" : { "url" : "https:\\/\\/x\\u002Fy" ,'
     ' "n" : 1.50 } }\t',
     "unknown:recordReady"),
    ("unknown_event_non_ascii", '{"eventType":"通知","内容":"中文"}', "unknown:通知"),
]


FEE_KINDS = {wire: kind for wire, _, kind in FEE_FIELDS}
# Fee fields by the JSON type they hold on the wire.
FEE_KIND_JSON = {"session": "string", "int": "int", "string": "string", "time": "string"}
FEE_BATCH_BODY = fee(FEE_ANSWERED, FEE_NO_ANSWER)


def status_raw(**changes):
    """A disconnect push whose statusInfo has changes (raw() values allowed)."""
    return status(**dict({"stateCode": 8102, "stateDesc": "busy"}, **changes))


def push_malformed_cases():
    """(name, body, intent) of the malformed-input corpus: every case an error."""
    cases = []

    def add(name, body, intent):
        cases.append((name, body, intent))

    # Truncations of the four seed examples and of a fee batch.
    for label, body in zip(("callout", "alerting", "answer", "disconnect"), SEED_PUSH_BODIES):
        for cut in truncation_points(len(body), 8):
            add("truncated_seed_%s_at_%d" % (label, cut), body[:cut],
                "empty_body" if cut == 0 else "invalid_json")
    for cut in truncation_points(len(FEE_BATCH_BODY), 40):
        add("truncated_fee_batch_at_%d" % cut, FEE_BATCH_BODY[:cut],
            "empty_body" if cut == 0 else "invalid_json")
    chinese = status(stateCode=8102, stateDesc="被叫忙").encode("utf-8")
    start = chinese.index("被".encode("utf-8"))
    for cut in range(start + 1, start + 9):
        if cut - start not in (3, 6):
            add("truncated_inside_utf8_char_at_%d" % cut, chinese[:cut], "invalid_utf8")
    pretty = PRETTY_DISCONNECT
    for cut in (1, 2, 3, 4, 5, 8):
        add("truncated_pretty_at_%d" % cut, pretty[:cut],
            "empty_body" if cut <= 4 else "invalid_json")

    # Garbage before or after a complete object.
    for name, text in TRAILING_GARBAGE:
        add("trailing_garbage_%s" % name, SEED_DISCONNECT + text, "invalid_json")
    for name, text in TRAILING_GARBAGE[:8]:
        add("fee_trailing_garbage_%s" % name, FEE_BATCH_BODY + text, "invalid_json")
    for name, text in LEADING_GARBAGE:
        add("leading_garbage_%s" % name, text + SEED_DISCONNECT, "invalid_json")

    # Slips of JSON syntax.
    for name, body in [
        ("missing_colon", '{"eventType" "answer"}'),
        ("missing_comma_in_status_info",
         status("answer").replace('","timestamp"', '" "timestamp"')),
        ("unquoted_keys", "{eventType:\"answer\",statusInfo:{}}"),
        ("single_quoted_value", "{\"eventType\":'answer'}"),
        ("trailing_comma_in_status_info", status("answer")[:-2] + ",}}"),
        ("trailing_comma_in_fee_list", fee(FEE_ANSWERED)[:-2] + ",]}"),
        ("missing_comma_between_records", fee(FEE_ANSWERED, FEE_NO_ANSWER).replace("},{", "}{")),
        ("object_closed_by_bracket", status("answer")[:-1] + "]"),
        ("fee_list_closed_by_brace", fee(FEE_ANSWERED)[:-2] + "}}"),
        ("unterminated_string", '{"eventType":"answer'),
        ("raw_newline_in_state_desc", status_raw(stateDesc="a\nb").replace("\\n", "\n")),
        ("raw_tab_in_session_id", status(sessionId="a\tb").replace("\\t", "\t")),
        ("raw_nul_in_key", status("answer").replace('"caller"', '"cal\x00ler"')),
        ("raw_unit_separator_in_string", status_raw(stateDesc="a\x1fb").replace("\\u001f",
                                                                              "\x1f")),
        ("invalid_escape_x", status_raw(stateDesc="\\x41").replace("\\\\x41", "\\x41")),
        ("short_unicode_escape", status_raw(stateDesc="X").replace('"X"', '"\\u12"')),
        ("uppercase_u_escape", status_raw(stateDesc="X").replace('"X"', '"\\U0041"')),
        ("state_code_leading_zero", status_raw(stateCode=raw("00"))),
        ("state_code_plus_sign", status_raw(stateCode=raw("+8102"))),
        ("state_code_leading_dot", status_raw(stateCode=raw(".5"))),
        ("state_code_trailing_dot", status_raw(stateCode=raw("8102."))),
        ("state_code_exponent_without_digits", status_raw(stateCode=raw("8102e"))),
        ("state_code_hex", status_raw(stateCode=raw("0x1FA6"))),
        ("state_code_infinity", status_raw(stateCode=raw("Infinity"))),
        ("state_code_minus_infinity", status_raw(stateCode=raw("-Infinity"))),
        ("state_code_two_numbers", status_raw(stateCode=raw("81 02"))),
        ("capitalised_null", status_raw(stateDesc=raw("Null"))),
        ("python_true", status_raw(stateDesc=raw("True"))),
        ("fee_direction_leading_zero", fee(fee_record(direction=raw("00")))),
        ("comment_in_fee_record", fee(FEE_ANSWERED).replace('"spId"', '/* sp */"spId"')),
        ("json_lines_two_pushes", SEED_CALLOUT + "\n" + SEED_ALERTING),
        ("only_open_brace", "{"),
        ("unbalanced_status_info", '{"eventType":"answer","statusInfo":{"sessionId":"s"}'),
        ("form_encoded", "eventType=answer&sessionId=s"),
        ("xml_body", "<push><eventType>answer</eventType></push>"),
    ]:
        add("syntax_%s" % name, body, "invalid_json")

    # eventType, statusInfo, feeLst, fee records of the wrong JSON type.
    for name, value in samples_except("string", "null"):
        add("event_type_as_%s" % name, jdump({"eventType": value, "statusInfo": STATUS_INFO}),
            "wrong_type:eventType")
    for name, value in samples_except("object", "null"):
        add("status_info_as_%s" % name, jdump({"eventType": "answer", "statusInfo": value}),
            "wrong_type:statusInfo")
    for name, value in samples_except("array", "null"):
        add("fee_lst_as_%s" % name, jdump({"eventType": "fee", "feeLst": value}),
            "wrong_type:feeLst")
    for name, value in samples_except("object"):
        add("fee_record_as_%s" % name, fee(FEE_ANSWERED, value), "wrong_type:feeLst[1]")

    # Every statusInfo field of every wrong JSON type (null is absence for optional fields).
    for key in STATUS_INFO_FIELDS:
        expected = "int" if key == "stateCode" else "string"
        skip = (expected, "float") if key == "stateCode" else (expected,)
        if key not in ("sessionId", "timestamp"):
            skip += ("null",)
        for name, value in samples_except(*skip):
            add("status_%s_as_%s" % (key, name), status(**{key: value}),
                "wrong_type:statusInfo.%s" % key)
    for name, value in (("float_1_5", raw("1.5")), ("float_minus_0_25", raw("-0.25")),
                        ("float_8101_999", raw("8101.999")), ("float_1e_minus_1", raw("1e-1"))):
        add("status_stateCode_as_%s" % name, status(stateCode=value),
            "wrong_type:statusInfo.stateCode")

    # Every fee record field of every wrong JSON type.
    for wire, _, kind in FEE_FIELDS:
        expected = FEE_KIND_JSON[kind]
        skip = (expected,) if kind != "int" else ("int", "float")
        if kind != "session":
            skip += ("null",)
        for name, value in samples_except(*skip):
            add("fee_%s_as_%s" % (wire, name), fee(fee_record(**{wire: value})),
                "wrong_type:feeLst[0].%s" % wire)
        if kind == "int":
            add("fee_%s_as_float_2_5" % wire, fee(fee_record(**{wire: raw("2.5")})),
                "wrong_type:feeLst[0].%s" % wire)

    # Huge numbers in integer fields; any number overflowing a double where it is read.
    huge = [
        ("2_pow_63", str(2 ** 63), "invalid_value"),
        ("2_pow_64", str(2 ** 64), "invalid_value"),
        ("minus_2_pow_63_minus_1", str(-2 ** 63 - 1), "invalid_value"),
        ("30_digits", "9" * 30, "invalid_value"),
        ("1e19", "1e19", "invalid_value"),
        ("2_pow_53_as_float", "9007199254740992.0", "invalid_value"),
        ("1e308", "1e308", "invalid_value"),
        ("1e400", "1e400", "invalid_json"),
        ("minus_1e400", "-1e400", "invalid_json"),
        ("400_digits", "9" * 400, "invalid_json"),
    ]
    for name, text, code in huge:
        add("state_code_huge_%s" % name, status(stateCode=raw(text)),
            code + ("" if code == "invalid_json" else ":statusInfo.stateCode"))
    for wire, _, kind in FEE_FIELDS:
        if kind == "int":
            for name, text, code in huge[::3] + [huge[7]]:
                add("fee_%s_huge_%s" % (wire, name), fee(fee_record(**{wire: raw(text)})),
                    code + ("" if code == "invalid_json" else ":feeLst[0].%s" % wire))
    for key in STATUS_INFO_FIELDS:
        if key != "stateCode":
            add("status_%s_1e400" % key, status(**{key: raw("1e400")}), "invalid_json")
    for wire in ("sessionId", "spId", "callEndTime", "userData"):
        add("fee_%s_1e400" % wire, fee(fee_record(**{wire: raw("1e400")})), "invalid_json")
    add("event_type_1e400", '{"eventType":1e400}', "invalid_json")
    add("status_info_1e400", '{"eventType":"answer","statusInfo":1e400}', "invalid_json")
    add("fee_lst_1e400", '{"eventType":"fee","feeLst":1e400}', "invalid_json")
    add("fee_record_1e400", '{"eventType":"fee","feeLst":[1e400]}', "invalid_json")

    # Repeated keys at each level that is read.
    add("duplicate_fee_lst", fee(FEE_ANSWERED)[:-1] + ',"feeLst":[]}', "duplicate_field:feeLst")
    add("duplicate_event_type_in_fee", fee(FEE_ANSWERED)[:-1] + ',"eventType":"fee"}',
        "duplicate_field:eventType")
    for key in STATUS_INFO_FIELDS:
        body = status_raw(userData="u")
        add("duplicate_status_info_%s" % key,
            body[:-2] + ',%s:%s}}' % (json.dumps(key), json.dumps("dup")),
            "duplicate_field:%s" % key)
    for wire, _, _ in FEE_FIELDS:
        add("duplicate_fee_record_%s" % wire,
            fee(FEE_ANSWERED)[:-3] + ',%s:null}]}' % json.dumps(wire), "duplicate_field:%s" % wire)
    add("duplicate_in_third_record", fee(*fee_batch_records(3))[:-3] + ',"icid":"x"}]}',
        "duplicate_field:icid")
    add("duplicate_status_info_key_via_escape",
        status("answer").replace('"caller"', '"c\\u0061ller":"x","caller"'),
        "duplicate_field:caller")
    add("duplicate_before_known_1e400", status("answer")[:-2] + ',"k":1,"k":2,"stateCode":1e400}}',
        "duplicate_field:k")
    add("known_1e400_before_duplicate", status("answer")[:-2] + ',"stateCode":1e400,"k":1,"k":2}}',
        "invalid_json")
    add("duplicate_then_syntax_error", status("answer")[:-2] + ',"k":1,"k":2,}}', "invalid_json")
    add("duplicate_then_depth_129", status("answer")[:-1] + ',"k":1,"k":%s}' % nest(128),
        "nesting_too_deep")
    add("duplicate_inside_user_data_object_not_checked",
        status("answer", userData={"a": 1}).replace('{"a":1}', '{"a":1,"a":2}'),
        "wrong_type:statusInfo.userData")

    # Byte-order marks and other encodings.
    for name, body, intent in [
        ("bom_then_whitespace_then_json", b"\xef\xbb\xbf\r\n" + SEED_ANSWER.encode(),
         "byte_order_mark"),
        ("double_bom", b"\xef\xbb\xbf\xef\xbb\xbf" + SEED_ANSWER.encode(), "byte_order_mark"),
        ("bom_then_invalid_utf8", b"\xef\xbb\xbf\xff" + SEED_ANSWER.encode(),
         "byte_order_mark"),
        ("bom_between_tokens", SEED_ANSWER.replace(',"statusInfo"', ',\ufeff"statusInfo"')
         .encode(), "invalid_json"),
        ("bom_at_end", (SEED_ANSWER + "\ufeff").encode(), "invalid_json"),
        ("bom_after_newline", ("\n\ufeff" + SEED_ANSWER).encode(), "invalid_json"),
        ("utf16le_with_bom", b"\xff\xfe" + SEED_ANSWER.encode("utf-16-le"), "invalid_utf8"),
        ("utf16be_with_bom", b"\xfe\xff" + SEED_ANSWER.encode("utf-16-be"), "invalid_utf8"),
        ("utf16le_without_bom", SEED_ANSWER.encode("utf-16-le"), "invalid_json"),
        ("utf16be_without_bom", SEED_ANSWER.encode("utf-16-be"), "invalid_json"),
        ("utf32be_with_bom", b"\x00\x00\xfe\xff" + SEED_ANSWER.encode("utf-32-be"),
         "invalid_utf8"),
        ("latin1_state_desc", status_raw(stateDesc="déjà").encode("latin-1"), "invalid_utf8"),
    ]:
        add("encoding_%s" % name, body, intent)

    # Bytes that are not UTF-8: in a value, in a key, after the object.
    for name, seq in INVALID_UTF8:
        add("invalid_utf8_%s_in_value" % name,
            status_raw(stateDesc="MARK").encode().replace(b"MARK", b"a" + seq + b"b"),
            "invalid_utf8")
        add("invalid_utf8_%s_in_key" % name,
            SEED_ANSWER.encode().replace(b'"caller"', b'"call' + seq + b'er"'), "invalid_utf8")
        add("invalid_utf8_%s_after_object" % name, FEE_BATCH_BODY.encode() + seq,
            "invalid_utf8")

    # Deep nesting anywhere in the body (the top object counts as one level).
    for depth in (129, 500, 5000):
        add("depth_%d_top_level_arrays" % depth, nest(depth, ""), "nesting_too_deep")
        add("depth_%d_top_level_objects" % depth, nest_objects(depth - 1, "{}"),
            "nesting_too_deep")
        add("depth_%d_objects_in_unknown_field" % depth,
            status("answer")[:-1] + ',"x":%s}' % nest_objects(depth - 1), "nesting_too_deep")
        add("depth_%d_mixed_in_unknown_field" % depth,
            status("answer")[:-1] + ',"x":%s}' % nest_mixed(depth - 1), "nesting_too_deep")
        add("depth_%d_in_status_info_field" % depth,
            status("answer", userData=raw(nest(depth - 2))), "nesting_too_deep")
        add("depth_%d_in_fee_record_field" % depth,
            fee(fee_record(dynIVRPath=raw(nest(depth - 3)))), "nesting_too_deep")
        add("depth_%d_in_unknown_event" % depth,
            '{"eventType":"collectInfo","data":%s}' % nest(depth - 1), "nesting_too_deep")
        add("depth_%d_unclosed" % depth, status("answer")[:-1] + ',"x":%s}' % ("[" * depth),
            "invalid_json")
        add("depth_%d_then_trailing_garbage" % depth,
            status("answer")[:-1] + ',"x":%s}x' % nest(depth - 1), "invalid_json")
    add("depth_129_beats_not_object", "[%s]" % nest(128), "nesting_too_deep")
    add("depth_129_beats_missing_event_type", '{"x":%s}' % nest(128), "nesting_too_deep")
    add("depth_129_beats_wrong_type", status("answer", sessionId=5)[:-1]
        + ',"x":%s}' % nest(128), "nesting_too_deep")
    add("depth_129_in_fee_list_of_status_event", status("answer")[:-1]
        + ',"feeLst":%s}' % nest(128), "nesting_too_deep")

    # Escapes of lone UTF-16 surrogates where the parser reads text (keys, known values).
    for name, body in [
        ("event_type", '{"eventType":"\\ud800"}'),
        ("event_type_low", '{"eventType":"answer\\udc00"}'),
        ("top_level_key", SEED_ANSWER[:-1] + ',"\\ud800":1}'),
        ("status_info_key", status("answer").replace('"caller"', '"\\udbff":1,"caller"')),
        ("session_id", status("answer", sessionId="MARK").replace("MARK", "\\ud800")),
        ("state_desc_reversed_pair",
         status_raw(stateDesc="MARK").replace("MARK", "\\udc00\\ud800")),
        ("user_data_high_then_letter", status("answer", userData="MARK").replace(
            "MARK", "\\ud800\\u0041")),
        ("fee_record_key", fee(FEE_ANSWERED).replace('"spId"', '"\\ud800":0,"spId"')),
        ("fee_record_value", fee(fee_record(hostName="MARK")).replace("MARK", "\\udfff")),
        ("key_inside_user_data_object", status("answer", userData={"MARK": 1})
         .replace("MARK", "\\ud800")),
        ("key_of_fee_lst_object", fee(FEE_ANSWERED).replace('"feeLst":[',
                                                            '"feeLst":{"\\ud800":[').replace(
                                                                "]}", "]}}")),
    ]:
        add("lone_surrogate_%s" % name, body, "invalid_json")

    # Bodies over 1 MiB (the size is checked first).
    add("body_too_large_whitespace_only", {"prefix": "", "repeat": " ",
                                           "count": MAX_BODY_BYTES + 1, "suffix": ""},
        "body_too_large")
    add("body_too_large_with_bom", {"prefix": "\ufeff", "repeat": "x",
                                    "count": MAX_BODY_BYTES - 2, "suffix": ""},
        "body_too_large")
    return cases


def push_vectors(hangup):
    cases = []
    names = set()
    listed = PUSH_CASES + fee_wrong_type_cases()
    for index, (name, body, intent) in enumerate(listed + push_malformed_cases()):
        in_corpus = index >= len(listed)
        if isinstance(body, dict):
            raw_body = (body["prefix"] + body["repeat"] * body["count"]
                        + body["suffix"]).encode("utf-8")
        elif isinstance(body, bytes):
            raw_body = body
        else:
            raw_body = body.encode("utf-8")
        cross_check_syntax(raw_body)
        expect = parse_push(raw_body, hangup)
        if "error" in expect:
            got = expect["error"] + ("" if expect["field"] is None else ":" + expect["field"])
        elif expect["kind"] == "status":
            got = "status:%s:%s" % (expect["event_type"], expect["hangup_category"])
        elif expect["kind"] == "fee":
            got = "fee:%d" % len(expect["records"])
        elif expect["kind"] == "collect_info":
            got = "collect_info:%s" % expect["digit_info"]
        else:
            got = "unknown:" + expect["event_type"]
        require(got == intent, "pushes %s: computed %s, intended %s" % (name, got, intent))
        require(name not in names, "duplicate pushes case %s" % name)
        require("error" in expect or not in_corpus, "pushes %s: corpus case is no error" % name)
        names.add(name)
        case = {"name": name}
        if "error" in expect:
            case["malformed"] = True
        if isinstance(body, dict):
            case["body_repeat"] = body
        elif isinstance(body, bytes):
            case["body_base64"] = b64(body)
        else:
            case["body"] = body
        case["expect"] = expect
        cases.append(case)
    require(sum("body_repeat" in c for c in cases) <= 3, "pushes: more than 3 repeated bodies")
    return cases


def self_test_json():
    # Syntax and depth without recursion.
    for text, depth in (("1", 0), (" [] ", 1), ("{}", 1), ('[{"a":[]}]', 3), (nest(5000, ""), 5000),
                        ('"[[["', 0), ('["\\"[", "]"]', 1), ('{"a":1,"b":[true,false,null]}', 2),
                        ("-0.5e+3", 0), ('"\\u00e9\\n"', 0)):
        require(json_syntax_depth(text) == depth, "json_syntax_depth %r" % text[:20])
    for text in ("", " ", "[", "]", "01", "[1,]", "[,1]", '{"a"}', '{"a":}', "{,}", "\ufeff{}",
                 "{}x", "tru", "-", "1.", ".5", "+1", '"\\x"', '"\t"', '"\\u12"', "[1 2]",
                 "{'a':1}", '{"a":1,}', "NaN", "[" * 3000):
        try:
            json_syntax_depth(text)
        except ValueError:
            continue
        raise VectorError("json_syntax_depth accepts %r" % text[:20])
    # Integer fields.
    for text, want in (("-0", 0), ("-0.0", 0), ("1.0", 1), ("1e2", 100), ("8.102e3", 8102),
                       ("9007199254740991.0", 2 ** 53 - 1), ("-9007199254740991.0", 1 - 2 ** 53),
                       ("9223372036854775807", I64_MAX), ("-9223372036854775808", I64_MIN),
                       ("1e-400", 0), ("1.5", "wrong_type"), ("-0.5", "wrong_type"),
                       ("9007199254740992.0", "invalid_value"), ("1e19", "invalid_value"),
                       ("9223372036854775808", "invalid_value"),
                       ("-9223372036854775809", "invalid_value"), ('"1"', "wrong_type"),
                       ("true", "wrong_type"), ("[1]", "wrong_type")):
        try:
            got = json_integer(parse_json(text), "f")
        except BodyError as exc:
            got = exc.code
        require(got == want and type(got) is type(want), "json_integer %s: %r" % (text, got))
    require(math.isinf(as_double(parse_json("1e400"))) and math.isinf(as_double(10 ** 400)),
            "double overflow")
    require(has_lone_surrogate(parse_json('"\\ud800"'))
            and not has_lone_surrogate(parse_json('"\\ud83d\\ude00"')), "lone surrogates")
    # Header names.
    require(header_name(" X-AKSK\t") == "x-aksk" and header_name("X AKSK") == "x aksk"
            and header_name("\x1fX-AKSK") != "x-aksk", "header names")


def self_test_pushes():
    # The seed examples are copied verbatim from the seed page.
    if os.path.exists(SHARED_SEED_SPEC_PATH):
        with open(SHARED_SEED_SPEC_PATH, encoding="utf-8") as f:
            seed_page = f.read()
        for body in SEED_PUSH_BODIES:
            require(body in seed_page, "seed push example not verbatim: %s" % body[:40])
    else:
        print("vectors: %s not found; seed examples not compared with the page"
              % SHARED_SEED_SPEC_PATH, file=sys.stderr)
    # Calendar arithmetic against the standard library.
    for year in list(range(1, 10000, 97)) + [1900, 1969, 1970, 2000, 2019, 2024, 2100, 9999]:
        for month in range(1, 13):
            for day in (1, days_in_month(year, month)):
                require(days_from_civil(year, month, day) * 86400 == utc(year, month, day),
                        "days_from_civil %d-%d-%d" % (year, month, day))
                require(days_in_month(year, month) == calendar.monthrange(year, month)[1],
                        "days_in_month %d-%d" % (year, month))
    require(push_time("2019-01-24 02:48:46", "t")["unix"] == 1548298126, "seed callout time")
    require(push_time("2019-01-24 02:49:23", "t")["unix"] == 1548298163, "seed disconnect time")
    require(push_time("1970-01-01 00:00:00", "t")["unix"] == 0, "epoch")
    require(push_time("9999-12-31 23:59:59", "t")["unix"] == MAX_UNIX_TIME, "max time")
    # Depth counting and kinds.
    for text, depth in (("1", 0), ("[]", 1), ("{}", 1), ('[{"a":[]}]', 3), (nest(5), 5)):
        require(json_depth(parse_json(text)) == depth, "json_depth %s" % text)
    require([json_kind(v) for v in parse_json('[null,true,1,-0,1.0,1e2,"s",[],{}]')]
            == ["null", "bool", "int", "int", "float", "float", "string", "array", "object"],
            "json_kind")
    require(len(OVERSIZED["prefix"] + "x" * OVERSIZED["count"] + OVERSIZED["suffix"])
            == MAX_BODY_BYTES + 1, "oversized body length")
    require(jdump({"a": raw("-0"), "b": [raw("1e19")]}) == '{"a":-0,"b":[1e19]}', "raw numbers")


# ---------------------------------------------------------------------------------------
# RFC 4231
# ---------------------------------------------------------------------------------------

def rfc4231_vectors():
    path = SHARED_RFC4231_PATH if os.path.exists(SHARED_RFC4231_PATH) else COMMITTED_RFC4231_PATH
    with open(path, encoding="utf-8") as f:
        cases = json.load(f)
    for case in cases:
        check_rfc4231_case(case)
    return cases


def check_rfc4231_case(case):
    key, data = bytes.fromhex(case["key_hex"]), bytes.fromhex(case["data_hex"])
    mac = hmac_sha256(key, data)
    require(mac.hex() == case["hmac_sha256_hex"], "RFC 4231 %s: hex differs" % case["name"])
    require(b64(mac) == case["hmac_sha256_base64"], "RFC 4231 %s: base64 differs" % case["name"])
    require(hmac_sha256_manual(key, data) == mac, "RFC 4231 %s: manual HMAC" % case["name"])


# ---------------------------------------------------------------------------------------
# Self-tests of known values (independent of the generated cases)
# ---------------------------------------------------------------------------------------

def self_test():
    # Documented statusUrl/feeUrl encoding example.
    require(b64(b"https://www.huawei.com:9330/fee")
            == "aHR0cHM6Ly93d3cuaHVhd2VpLmNvbTo5MzMwL2ZlZQ==", "fee URL base64 example")
    require('"feeUrl":"aHR0cHM6Ly93d3cuaHVhd2VpLmNvbTo5MzMwL2ZlZQ=="'
            in build_body(with_(MINIMAL_REQUEST, feeUrl="https://www.huawei.com:9330/fee")),
            "fee URL in body")
    # Created formatting anchors.
    require(created_string(0, 0) == "1970-01-01T00:00:00Z", "epoch")
    require(created_string(MAX_UNIX_TIME, 0) == "9999-12-31T23:59:59Z", "max time")
    require(created_string(1527294930, 0) == "2018-05-26T00:35:30Z", "seed time")
    require(utc(2018, 5, 26, 0, 35, 30) == 1527294930, "seed unix time")
    # URL length boundary: 96 bytes -> 128 base64 chars.
    require(len(STATUS_URL_96) == 96 and len(b64(STATUS_URL_96.encode())) == 128, "96-byte URL")
    require(len(URL_96) == 96 and len(URL_97) == 97, "validation URL lengths")
    # The manual HMAC agrees with the hmac module, including keys longer than a block.
    for key in (b"", b"k", b"B" * 64, b"B" * 65, "密钥ß".encode()):
        require(hmac_sha256_manual(key, b"msg") == hmac_sha256(key, b"msg"), "manual HMAC")
    # RFC 4231 known answers.
    for case in rfc4231_vectors():
        check_rfc4231_case(case)
    # Strict base64: canonical only.
    require(strict_b64decode("QQ==") == b"A" and strict_b64decode("QR==") is None, "strict b64")
    require(strict_b64decode("QQ") is None and strict_b64decode("QQ=") is None, "padding")
    # JSON bodies and push parsing building blocks.
    self_test_json()
    self_test_pushes()


# ---------------------------------------------------------------------------------------
# Driver
# ---------------------------------------------------------------------------------------

def all_vectors():
    """file name -> list of cases, in a stable order."""
    rows = load_result_codes()
    files = {
        "rfc4231.json": rfc4231_vectors(),
        "signing.json": signing_vectors(),
        "build.json": build_vectors(),
        "validation.json": validation_vectors(),
        "config.json": config_vectors(),
        "responses.json": response_vectors(rows),
        "push_auth.json": push_auth_vectors(),
        "auth_headers.json": auth_header_vectors(),
        "sandbox.json": sandbox_vectors(),
        "pushes.json": push_vectors(load_hangup_causes()),
    }
    for file_name, cases in files.items():
        names = [c["name"] for c in cases]
        require(len(names) == len(set(names)), "%s: duplicate case names" % file_name)
    return files


def render(cases):
    return json.dumps(cases, indent=2, ensure_ascii=False) + "\n"


def canonical(data):
    """Text that differs exactly when the parsed JSON differs (true != 1, 1.0 != 1)."""
    return json.dumps(data, indent=1, ensure_ascii=False, sort_keys=True).splitlines()


def write(files):
    os.makedirs(VECTOR_DIR, exist_ok=True)
    for file_name, cases in files.items():
        with open(os.path.join(VECTOR_DIR, file_name), "w", encoding="utf-8", newline="\n") as f:
            f.write(render(cases))
    total = sum(len(c) for c in files.values())
    for file_name, cases in files.items():
        print("vectors: wrote %-16s %4d cases" % (file_name, len(cases)))
    print("vectors: %d files, %d cases written" % (len(files), total))


def check(files):
    problems = []
    for file_name, cases in files.items():
        path = os.path.join(VECTOR_DIR, file_name)
        try:
            with open(path, encoding="utf-8") as f:
                on_disk = json.load(f)
        except (OSError, ValueError) as exc:
            problems.append("%s: cannot read: %s" % (path, exc))
            continue
        if canonical(on_disk) != canonical(cases):
            diff = difflib.unified_diff(canonical(on_disk), canonical(cases),
                                        "%s (on disk)" % file_name,
                                        "%s (recomputed)" % file_name, lineterm="", n=2)
            lines = list(diff)
            if len(lines) > 80:
                lines = lines[:80] + ["... (%d more diff lines)" % (len(lines) - 80)]
            problems.append("\n".join(lines))
    # The repository copy of RFC 4231 must itself hold (recomputed, not just compared).
    if os.path.exists(RFC4231_IN_REPO):
        with open(RFC4231_IN_REPO, encoding="utf-8") as f:
            for case in json.load(f):
                try:
                    check_rfc4231_case(case)
                except VectorError as exc:
                    problems.append(str(exc))
    if problems:
        print("vectors: files differ from what scripts/vectors.py computes "
              "(run `python3 scripts/vectors.py --write` if the change is intended):",
              file=sys.stderr)
        for problem in problems:
            print(problem, file=sys.stderr)
        return 1
    total = sum(len(c) for c in files.values())
    print("vectors: %d files, %d cases consistent" % (len(files), total))
    return 0


def main(argv):
    if len(argv) != 2 or argv[1] not in ("--write", "--check"):
        print("usage: %s --write | --check" % argv[0], file=sys.stderr)
        return 2
    try:
        self_test()
        files = all_vectors()
    except VectorError as exc:
        print("vectors: self-test failed: %s" % exc, file=sys.stderr)
        return 1
    if argv[1] == "--write":
        write(files)
        return 0
    return check(files)


if __name__ == "__main__":
    sys.exit(main(sys.argv))
