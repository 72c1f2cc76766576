#!/usr/bin/env python3
"""Independent reference implementation that generates callverify's shared test vectors.

This script is deliberately separate from the Rust core: it uses only Python's standard
library (hmac, hashlib, base64, json, re, datetime/calendar) and re-implements, from the
written rules, every behaviour the vectors pin:

  signing.json     X-AKSK signing (Created, PasswordDigest, Authorization, X-AKSK)
  build.json       the callVerify HTTP request (method, URL, headers, exact body bytes)
  validation.json  request-body validation (every rule, all violations reported)
  config.json      client configuration checks (app key/secret, nonce, base URL, ...)
  responses.json   (HTTP status, body) -> success / api_error / parse_error
  push_auth.json   verification of the platform's signed status/fee pushes
  pushes.json      push bodies (status events, fee batches, unknown events) -> parsed / error
  rfc4231.json     HMAC-SHA256 known-answer tests, copied from the shared spec

Test *inputs* are defined below in Python; every *expected output* is computed here.
Most hand-written cases additionally carry the outcome the author intended ("intent"),
and generation fails if the computed outcome disagrees, so a slip in either the rules
or the case list is caught.

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
import os
import re
import sys

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
VECTOR_DIR = os.path.join(ROOT, "tests", "vectors")
RESULT_CODES_PATH = os.path.join(ROOT, "core", "data", "result_codes.json")
SHARED_RFC4231_PATH = "/work/shared/spec/rfc4231.json"
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


def validation_vectors():
    cases = []
    names = set()
    for name, request, intent in VALIDATION_CASES:
        expect = validate(request)
        got = ["%s:%s" % (e["field"], e["code"]) for e in expect]
        require(got == sorted(intent), "validation %s: computed %r, intended %r"
                % (name, got, sorted(intent)))
        require(name not in names, "duplicate validation case %s" % name)
        names.add(name)
        cases.append({"name": name, "request": request, "expect": expect})
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
# Responses
# ---------------------------------------------------------------------------------------

MAX_BODY_BYTES = 1024 * 1024
ASCII_WHITESPACE = b" \t\n\x0c\r"  # WHATWG / Rust u8::is_ascii_whitespace (no \x0b)


class JsonFloat(str):
    """A JSON number written with a fraction or exponent (so never an integer)."""


class JsonObject(list):
    """A JSON object kept as its (key, value) pairs, so duplicate keys stay visible."""


def _reject_constant(name):
    raise ValueError("not JSON: %s" % name)


def parse_json(text):
    """RFC 8259 JSON (Python's extensions NaN/Infinity rejected); numbers kept lexical."""
    return json.loads(text, object_pairs_hook=JsonObject, parse_float=JsonFloat,
                      parse_constant=_reject_constant)


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


def is_json_integer(value):
    return isinstance(value, int) and not isinstance(value, bool)


def parse_error(code, field=None):
    return {"outcome": "parse_error", "code": code, "field": field}


def parse_response(status, body, rows):
    if all(b in ASCII_WHITESPACE for b in body):
        return parse_error("empty_body")
    if len(body) > MAX_BODY_BYTES:
        return parse_error("body_too_large")
    if body.startswith(b"\xef\xbb\xbf"):
        return parse_error("byte_order_mark")
    try:
        text = body.decode("utf-8")
    except UnicodeDecodeError:
        return parse_error("invalid_utf8")
    try:
        doc = parse_json(text)
    except ValueError:
        return parse_error("invalid_json")
    if not isinstance(doc, JsonObject):
        return parse_error("not_json_object")
    seen = set()
    for key, _ in doc:
        if key in seen:
            return parse_error("duplicate_field", key)
        seen.add(key)
    obj = dict(doc)

    if "resultcode" not in obj:
        return parse_error("missing_field", "resultcode")
    code = obj["resultcode"]
    if not isinstance(code, str) or isinstance(code, JsonFloat):
        return parse_error("wrong_type", "resultcode")
    # A null resultdesc or idlePort counts as absent (only sessionId's null is spelled out in
    # the rules; treating null alike everywhere keeps a successful call from becoming an error).
    desc = obj.get("resultdesc")
    if desc is None:
        desc = ""
    if not isinstance(desc, str) or isinstance(desc, JsonFloat):
        return parse_error("wrong_type", "resultdesc")

    if code == "0":
        if not 200 <= status <= 299:
            return parse_error("status_mismatch", "resultcode")
        session = obj.get("sessionId")
        if session is None or session == "":
            return parse_error("missing_session_id", "sessionId")
        if not isinstance(session, str) or isinstance(session, JsonFloat):
            return parse_error("wrong_type", "sessionId")
        idle = obj.get("idlePort")
        if idle is not None:
            if not is_json_integer(idle):
                return parse_error("wrong_type", "idlePort")
            if not 0 <= idle <= 65535:
                return parse_error("invalid_value", "idlePort")
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
    ("idle_port_1_0_has_fraction", 200, ok_body(',"idlePort":1.0'), "wrong_type:idlePort"),
    ("idle_port_exponent", 200, ok_body(',"idlePort":1e2'), "wrong_type:idlePort"),
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
    ("success_code_with_http_500", 500, ok_body(), "status_mismatch:resultcode"),
    ("success_code_with_http_302", 302, ok_body(), "status_mismatch:resultcode"),
    ("success_code_with_http_199", 199, ok_body(), "status_mismatch:resultcode"),
    ("status_mismatch_beats_missing_session_id", 500, '{"resultcode":"0"}',
     "status_mismatch:resultcode"),
    ("missing_session_id_beats_idle_port_type", 200, '{"resultcode":"0","idlePort":"x"}',
     "missing_session_id:sessionId"),
]


