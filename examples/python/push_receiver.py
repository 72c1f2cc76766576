"""A push receiver for status and fee pushes: a small WSGI app (standard library only).

For every push it
  1. verifies the Authorization/X-AKSK headers against the push URL *exactly as configured* in
     status_url/fee_url (never rebuilt from the incoming request: proxies change scheme and host),
  2. rejects replays: the signature does not cover the body, so a verified push whose replay key was
     already seen within `remember_for_seconds` is refused (HTTP 409),
  3. parses the body into a StatusEvent, CollectInfoEvent, FeeBatch or UnknownPush,
  4. skips fee records it has already stored (the platform retries fee pushes up to 6 times),
  5. answers 200 {"resultcode":"0"} quickly (status pushes are never retried).

Serve it standalone (any WSGI server works: gunicorn, uWSGI, waitress, ...):

    export CALLVERIFY_APP_KEY=...  CALLVERIFY_APP_SECRET=...
    python examples/python/push_receiver.py --port 8080 \\
        --status-url https://example.com/voice/status --fee-url https://example.com/voice/fee

With several processes or hosts, keep replay keys in a shared store instead of ReplayCache, e.g.
Redis: `SET callverify:push:<replay_key> 1 NX EX <remember_for_seconds>`; reject when it answers nil.
"""

from __future__ import annotations

import argparse
import json
import os
import sys
import threading
import time
from collections.abc import Callable, Iterable
from socketserver import ThreadingMixIn
from typing import Any
from urllib.parse import urlsplit
from wsgiref.simple_server import WSGIRequestHandler, WSGIServer, make_server

import callverify

MAX_BODY = 1 << 20  # the SDK refuses larger bodies anyway


class ReplayCache:
    """Remembers keys until they expire (thread-safe, one process)."""

    def __init__(self, clock: Callable[[], float] = time.monotonic) -> None:
        self._clock = clock
        self._expiry: dict[str, float] = {}
        self._lock = threading.Lock()

    def first_time(self, key: str, ttl_seconds: float) -> bool:
        """True the first time `key` is seen within `ttl_seconds`; False for a replay."""
        now = self._clock()
        with self._lock:
            if len(self._expiry) > 10_000:
                self._expiry = {k: t for k, t in self._expiry.items() if t > now}
            if self._expiry.get(key, 0.0) > now:
                return False
            self._expiry[key] = now + ttl_seconds
            return True


def wsgi_headers(environ: dict[str, Any]) -> list[tuple[str, str]]:
    """The request headers of a WSGI environ as (name, value) pairs."""
    headers = [(k[5:].replace("_", "-"), v) for k, v in environ.items() if k.startswith("HTTP_")]
    if environ.get("CONTENT_TYPE"):
        headers.append(("Content-Type", environ["CONTENT_TYPE"]))
    return headers


