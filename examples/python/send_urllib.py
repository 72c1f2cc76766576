"""Send a voice verification code with the standard library only (urllib.request).

    export CALLVERIFY_BASE_URL=https://rtccall.cn-north-1.myhuaweicloud.cn:443
    export CALLVERIFY_APP_KEY=...  CALLVERIFY_APP_SECRET=...
    python examples/python/send_urllib.py +8618900000007

callverify builds and signs the request as data; urllib sends it; callverify parses the answer.
"""

from __future__ import annotations

import os
import sys
import urllib.error
import urllib.request

import callverify

DISPLAY_NBR = os.environ.get("CALLVERIFY_DISPLAY_NBR", "+8675528000088")
PRE_TONE = os.environ.get("CALLVERIFY_PRE_TONE", "welcome.wav")


def client_from_env(base_url: str | None = None) -> callverify.Client:
    """A client from CALLVERIFY_BASE_URL, CALLVERIFY_APP_KEY and CALLVERIFY_APP_SECRET."""
    return callverify.Client(
        base_url or os.environ["CALLVERIFY_BASE_URL"],
        callverify.Credentials(os.environ["CALLVERIFY_APP_KEY"], os.environ["CALLVERIFY_APP_SECRET"]),
    )


def send_code(
    client: callverify.Client,
    callee: str,
    code: str,
    *,
    status_url: str | None = None,
    fee_url: str | None = None,
    user_data: str | None = None,
    timeout: float = 10.0,
) -> callverify.CallVerifyResponse:
    """Asks the platform to call `callee` and read `code`; returns the session or raises.

    Raises callverify.ValidationError (bad input), callverify.ApiError (the platform refused; see
    .retry_after) or callverify.ParseError (e.g. an HTML error page from a gateway), and
    urllib.error.URLError for network failures.
    """
    request = client.call_verify(
        display_nbr=DISPLAY_NBR,
        callee_nbr=callee,
        verify_code=code,
        pre_tone=PRE_TONE,
        status_url=status_url,
        fee_url=fee_url,
        user_data=user_data,
    )
    http = urllib.request.Request(
        request.url, data=request.body_bytes, headers=request.headers, method=request.method
    )
    try:
        with urllib.request.urlopen(http, timeout=timeout) as response:
            return callverify.parse_call_verify_response(response.status, response.read())
    except urllib.error.HTTPError as error:
        # 4xx/5xx still carry the platform's JSON (or a gateway's HTML): let callverify explain it.
        with error:
            return callverify.parse_call_verify_response(error.code, error.read())


def main(argv: list[str]) -> int:
    if len(argv) != 2:
        print(f"usage: {argv[0]} CALLEE_NUMBER", file=sys.stderr)
        return 2
    code = callverify.generate_verify_code(6)
    try:
        session = send_code(client_from_env(), argv[1], code)
    except callverify.ApiError as e:
        print(f"refused: {e} (retry after: {e.retry_after})", file=sys.stderr)
        return 1
    except callverify.CallVerifyError as e:
        print(f"error [{e.code}]: {e}", file=sys.stderr)
        return 1
    print(f"calling {argv[1]}: session {session.session_id}")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