def response_vectors(rows):
    cases = []
    for name, status, body, intent in RESPONSE_CASES:
        raw = body if isinstance(body, bytes) else body.encode("utf-8")
        expect = parse_response(status, raw, rows)
        if expect["outcome"] == "success":
            got = "success"
        elif expect["outcome"] == "api_error":
            got = "api_error:%s" % expect["category"]
        else:
            got = expect["code"] + (":" + expect["field"] if expect["field"] else "")
        require(got == intent, "response %s: computed %s, intended %s" % (name, got, intent))
        case = {"name": name, "status": status}
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
ATTRIBUTE_RE = re.compile(r'([A-Za-z]+)="([^"\x00-\x1f\x7f]+)"')
AUTH_NAMES = ("realm", "profile", "type")
XAKSK_NAMES = ("Username", "PasswordDigest", "Nonce", "Created")
DIGEST_FORMS = ("concatenated", "newline")


def push_digest(form, app_secret, url, nonce, created):
    if form == "concatenated":
        message = url + nonce + created
    else:
        message = url + "\n" + nonce + "\n" + created
    return hmac_sha256(app_secret.encode("utf-8"), message.encode("utf-8"))


def parse_attributes(text, names):
    """name="value" pairs separated by "," + optional spaces/tabs; None on any slip."""
    found = {}
    pos = 0
    while True:
        m = ATTRIBUTE_RE.match(text, pos)
        if not m or m.group(1) not in names or m.group(1) in found:
            return None
        found[m.group(1)] = m.group(2)
        pos = m.end()
        if pos == len(text):
            break
        if text[pos] != ",":
            return None
        pos += 1
        while pos < len(text) and text[pos] in " \t":
            pos += 1
    return found if len(found) == len(names) else None


