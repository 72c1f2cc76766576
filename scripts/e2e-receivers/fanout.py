"""Fan-out in front of the receivers, for scripts/e2e-receivers.sh (standard library only).

Forwards every POST it gets to every receiver at once (as when the platform delivers one push to
two nodes behind a balancer), answers the sender 200 if any receiver answered 200 (else 503 if any
answered 503, else the first receiver's status), and appends one JSON line per push to the capture
file: path, raw headers, body (base64), each receiver's status and answer, and its own answer.

    python fanout.py --port N --capture FILE --upstream python=http://127.0.0.1:P1 --upstream node=http://...

First line on stdout: "fanout listening on http://127.0.0.1:PORT". POST /_fanout/lose-next-answer
with a path as body makes it answer 504 to the next push on that path whatever the receivers said
(a lost 200: the platform then re-sends a fee push that was in fact processed).
"""

from __future__ import annotations

import argparse
import base64
import http.client
import json
import threading
from concurrent.futures import ThreadPoolExecutor
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from urllib.parse import urlsplit

HOP_BY_HOP = {"host", "content-length", "connection", "transfer-encoding", "keep-alive"}


def forward(upstream: str, path: str, headers: list[tuple[str, str]], body: bytes) -> tuple[int, str]:
    u = urlsplit(upstream)
    conn = http.client.HTTPConnection(u.hostname or "127.0.0.1", u.port or 80, timeout=8)
    try:
        conn.putrequest("POST", path, skip_accept_encoding=True)
        for name, value in headers:
            conn.putheader(name, value)
        conn.putheader("Content-Length", str(len(body)))
        conn.endheaders(body)
        response = conn.getresponse()
        return response.status, response.read().decode("utf-8", "replace")
    except OSError as e:
        return 502, f"fanout: {e}"
    finally:
        conn.close()


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--port", type=int, default=0)
    parser.add_argument("--capture", required=True)
    parser.add_argument("--upstream", action="append", required=True, help="NAME=URL")
    args = parser.parse_args()
    upstreams = dict(u.split("=", 1) for u in args.upstream)
    pool = ThreadPoolExecutor(max_workers=8 * len(upstreams))
    lock = threading.Lock()
    lose_next: set[str] = set()
    seq = [0]

    class Handler(BaseHTTPRequestHandler):
        protocol_version = "HTTP/1.1"

        def log_message(self, format: str, *args: object) -> None:  # noqa: A002
            pass

        def reply(self, status: int, text: str) -> None:
            data = text.encode()
            self.send_response(status)
            self.send_header("Content-Type", "application/json")
            self.send_header("Content-Length", str(len(data)))
            self.end_headers()
            self.wfile.write(data)

        def do_POST(self) -> None:  # noqa: N802
            body = self.rfile.read(int(self.headers.get("Content-Length") or 0))
            if self.path == "/_fanout/lose-next-answer":
                with lock:
                    lose_next.add(body.decode())
                return self.reply(200, "{}")
            headers = [(k, v) for k, v in self.headers.items() if k.lower() not in HOP_BY_HOP]
            futures = {name: pool.submit(forward, url, self.path, headers, body) for name, url in upstreams.items()}
            answers = {name: f.result() for name, f in futures.items()}
            statuses = [status for status, _ in answers.values()]
            status = 200 if 200 in statuses else 503 if 503 in statuses else statuses[0]
            with lock:
                if self.path in lose_next:
                    lose_next.discard(self.path)
                    status = 504
                seq[0] += 1
                line = {
                    "seq": seq[0],
                    "path": self.path,
                    "headers": headers,
                    "body": base64.b64encode(body).decode(),
                    "answers": {name: {"status": s, "body": text} for name, (s, text) in answers.items()},
                    "answered": status,
                }
                with open(args.capture, "a", encoding="utf-8") as f:
                    f.write(json.dumps(line) + "\n")
            self.reply(status, json.dumps({"resultcode": "0" if status == 200 else "1", "resultdesc": "fanout"}))

    server = ThreadingHTTPServer(("127.0.0.1", args.port), Handler)
    server.daemon_threads = True
    print(f"fanout listening on http://127.0.0.1:{server.server_port}", flush=True)
    server.serve_forever()


if __name__ == "__main__":
    main()