class PushReceiver:
    """WSGI app answering POSTs to the paths of the configured push URLs.

    `urls` are the push URLs exactly as sent in status_url/fee_url; requests are routed by path.
    `on_push(push, fresh_records)` is called for every verified, non-replayed push (fresh_records: the
    fee records not seen before; empty for status events).
    """

    def __init__(
        self,
        credentials: callverify.Credentials,
        urls: Iterable[str],
        on_push: Callable[[Any, list[callverify.FeeRecord]], None],
        *,
        allow_unsigned: bool = False,
    ) -> None:
        self.credentials = credentials
        self.urls = {urlsplit(u).path or "/": u for u in urls}
        self.on_push = on_push
        self.allow_unsigned = allow_unsigned
        self.replays = ReplayCache()
        self.stored_fees = ReplayCache()
        self.rejected: list[tuple[int, str]] = []  # (HTTP status, reason), for the demo and tests

    def __call__(self, environ: dict[str, Any], start_response: Callable[..., Any]) -> list[bytes]:
        status, answer = self.handle(environ)
        body = json.dumps(answer).encode()
        start_response(status, [("Content-Type", "application/json"), ("Content-Length", str(len(body)))])
        return [body]

    def reject(self, status: str, reason: str) -> tuple[str, dict[str, str]]:
        self.rejected.append((int(status[:3]), reason))
        return status, {"resultcode": "1", "resultdesc": reason}

    def handle(self, environ: dict[str, Any]) -> tuple[str, dict[str, str]]:
        url = self.urls.get(environ.get("PATH_INFO", ""))
        if url is None:
            return self.reject("404 Not Found", "unknown path")
        if environ["REQUEST_METHOD"] != "POST":
            return self.reject("405 Method Not Allowed", "POST only")
        try:
            verified = callverify.verify_push(
                wsgi_headers(environ), url, self.credentials, allow_unsigned=self.allow_unsigned
            )
        except callverify.PushAuthError as e:
            return self.reject("401 Unauthorized", e.code)
        if verified.replay_key is not None and verified.remember_for_seconds is not None:
            if not self.replays.first_time(verified.replay_key, verified.remember_for_seconds):
                return self.reject("409 Conflict", "replayed push")
        try:
            length = int(environ.get("CONTENT_LENGTH") or 0)
        except ValueError:
            return self.reject("400 Bad Request", "bad Content-Length")
        if length > MAX_BODY:
            return self.reject("413 Payload Too Large", "body too large")
        try:
            push = callverify.parse_push(environ["wsgi.input"].read(length))
        except callverify.ParseError as e:
            return self.reject("400 Bad Request", e.code)
        fresh: list[callverify.FeeRecord] = []
        if isinstance(push, callverify.FeeBatch):
            # Fee pushes are retried up to 6 times an hour apart: store each record once.
            fresh = [r for r in push if self.stored_fees.first_time(r.dedupe_key, 7 * 3600)]
        self.on_push(push, fresh)
        return "200 OK", {"resultcode": "0", "resultdesc": "Success"}


class _QuietHandler(WSGIRequestHandler):
    def log_message(self, format: str, *args: Any) -> None:  # noqa: A002 - stdlib signature
        pass


class ThreadingWSGIServer(ThreadingMixIn, WSGIServer):
    daemon_threads = True


def serve(app: PushReceiver, host: str = "127.0.0.1", port: int = 0) -> WSGIServer:
    """Starts serving `app` in a background thread; `server.server_port` is the bound port."""
    server = make_server(host, port, app, server_class=ThreadingWSGIServer, handler_class=_QuietHandler)
    threading.Thread(target=server.serve_forever, args=(0.05,), name="push-receiver", daemon=True).start()
    return server


def print_push(push: Any, fresh: list[callverify.FeeRecord]) -> None:
    if isinstance(push, callverify.StatusEvent):
        cause = push.hangup_cause
        extra = f" ({push.state_code}: {cause.meaning_en})" if cause else ""
        print(f"status {push.event_type} session={push.session_id} at {push.timestamp.text}{extra}")
    elif isinstance(push, callverify.CollectInfoEvent):
        print(f"digits {push.digit_info} session={push.session_id} at {push.timestamp.text}")
    elif isinstance(push, callverify.FeeBatch):
        for record in fresh:
            print(f"fee session={record.session_id} end={record.call_end_time and record.call_end_time.text}")
    else:
        print(f"unknown push {push.event_type}: {push.raw_json[:80]}")
    sys.stdout.flush()


def main(argv: list[str]) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--host", default="127.0.0.1")
    parser.add_argument("--port", type=int, default=8080)
    parser.add_argument("--status-url", required=True, help="statusUrl exactly as sent in requests")
    parser.add_argument("--fee-url", required=True, help="feeUrl exactly as sent in requests")
    args = parser.parse_args(argv[1:])
    credentials = callverify.Credentials(os.environ["CALLVERIFY_APP_KEY"], os.environ["CALLVERIFY_APP_SECRET"])
    app = PushReceiver(credentials, [args.status_url, args.fee_url], print_push)
    server = make_server(args.host, args.port, app, server_class=ThreadingWSGIServer)
    print(f"receiving pushes on http://{args.host}:{server.server_port}", flush=True)
    server.serve_forever()
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