def parse_auth_value(value, scheme, names):
    trimmed = value.strip(" \t")
    if not trimmed.startswith(scheme + " "):
        return None
    return parse_attributes(trimmed[len(scheme) + 1:], names)


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
    offset = options.get("created_offset_seconds", 0)

    # 1. Presence.
    auth_values = [v for n, v in case["headers"] if ascii_lower(n) == "authorization"]
    xaksk_values = [v for n, v in case["headers"] if ascii_lower(n) == "x-aksk"]
    if not auth_values and not xaksk_values:
        return {"verified": False} if allow_unsigned else {"error": "unsigned_push"}
    if not auth_values or not xaksk_values:
        return {"error": "missing_auth_header"}
    if len(auth_values) > 1 or len(xaksk_values) > 1:
        return {"error": "malformed_auth_header"}
    auth_value, xaksk_value = auth_values[0], xaksk_values[0]

    # 2. Syntax, then fixed Authorization values, then the nonce.
    if any(c in "\r\n" for c in auth_value + xaksk_value):
        return {"error": "malformed_auth_header"}
    auth = parse_auth_value(auth_value, "AKSK", AUTH_NAMES)
    token = parse_auth_value(xaksk_value, "UsernameToken", XAKSK_NAMES)
    if auth is None or token is None:
        return {"error": "malformed_auth_header"}
    if auth != {"realm": "SDP", "profile": "UsernameToken", "type": "Appkey"}:
        return {"error": "wrong_authorization"}
    if not NONCE_RE.fullmatch(token["Nonce"]):
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

    # 7. Freshness.
    created_unix = calendar.timegm(fields + (0, 0, 0)) - offset
    if case["now"] - created_unix > window:
        return {"error": "stale_push"}
    if created_unix - case["now"] > window:
        return {"error": "future_push"}
    return {"verified": True, "digest_form": matched,
            "replay_key": token["Nonce"] + ":" + created, "remember_for_seconds": 2 * window}


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
        p("created_beijing_time_with_offset_ok", "newline",
          push_headers("newline", created="2024-03-01T20:00:00Z"),
          options={"created_offset_seconds": 28800}),
        p("created_beijing_time_without_offset_future", "future_push",
          push_headers("newline", created="2024-03-01T20:00:00Z")),
        p("created_utc_with_offset_option_stale", "stale_push",
          options={"created_offset_seconds": 28800}),
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
    # --- single-bit flips of the valid digest: bits 0, 8, ..., 248 and 255 ---
    for bit in list(range(0, 256, 8)) + [255]:
        cases.append(p("digest_bit_%d_flipped" % bit, "digest_mismatch",
                       push_headers(digest=flip_bit(DIGEST_OK, bit))))
    return cases


def non_canonical(digest_b64):
    """Same bytes, but the unused low 2 bits of the last data character set to 1."""
    alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/"
    last = alphabet.index(digest_b64[42])
    require(last & 3 == 0, "canonical digest expected")
    return digest_b64[:42] + alphabet[last | 1] + "="


def push_auth_vectors():
    cases = []
    names = set()
    for name, intent, case in push_cases():
        expect = verify_push(case)
        if expect.get("verified"):
            got = expect["digest_form"]
        elif "error" in expect:
            got = expect["error"]
        else:
            got = "unsigned"
        require(got == intent, "push_auth %s: computed %s, intended %s" % (name, got, intent))
        require(name not in names, "duplicate push_auth case %s" % name)
        names.add(name)
        cases.append(dict({"name": name}, **case, expect=expect))
    return cases


# ---------------------------------------------------------------------------------------
# Pushes: status events, fee (call-detail) batches, unknown events
# ---------------------------------------------------------------------------------------

HANGUP_CAUSES_PATH = os.path.join(ROOT, "core", "data", "hangup_causes.json")
SHARED_SEED_SPEC_PATH = "/work/shared/spec/000_c0b035caaa3e46d7.txt"
MAX_JSON_DEPTH = 128
STATUS_EVENT_TYPES = ("callout", "alerting", "answer", "disconnect")
MAX_FEE_RECORDS = 50
I64_MIN, I64_MAX = -2 ** 63, 2 ** 63 - 1
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


class PushError(Exception):
    """A push body rejected with (code, field)."""

    def __init__(self, code, field=None):
        super().__init__(code, field)
        self.code, self.field = code, field


def load_hangup_causes():
    """stateCode -> category, from the Rust core's data table."""
    with open(HANGUP_CAUSES_PATH, encoding="utf-8") as f:
        rows = json.load(f)
    causes = {row["code"]: row["category"] for row in rows}
    require(len(causes) == len(rows), "hangup_causes.json: duplicate codes")
    return causes


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
    """Deepest nesting of arrays/objects: a scalar is 0, "[]" and "{}" are 1, "[{}]" is 2."""
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


def first_repeated_key(pairs):
    seen = set()
    for key, _ in pairs:
        if key in seen:
            return key
        seen.add(key)
    return None


def first_duplicate_key(doc):
    """First key repeated within one object, in document order, among the objects that are
    checked: the top level, a top-level statusInfo object, and each object in a top-level
    feeLst array. A key is read before its value, so a repeat of a top-level key wins over
    anything inside that key's value."""
    seen = set()
    for key, value in doc:
        if key in seen:
            return key
        seen.add(key)
        if key == "statusInfo" and json_kind(value) == "object":
            nested = [value]
        elif key == "feeLst" and json_kind(value) == "array":
            nested = [item for item in value if json_kind(item) == "object"]
        else:
            nested = []
        for obj in nested:
            repeated = first_repeated_key(obj)
            if repeated is not None:
                return repeated
    return None


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
        raise PushError("invalid_timestamp", field)
    year, month, day, hour, minute, second = (int(g) for g in m.groups())
    if not (1 <= month <= 12 and 1 <= day <= days_in_month(year, month)
            and hour <= 23 and minute <= 59 and second <= 59):
        raise PushError("invalid_timestamp", field)
    unix = days_from_civil(year, month, day) * 86400 + hour * 3600 + minute * 60 + second
    return {"text": text, "unix": unix}


