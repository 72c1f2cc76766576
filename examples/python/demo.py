"""End to end: send a code and receive the call's status and fee pushes.

Runs a push receiver on 127.0.0.1 (a free port), sends a verification code with statusUrl/feeUrl
pointing at it, verifies and parses every push, replays one verified push to check that it is
rejected, and exits 0 once the call's disconnect event and its fee record have arrived
(non-zero on any error or after --timeout seconds).

    CALLVERIFY_APP_KEY=K CALLVERIFY_APP_SECRET=S \\
        python examples/python/demo.py --base-url http://127.0.0.1:PORT --client urllib

Works against the local sandbox (`callverify sandbox`) or the real platform (use https and a
receiver the platform can reach).
"""

from __future__ import annotations

import argparse
import os
import sys
import threading
import urllib.error
import urllib.request
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent))

import push_receiver  # noqa: E402

import callverify  # noqa: E402


class Recorder:
    """Collects pushes, and the raw request of one verified push to replay later."""

    def __init__(self) -> None:
        self.lock = threading.Lock()
        self.changed = threading.Condition(self.lock)
        self.events: list[str] = []
        self.disconnected: dict[str, int | None] = {}  # session id -> state code
        self.billed: set[str] = set()  # session ids with a fee record
        self.capture: tuple[str, dict[str, str], bytes] | None = None

    def on_push(self, push: Any, fresh: list[callverify.FeeRecord]) -> None:
        push_receiver.print_push(push, fresh)
        with self.changed:
            if isinstance(push, callverify.StatusEvent):
                self.events.append(push.event_type)
                if push.event_type == "disconnect":
                    self.disconnected[push.session_id] = push.state_code
            elif isinstance(push, callverify.FeeBatch):
                self.billed.update(r.session_id for r in push)
            self.changed.notify_all()

    def wait_for(self, session_id: str, timeout: float) -> bool:
        """Waits until the session's disconnect event and fee record have both arrived."""
        with self.changed:
            return self.changed.wait_for(
                lambda: session_id in self.disconnected and session_id in self.billed, timeout
            )


class CapturingReceiver(push_receiver.PushReceiver):
    """The example receiver, also keeping the first accepted request (to replay it)."""

    def __init__(self, *args: Any, recorder: Recorder, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.recorder = recorder

    def handle(self, environ: dict[str, Any]) -> tuple[str, dict[str, str]]:
        length = int(environ.get("CONTENT_LENGTH") or 0)
        body = environ["wsgi.input"].read(length)
        environ["wsgi.input"] = _Bytes(body)
        status, answer = super().handle(environ)
        if status.startswith("200") and self.recorder.capture is None:
            headers = dict(push_receiver.wsgi_headers(environ))
            self.recorder.capture = (environ["PATH_INFO"], headers, body)
        return status, answer


class _Bytes:
    def __init__(self, data: bytes) -> None:
        self.data = data

    def read(self, n: int = -1) -> bytes:
        out, self.data = (self.data, b"") if n < 0 else (self.data[:n], self.data[n:])
        return out


def send(client_kind: str, client: callverify.Client, callee: str, status_url: str, fee_url: str) -> str:
    code = callverify.generate_verify_code()
    if client_kind == "urllib":
        import send_urllib

        session = send_urllib.send_code(client, callee, code, status_url=status_url, fee_url=fee_url)
    elif client_kind == "requests":
        import send_requests

        session = send_requests.send_code(client, callee, code, status_url=status_url, fee_url=fee_url)
    elif client_kind == "httpx":
        import asyncio

        import httpx
        import send_httpx

        async def go() -> callverify.CallVerifyResponse:
            async with httpx.AsyncClient(timeout=10.0) as http:
                return await send_httpx.send_code(
                    http, client, callee, code, status_url=status_url, fee_url=fee_url
                )

        session = asyncio.run(go())
    else:
        raise ValueError(client_kind)
    return session.session_id


def replay(base: str, capture: tuple[str, dict[str, str], bytes]) -> int:
    """Sends a captured push again, exactly; returns the receiver's HTTP status."""
    path, headers, body = capture
    request = urllib.request.Request(base + path, data=body, headers=headers, method="POST")
    try:
        with urllib.request.urlopen(request, timeout=5) as response:
            return int(response.status)
    except urllib.error.HTTPError as e:
        return int(e.code)


def main(argv: list[str]) -> int:
    parser = argparse.ArgumentParser(description="send a code and wait for its pushes")
    parser.add_argument("--base-url", default=os.environ.get("CALLVERIFY_BASE_URL"))
    parser.add_argument("--client", choices=["urllib", "requests", "httpx"], default="urllib")
    parser.add_argument("--callee", default=os.environ.get("CALLVERIFY_CALLEE", "+8618900000007"))
    parser.add_argument("--timeout", type=float, default=20.0)
    parser.add_argument("--expect-state-code", type=int, default=0, help="the disconnect's hangup cause")
    args = parser.parse_args(argv[1:])
    if not args.base_url:
        parser.error("give --base-url or set CALLVERIFY_BASE_URL")

    credentials = callverify.Credentials(os.environ["CALLVERIFY_APP_KEY"], os.environ["CALLVERIFY_APP_SECRET"])
    client = callverify.Client(args.base_url, credentials)
    recorder = Recorder()

    # Bind first, then configure the receiver with the URLs exactly as they will be sent.
    app = CapturingReceiver(credentials, [], recorder.on_push, recorder=recorder)
    server = push_receiver.serve(app)
    base = f"http://127.0.0.1:{server.server_port}"
    status_url, fee_url = f"{base}/voice/status", f"{base}/voice/fee"
    app.urls = {"/voice/status": status_url, "/voice/fee": fee_url}

    try:
        session_id = send(args.client, client, args.callee, status_url, fee_url)
        print(f"sent with {args.client}: session {session_id}", flush=True)
        if not recorder.wait_for(session_id, args.timeout):
            print(
                f"timeout after {args.timeout} s: events {recorder.events}, "
                f"billed: {sorted(recorder.billed)}, rejected: {app.rejected}",
                file=sys.stderr,
            )
            return 1
        state_code = recorder.disconnected[session_id]
        if state_code != args.expect_state_code:
            print(f"disconnect with state code {state_code}, want {args.expect_state_code}", file=sys.stderr)
            return 1
        if recorder.capture is None:
            print("no push was captured", file=sys.stderr)
            return 1
        status = replay(base, recorder.capture)
        if status != 409:
            print(f"a replayed push was answered {status}, want 409", file=sys.stderr)
            return 1
        print("replayed push rejected (409)")
        unexpected = [r for r in app.rejected if r != (409, "replayed push")]
        if unexpected:
            print(f"the receiver rejected pushes: {unexpected}", file=sys.stderr)
            return 1
        print(f"ok: events {recorder.events}, fee record received")
        return 0
    except callverify.CallVerifyError as e:
        print(f"error [{e.code}]: {e}", file=sys.stderr)
        return 1
    finally:
        server.shutdown()


if __name__ == "__main__":
    sys.exit(main(sys.argv))
