"""Send a voice verification code with httpx, asynchronously (as in a FastAPI handler).

    export CALLVERIFY_BASE_URL=https://rtccall.cn-north-1.myhuaweicloud.cn:443
    export CALLVERIFY_APP_KEY=...  CALLVERIFY_APP_SECRET=...
    python examples/python/send_httpx.py +8618900000007
"""

from __future__ import annotations

import asyncio
import os
import sys

import httpx

import callverify

DISPLAY_NBR = os.environ.get("CALLVERIFY_DISPLAY_NBR", "+8675528000088")
PRE_TONE = os.environ.get("CALLVERIFY_PRE_TONE", "welcome.wav")


async def send_code(
    http: httpx.AsyncClient,
    client: callverify.Client,
    callee: str,
    code: str,
    *,
    status_url: str | None = None,
    fee_url: str | None = None,
) -> callverify.CallVerifyResponse:
    """Asks the platform to call `callee` and read `code`; returns the session or raises.

    Building and signing take microseconds and never block, so they run inline in the event loop.
    """
    request = client.call_verify(
        display_nbr=DISPLAY_NBR,
        callee_nbr=callee,
        verify_code=code,
        pre_tone=PRE_TONE,
        status_url=status_url,
        fee_url=fee_url,
    )
    response = await http.post(request.url, headers=request.headers, content=request.body_bytes)
    return callverify.parse_call_verify_response(response.status_code, response.content)


async def main(argv: list[str]) -> int:
    if len(argv) != 2:
        print(f"usage: {argv[0]} CALLEE_NUMBER", file=sys.stderr)
        return 2
    client = callverify.Client(
        os.environ["CALLVERIFY_BASE_URL"],
        callverify.Credentials(os.environ["CALLVERIFY_APP_KEY"], os.environ["CALLVERIFY_APP_SECRET"]),
    )
    async with httpx.AsyncClient(timeout=10.0) as http:
        try:
            session = await send_code(http, client, argv[1], callverify.generate_verify_code())
        except callverify.CallVerifyError as e:
            print(f"error [{e.code}]: {e}", file=sys.stderr)
            return 1
    print(f"calling {argv[1]}: session {session.session_id}")
    return 0


if __name__ == "__main__":
    sys.exit(asyncio.run(main(sys.argv)))
