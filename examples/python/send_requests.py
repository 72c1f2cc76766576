"""Send a voice verification code with requests, retrying only when the platform advises it.

    export CALLVERIFY_BASE_URL=https://rtccall.cn-north-1.myhuaweicloud.cn:443
    export CALLVERIFY_APP_KEY=...  CALLVERIFY_APP_SECRET=...
    python examples/python/send_requests.py +8618900000007
"""

from __future__ import annotations

import os
import sys
import time

import requests

import callverify

DISPLAY_NBR = os.environ.get("CALLVERIFY_DISPLAY_NBR", "+8675528000088")
PRE_TONE = os.environ.get("CALLVERIFY_PRE_TONE", "welcome.wav")


def send_code(
    client: callverify.Client,
    callee: str,
    code: str,
    *,
    status_url: str | None = None,
    fee_url: str | None = None,
    user_data: str | None = None,
    session: requests.Session | None = None,
    attempts: int = 3,
    timeout: float = 10.0,
) -> callverify.CallVerifyResponse:
    """Asks the platform to call `callee` and read `code`; returns the session or raises.

    Each attempt is signed afresh (new nonce and Created): `call_verify` signs on every call.
    Authentication errors are never retried (repeats get the caller's IP blocked for 30 minutes);
    other errors are retried only when the result-code table says so.
    """
    http = session or requests.Session()
    for attempt in range(1, attempts + 1):
        request = client.call_verify(
            display_nbr=DISPLAY_NBR,
            callee_nbr=callee,
            verify_code=code,
            pre_tone=PRE_TONE,
            status_url=status_url,
            fee_url=fee_url,
            user_data=user_data,
        )
        response = http.post(request.url, headers=request.headers, data=request.body_bytes, timeout=timeout)
        try:
            return callverify.parse_call_verify_response(response.status_code, response.content)
        except callverify.ApiError as e:
            if e.retry_after is None or attempt == attempts:
                raise
            time.sleep(min(e.retry_after, 60))
    raise AssertionError("unreachable")


def main(argv: list[str]) -> int:
    if len(argv) != 2:
        print(f"usage: {argv[0]} CALLEE_NUMBER", file=sys.stderr)
        return 2
    client = callverify.Client(
        os.environ["CALLVERIFY_BASE_URL"],
        callverify.Credentials(os.environ["CALLVERIFY_APP_KEY"], os.environ["CALLVERIFY_APP_SECRET"]),
    )
    code = callverify.generate_verify_code()
    try:
        session = send_code(client, argv[1], code)
    except callverify.ApiError as e:
        hint = e.entry.action_en if e.entry else "unknown result code"
        print(f"refused: {e.result_code} {e.description} ({e.category}); {hint}", file=sys.stderr)
        return 1
    except callverify.CallVerifyError as e:
        print(f"error [{e.code}]: {e}", file=sys.stderr)
        return 1
    print(f"calling {argv[1]}: session {session.session_id}")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