def required_string(obj, key, field):
    """Absent -> missing_field; any non-string, null included -> wrong_type."""
    if key not in obj:
        raise PushError("missing_field", field)
    if json_kind(obj[key]) != "string":
        raise PushError("wrong_type", field)
    return obj[key]


def required_nonempty(obj, key, field):
    value = required_string(obj, key, field)
    if value == "":
        raise PushError("invalid_value", field)
    return value


def optional_string(obj, key, field):
    """Absent or null -> None."""
    value = obj.get(key)
    if value is None:
        return None
    if json_kind(value) != "string":
        raise PushError("wrong_type", field)
    return value


def optional_integer(obj, key, field):
    """Absent or null -> None; a JSON integer (no fraction, no exponent) within i64."""
    value = obj.get(key)
    if value is None:
        return None
    if json_kind(value) != "int":
        raise PushError("wrong_type", field)
    if not I64_MIN <= value <= I64_MAX:
        raise PushError("invalid_value", field)
    return value


def optional_time(obj, key, field):
    """Absent, null or "" -> None (stages a call never reached)."""
    text = optional_string(obj, key, field)
    return None if text is None or text == "" else push_time(text, field)


def parse_status_event(event_type, top, hangup):
    info = top.get("statusInfo")
    if info is None:
        raise PushError("missing_field", "statusInfo")
    if json_kind(info) != "object":
        raise PushError("wrong_type", "statusInfo")
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
        raise PushError("missing_field", "feeLst")
    if json_kind(items) != "array":
        raise PushError("wrong_type", "feeLst")
    if not 1 <= len(items) <= MAX_FEE_RECORDS:
        raise PushError("fee_record_count", "feeLst")
    records = []
    for index, item in enumerate(items):
        if json_kind(item) != "object":
            raise PushError("wrong_type", "feeLst[%d]" % index)
        records.append(parse_fee_record(index, dict(item)))
    return {"kind": "fee", "records": records,
            "dedupe_keys": ["fee:" + r["session_id"] for r in records]}


def parse_push_body(body, hangup):
    # 1. The body as bytes, text, JSON.
    if len(body) > MAX_BODY_BYTES:
        raise PushError("body_too_large")
    if body.startswith(b"\xef\xbb\xbf"):
        raise PushError("byte_order_mark")
    if all(b in ASCII_WHITESPACE for b in body):
        raise PushError("empty_body")
    try:
        text = body.decode("utf-8")
    except UnicodeDecodeError:
        raise PushError("invalid_utf8") from None
    try:
        doc = parse_json(text)
    except ValueError:
        raise PushError("invalid_json") from None
    if json_depth(doc) > MAX_JSON_DEPTH:
        raise PushError("nesting_too_deep")
    if json_kind(doc) != "object":
        raise PushError("not_json_object")
    # 2. Repeated keys.
    repeated = first_duplicate_key(doc)
    if repeated is not None:
        raise PushError("duplicate_field", repeated)
    # 3. eventType, then the event's own fields.
    top = dict(doc)
    if "eventType" not in top:
        raise PushError("missing_field", "eventType")
    event_type = top["eventType"]
    if json_kind(event_type) != "string":
        raise PushError("wrong_type", "eventType")
    if event_type in STATUS_EVENT_TYPES:
        return parse_status_event(event_type, top, hangup)
    if event_type == "fee":
        return parse_fee_batch(top)
    return {"kind": "unknown", "event_type": event_type, "raw_json": text}


def parse_push(body, hangup):
    try:
        return parse_push_body(body, hangup)
    except PushError as exc:
        return {"error": exc.code, "field": exc.field}


# --- case building ---------------------------------------------------------------------

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
COLLECT_INFO = ('{"eventType":"collectInfo","collectResult":{"sessionId":"s-9","digitInfo":"1#",'
                '"deep":[{"a":[{"b":[null,true,1.5e3,-0,"\\u4e2d"]}]}],"x":{"k":1,"k":2}},'
                '"statusInfo":7}')


