"""Objects are shared between threads safely (one client for a whole web app)."""

from __future__ import annotations

import threading
from concurrent.futures import ThreadPoolExecutor

from conftest import HUAWEI, VALID

import callverify

STATUS_URL = "https://example.com/voice/status"
THREADS = 8
ROUNDS = 300


def test_shared_objects_under_threads() -> None:
    creds = callverify.Credentials("shared-key", "shared-secret")
    client = callverify.Client(HUAWEI, creds)
    reference = client.call_verify(**VALID, now=1_700_000_000, nonce="fixed")
    event_body = (
        b'{"eventType":"answer","statusInfo":{"sessionId":"s-%d","timestamp":"2024-01-01 00:00:00"}}'
    )
    start = threading.Barrier(THREADS)

    def work(worker: int) -> set[str]:
        start.wait()
        nonces = set()
        for i in range(ROUNDS):
            assert client.call_verify(**VALID, now=1_700_000_000, nonce="fixed") == reference
            fresh = client.call_verify(**VALID)
            nonces.add(fresh.headers["X-AKSK"].split('Nonce="')[1].split('"')[0])
            pairs = callverify.sign_push(creds, STATUS_URL, nonce=f"w{worker}r{i}", now=1_700_000_000)
            v = callverify.verify_push(pairs, STATUS_URL, creds, now=1_700_000_000)
            assert v.replay_key == f"w{worker}r{i}:2023-11-14T22:13:20Z"
            event = callverify.parse_push(event_body % i)
            assert isinstance(event, callverify.StatusEvent) and event.session_id == f"s-{i}"
            try:
                client.call_verify(**{**VALID, "times": 10})
            except callverify.ValidationError as e:
                assert e.errors[0].code == "times_range"
            else:
                raise AssertionError("validation error expected")
        return nonces

    with ThreadPoolExecutor(THREADS) as pool:
        results = list(pool.map(work, range(THREADS)))
    all_nonces = set().union(*results)
    assert len(all_nonces) == THREADS * ROUNDS, "every call drew its own nonce"


def test_errors_raised_concurrently_keep_their_own_data() -> None:
    def work(i: int) -> tuple[int, str | None]:
        try:
            callverify.parse_call_verify_response(400 + (i % 100), b'{"resultcode":"%d"}' % (9_000_000 + i))
        except callverify.ApiError as e:
            assert e.result_code == str(9_000_000 + i)
            return e.http_status, e.category
        raise AssertionError("ApiError expected")

    with ThreadPoolExecutor(THREADS) as pool:
        results = list(pool.map(work, range(2000)))
    assert results == [(400 + (i % 100), None) for i in range(2000)]
