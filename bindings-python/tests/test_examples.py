"""The examples in examples/python/, against a small in-process imitation of the platform.

The real end-to-end run against the local sandbox is scripts/e2e-python.sh; these tests keep the
examples working without it.
"""

from __future__ import annotations

import base64
import json
import sys
import threading
import time
import types
import urllib.error
import urllib.request
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any

import pytest
from conftest import EXAMPLES

import callverify

sys.path.insert(0, str(EXAMPLES))

import demo  # noqa: E402
import push_receiver  # noqa: E402
import send_requests  # noqa: E402
import send_urllib  # noqa: E402

KEY, SECRET = "exampleKey", "example-Secret-1"
CREDS = callverify.Credentials(KEY, SECRET)


def push(url: str, body: dict[str, Any], *, nonce: str | None = None, now: int | None = None) -> int:
    headers = dict(callverify.sign_push(CREDS, url, nonce=nonce, now=now))
    headers["Content-Type"] = "application/json;charset=UTF-8"
    request = urllib.request.Request(url, data=json.dumps(body).encode(), headers=headers, method="POST")
    try:
        with urllib.request.urlopen(request, timeout=5) as response:
            return int(response.status)
    except urllib.error.HTTPError as e:
        return int(e.code)


def stamp(offset: int = 0) -> str:
    return time.strftime("%Y-%m-%d %H:%M:%S", time.gmtime(time.time() + offset))


class FakePlatform:
    """Answers callVerify like the platform and then pushes the call's events, signed."""

    def __init__(self) -> None:
        self.answers: list[tuple[int, bytes]] = []  # queued non-default answers
        self.requests: list[tuple[dict[str, str], bytes]] = []
        platform = self

        class Handler(BaseHTTPRequestHandler):
            def do_POST(self) -> None:  # noqa: N802 - http.server naming
                body = self.rfile.read(int(self.headers["Content-Length"]))
                platform.requests.append(({k.lower(): v for k, v in self.headers.items()}, body))
                status, answer = platform.answer(self.path, body)
                self.send_response(status)
                self.send_header("Content-Type", "application/json")
                self.send_header("Content-Length", str(len(answer)))
                self.end_headers()
                self.wfile.write(answer)

            def log_message(self, format: str, *args: Any) -> None:  # noqa: A002
                pass

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        threading.Thread(target=self.server.serve_forever, args=(0.05,), daemon=True).start()
        self.base_url = f"http://127.0.0.1:{self.server.server_port}"

    def answer(self, path: str, body: bytes) -> tuple[int, bytes]:
        if self.answers:
            return self.answers.pop(0)
        assert path == "/rest/httpsessions/callVerify/v1.0"
        request = json.loads(body)
        session = f"fake-{len(self.requests)}"
        status_url = base64.b64decode(request["statusUrl"]).decode() if "statusUrl" in request else None
        fee_url = base64.b64decode(request["feeUrl"]).decode() if "feeUrl" in request else None
        threading.Thread(target=self.pushes, args=(session, status_url, fee_url), daemon=True).start()
        return 200, json.dumps({"resultcode": "0", "resultdesc": "Success", "sessionId": session}).encode()

    def pushes(self, session: str, status_url: str | None, fee_url: str | None) -> None:
        time.sleep(0.05)
        if status_url:
            for event in ("callout", "alerting", "answer", "disconnect"):
                info: dict[str, Any] = {"sessionId": session, "timestamp": stamp()}
                if event == "disconnect":
                    info.update(stateCode=0, stateDesc="The user releases the call.")
                push(status_url, {"eventType": event, "statusInfo": info})
        if fee_url:
            push(fee_url, {"eventType": "fee", "feeLst": [{"sessionId": session, "callEndTime": stamp()}]})

    def close(self) -> None:
        self.server.shutdown()


@pytest.fixture
def platform() -> Iterator[FakePlatform]:
    fake = FakePlatform()
    yield fake
    fake.close()


@pytest.fixture
def env(monkeypatch: pytest.MonkeyPatch, platform: FakePlatform) -> None:
    monkeypatch.setenv("CALLVERIFY_APP_KEY", KEY)
    monkeypatch.setenv("CALLVERIFY_APP_SECRET", SECRET)
    monkeypatch.setenv("CALLVERIFY_BASE_URL", platform.base_url)


@pytest.mark.parametrize("client_kind", ["urllib", "requests", "httpx"])
def test_demo_end_to_end(client_kind: str, platform: FakePlatform, env: None, capsys: Any) -> None:
    assert demo.main(["demo.py", "--client", client_kind, "--timeout", "10"]) == 0
    out = capsys.readouterr().out
    assert "status disconnect session=fake-1" in out
    assert "replayed push rejected (409)" in out
    headers, body = platform.requests[0]
    assert headers["x-aksk"].startswith(f'UsernameToken Username="{KEY}"')
    assert json.loads(body)["statusUrl"]