# (name, body (str; bytes for non-UTF-8; dict for a repeated body), intent)
# intent: "status:<event>:<hangup category>", "fee:<records>", "unknown:<eventType>",
#         or "<error code>[:<field>]"
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
    ("state_code_with_fraction", status(stateCode=raw("8102.0")),
     "wrong_type:statusInfo.stateCode"),
    ("state_code_exponent", status(stateCode=raw("8.102e3")), "wrong_type:statusInfo.stateCode"),
    ("state_code_true", status(stateCode=True), "wrong_type:statusInfo.stateCode"),
    ("state_code_object", status(stateCode={}), "wrong_type:statusInfo.stateCode"),
    ("state_code_2_pow_63", status(stateCode=2 ** 63), "invalid_value:statusInfo.stateCode"),
    ("state_code_below_i64_min", status(stateCode=I64_MIN - 1),
     "invalid_value:statusInfo.stateCode"),
    ("state_code_30_digits", status(stateCode=10 ** 29), "invalid_value:statusInfo.stateCode"),
    ("state_code_exponent_1e19", status(stateCode=raw("1e19")),
     "wrong_type:statusInfo.stateCode"),
    ("state_code_exponent_1e400", status(stateCode=raw("1e400")),
     "wrong_type:statusInfo.stateCode"),
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
    ("duplicate_in_status_info_before_later_top_level",
     '{"eventType":"answer","statusInfo":{"a":1,"a":2},"eventType":"answer"}',
     "duplicate_field:a"),
    ("duplicate_top_level_before_status_info",
     '{"x":1,"x":2,"eventType":"answer","statusInfo":{"a":1,"a":2}}', "duplicate_field:x"),
    ("duplicate_beats_missing_event_type", '{"a":1,"a":2}', "duplicate_field:a"),
    ("duplicate_in_status_info_of_unknown_event",
     '{"eventType":"collectInfo","statusInfo":{"k":1,"k":2}}', "duplicate_field:k"),
    ("duplicate_in_fee_record_of_status_event",
     status("answer")[:-1] + ',"feeLst":[{"k":1,"k":2}]}', "duplicate_field:k"),
    ("duplicate_then_truncated_is_invalid_json", '{"eventType":"answer","eventType":"answer"',
     "invalid_json"),
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
    ("fee_int_with_fraction", fee(fee_record(direction=raw("0.0"))),
     "wrong_type:feeLst[0].direction"),
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
    ("unknown_collect_info_nested_payload", COLLECT_INFO, "unknown:collectInfo"),
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


def push_vectors(hangup):
    cases = []
    names = set()
    for name, body, intent in PUSH_CASES + fee_wrong_type_cases():
        if isinstance(body, dict):
            raw_body = (body["prefix"] + body["repeat"] * body["count"]
                        + body["suffix"]).encode("utf-8")
        elif isinstance(body, bytes):
            raw_body = body
        else:
            raw_body = body.encode("utf-8")
        expect = parse_push(raw_body, hangup)
        if "error" in expect:
            got = expect["error"] + (":" + expect["field"] if expect["field"] else "")
        elif expect["kind"] == "status":
            got = "status:%s:%s" % (expect["event_type"], expect["hangup_category"])
        elif expect["kind"] == "fee":
            got = "fee:%d" % len(expect["records"])
        else:
            got = "unknown:" + expect["event_type"]
        require(got == intent, "pushes %s: computed %s, intended %s" % (name, got, intent))
        require(name not in names, "duplicate pushes case %s" % name)
        names.add(name)
        case = {"name": name}
        if isinstance(body, dict):
            case["body_repeat"] = body
        elif isinstance(body, bytes):
            case["body_base64"] = b64(body)
        else:
            case["body"] = body
        case["expect"] = expect
        cases.append(case)
    return cases


def self_test_pushes():
    # The seed examples are copied verbatim from the seed page.
    with open(SHARED_SEED_SPEC_PATH, encoding="utf-8") as f:
        seed_page = f.read()
    for body in SEED_PUSH_BODIES:
        require(body in seed_page, "seed push example not verbatim: %s" % body[:40])
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
    with open(SHARED_RFC4231_PATH, encoding="utf-8") as f:
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
    # Push parsing building blocks.
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
