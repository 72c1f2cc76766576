"""callverify: Huawei Cloud Voice Call voice verification codes (语音验证码) for Python.

The platform phones a user and reads a one-time code aloud. This package signs and builds the
callVerify request as data (send it with the HTTP client you already use), validates every rule of
the request, parses the platform's answer and result codes, and verifies and parses the status and
fee pushes the platform sends back. All logic runs in callverify's Rust core; nothing here does I/O.

>>> import callverify
>>> client = callverify.Client(
...     "https://rtccall.cn-north-1.myhuaweicloud.cn:443",
...     callverify.Credentials("my-app-key", "my-app-secret"),
... )
>>> r = client.call_verify(
...     display_nbr="+8675528000088",
...     callee_nbr="+8618900000007",
...     verify_code="123456",
...     pre_tone="welcome.wav",
...     status_url="https://example.com/voice/status",
...     now=1700000000,
...     nonce="0123456789abcdef",
... )
>>> r.url
'https://rtccall.cn-north-1.myhuaweicloud.cn:443/rest/httpsessions/callVerify/v1.0'
>>> list(r.headers)
['Content-Type', 'Authorization', 'X-AKSK']
>>> r.body
'{"displayNbr":"+8675528000088","calleeNbr":"+8618900000007","languageType":2,"preTone":"welcome.wav","verifyCode":"123456","statusUrl":"aHR0cHM6Ly9leGFtcGxlLmNvbS92b2ljZS9zdGF0dXM="}'

Send it with any client, e.g. ``requests.post(r.url, headers=r.headers, data=r.body_bytes)``,
then parse the answer:

>>> callverify.parse_call_verify_response(200, b'{"resultcode":"0","resultdesc":"Success","sessionId":"s-1"}')
CallVerifyResponse(session_id='s-1', idle_port=None, result_desc='Success')

Every rule is checked and all violations are reported at once:

>>> try:
...     client.call_verify(display_nbr="+8675528000088", callee_nbr="+860755123456",
...                        verify_code="12ab", pre_tone="welcome.wav")
... except callverify.ValidationError as e:
...     [(v.field, v.code) for v in e.errors]
[('calleeNbr', 'phone_trunk_prefix'), ('verifyCode', 'verify_code_digits')]

Pushes: verify the headers against the URL exactly as configured, reject replays, then parse:

>>> creds = client.credentials
>>> url = "https://example.com/voice/status"
>>> headers = callverify.sign_push(creds, url, nonce="abc123", now=1700000000)  # what the platform sends
>>> v = callverify.verify_push(headers, url, creds, now=1700000010)
>>> v.verified, v.replay_key
(True, 'abc123:2023-11-14T22:13:20Z')
>>> event = callverify.parse_push(b'{"eventType":"disconnect","statusInfo":{"sessionId":"s-1",'
...                               b'"timestamp":"2023-11-14 22:13:40","stateCode":0}}')
>>> event.event_type, event.session_id, event.timestamp.unix
('disconnect', 's-1', 1700000020)
"""

from . import errors
from ._native import (
    CallVerifyResponse,
    Client,
    CollectInfoEvent,
    Credentials,
    FeeBatch,
    FeeRecord,
    HangupCause,
    PreparedRequest,
    PushTime,
    PushVerification,
    ResultCode,
    RetryAdvice,
    Signature,
    StatusEvent,
    UnknownPush,
    __version__,
    encode_user_data,
    error_codes,
    explain,
    generate_verify_code,
    hangup_cause,
    hangup_causes,
    parse_call_verify_response,
    parse_push,
    result_codes,
    sign_push,
    verify_push,
)
from .errors import (
    ApiError,
    CallVerifyError,
    ConfigError,
    ParseError,
    PushAuthError,
    ValidationError,
    Violation,
)

__all__ = [
    "ApiError",
    "CallVerifyError",
    "CallVerifyResponse",
    "Client",
    "CollectInfoEvent",
    "ConfigError",
    "Credentials",
    "FeeBatch",
    "FeeRecord",
    "HangupCause",
    "ParseError",
    "PreparedRequest",
    "PushAuthError",
    "PushTime",
    "PushVerification",
    "ResultCode",
    "RetryAdvice",
    "Signature",
    "StatusEvent",
    "UnknownPush",
    "ValidationError",
    "Violation",
    "__version__",
    "encode_user_data",
    "error_codes",
    "errors",
    "explain",
    "generate_verify_code",
    "hangup_cause",
    "hangup_causes",
    "parse_call_verify_response",
    "parse_push",
    "result_codes",
    "sign_push",
    "verify_push",
]