def test_send_urllib_raises_api_and_parse_errors(platform: FakePlatform, env: None) -> None:
    client = send_urllib.client_from_env()
    platform.answers.append((401, b'{"resultcode":"1010010","resultdesc":"Invalid digest."}'))
    with pytest.raises(callverify.ApiError) as api:
        send_urllib.send_code(client, "+8618900000007", "1234")
    assert api.value.category == "auth" and api.value.retry_after is None
    platform.answers.append((502, b"<html><body>502 Bad Gateway</body></html>"))
    with pytest.raises(callverify.ParseError) as parse:
        send_urllib.send_code(client, "+8618900000007", "1234")
    assert (parse.value.code, parse.value.http_status) == ("invalid_json", 502)
    assert send_urllib.main(["send_urllib.py", "+8618900000007"]) == 0


def test_send_requests_retries_only_when_advised(
    platform: FakePlatform, env: None, monkeypatch: pytest.MonkeyPatch
) -> None:
    sleeps: list[float] = []
    monkeypatch.setattr(send_requests, "time", types.SimpleNamespace(sleep=sleeps.append))
    client = send_urllib.client_from_env()
    platform.answers.append((403, b'{"resultcode":"1010010","resultdesc":"flow control"}'))
    session = send_requests.send_code(client, "+8618900000007", "1234")
    assert session.session_id.startswith("fake-")
    assert sleeps == [60]
    first, second = platform.requests[0][0]["x-aksk"], platform.requests[1][0]["x-aksk"]
    assert first != second, "the retry is signed afresh"
    platform.answers.append((401, b'{"resultcode":"1010010","resultdesc":"Invalid digest."}'))
    with pytest.raises(callverify.ApiError):
        send_requests.send_code(client, "+8618900000007", "1234")
    assert sleeps == [60], "authentication errors are never retried"


def test_send_code_validation_error_before_any_request(platform: FakePlatform, env: None) -> None:
    client = send_urllib.client_from_env()
    with pytest.raises(callverify.ValidationError):
        send_urllib.send_code(client, "+860755123456", "1234")
    assert platform.requests == []


def test_push_receiver_verifies_rejects_and_dedupes() -> None:
    received: list[tuple[Any, list[callverify.FeeRecord]]] = []
    status_url_path, fee_url_path = "/voice/status", "/voice/fee"
    app = push_receiver.PushReceiver(CREDS, [], lambda p, fresh: received.append((p, fresh)))
    server = push_receiver.serve(app)
    base = f"http://127.0.0.1:{server.server_port}"
    status_url, fee_url = base + status_url_path, base + fee_url_path
    app.urls = {status_url_path: status_url, fee_url_path: fee_url}
    try:
        answer = {"eventType": "answer", "statusInfo": {"sessionId": "s-1", "timestamp": stamp()}}
        now = int(time.time())
        assert push(status_url, answer, nonce="n1", now=now) == 200
        assert push(status_url, answer, nonce="n1", now=now) == 409, "same nonce and Created: a replay"
        assert push(status_url, answer, nonce="n2", now=now) == 200
        assert push(status_url, answer, nonce="n3", now=now - 3600) == 401, "stale"
        # Signed for another URL (the status URL's signature presented at the fee path).
        headers = dict(callverify.sign_push(CREDS, status_url))
        request = urllib.request.Request(fee_url, data=b"{}", headers=headers, method="POST")
        with pytest.raises(urllib.error.HTTPError) as wrong_url:
            urllib.request.urlopen(request, timeout=5)
        assert wrong_url.value.code == 401
        assert push(base + "/elsewhere", answer) == 404
        assert push(status_url, {"eventType": "answer"}) == 400
        fee = {"eventType": "fee", "feeLst": [{"sessionId": "s-1"}, {"sessionId": "s-2"}]}
        assert push(fee_url, fee) == 200
        fee["feeLst"].append({"sessionId": "s-3"})
        assert push(fee_url, fee) == 200, "a retried fee push is accepted ..."
        assert [r.session_id for r in received[-1][1]] == ["s-3"], "... and only new records are stored"
        assert [type(p).__name__ for p, _ in received] == ["StatusEvent", "StatusEvent", "FeeBatch", "FeeBatch"]
        reasons = [reason for _, reason in app.rejected]
        assert reasons == ["replayed push", "stale_push", "digest_mismatch", "unknown path", "missing_field"]
    finally:
        server.shutdown()


def test_replay_cache_expires() -> None:
    clock = [0.0]
    cache = push_receiver.ReplayCache(clock=lambda: clock[0])
    assert cache.first_time("k", 10)
    assert not cache.first_time("k", 10)
    clock[0] = 11
    assert cache.first_time("k", 10)


def test_prepared_request_works_with_requests_data_str(platform: FakePlatform) -> None:
    """`requests.post(r.url, headers=r.headers, data=r.body)` sends the exact UTF-8 body."""
    import requests

    client = callverify.Client(platform.base_url, CREDS)
    r = client.call_verify(
        display_nbr="+8675528000088", callee_nbr="+8618900000007", verify_code="1234", pre_tone="欢迎.wav"
    )
    response = requests.post(r.url, headers=r.headers, data=r.body, timeout=5)
    session = callverify.parse_call_verify_response(response.status_code, response.content)
    assert session.session_id == "fake-1"
    headers, body = platform.requests[0]
    assert body == r.body_bytes
    assert headers["content-type"] == "application/json;charset=UTF-8"
    assert headers["authorization"] == r.headers["Authorization"]
    assert headers["x-aksk"] == r.headers["X-AKSK"]
