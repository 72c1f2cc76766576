"""Checks of scripts/e2e-receivers.sh, in phases (the script stops and restarts Redis between them).

    python drive.py deliver | outage | recovery | report

Reads its settings from the environment (E2E_*, CALLVERIFY_APP_KEY/SECRET; set by the script) and
keeps the sessions it started in $E2E_DIR/state.json. Prints "ok    name" or "FAIL  name" per check,
then "phase: N passed, M failed".
"""

from __future__ import annotations

import base64
import calendar
import functools
import json
import os
import re
import sys
import time
import urllib.error
import urllib.request
from collections import Counter
from collections.abc import Callable
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT / "examples" / "python"))
import callverify  # noqa: E402
import send_urllib  # noqa: E402

E2E_DIR = Path(os.environ["E2E_DIR"])
STATE = E2E_DIR / "state.json"
CAPTURE = E2E_DIR / "capture.jsonl"
RECEIVERS = dict(r.split("=", 1) for r in os.environ["E2E_RECEIVERS"].split(","))  # name -> base URL
PROCESSED = [E2E_DIR / f"processed-{name}.jsonl" for name in RECEIVERS]
RECEIVER_LOGS = [E2E_DIR / f"receiver-{name}.log" for name in RECEIVERS]
FANOUT = os.environ["E2E_FANOUT_URL"]
STATUS_URL, FEE_URL = FANOUT + "/voice/status", FANOUT + "/voice/fee"
WINDOW = int(os.environ["E2E_WINDOW"])
RETRY_INTERVAL = int(os.environ["E2E_FEE_RETRY_INTERVAL"])
CREDENTIALS = callverify.Credentials(os.environ["CALLVERIFY_APP_KEY"], os.environ["CALLVERIFY_APP_SECRET"])

INJECTED = "e2e-injected-"  # session ids of pushes the test signs itself (not sent by the sandbox)
results = [0, 0]


def check(name: str, fn: Callable[[], str | None]) -> None:
    """Runs one check: `fn` returns a detail line or raises AssertionError."""
    try:
        detail = fn()
    except Exception as e:  # noqa: BLE001 - any failure of a check is reported as such
        print(f"FAIL  {name}\n      {type(e).__name__}: {e}", flush=True)
        results[1] += 1
    else:
        print(f"ok    {name}{f' ({detail})' if detail else ''}", flush=True)
        results[0] += 1


def load_state() -> dict[str, Any]:
    return json.loads(STATE.read_text()) if STATE.exists() else {}


def save_state(**kw: Any) -> None:
    STATE.write_text(json.dumps({**load_state(), **kw}))


def jsonl(path: Path) -> list[dict[str, Any]]:
    return [json.loads(line) for line in path.read_text().splitlines()] if path.exists() else []


def aksk_attribute(headers: list[tuple[str, str]], name: str) -> str:
    x_aksk = next(v for k, v in headers if k.lower() == "x-aksk")
    match = re.search(name + r'="([^"]*)"', x_aksk)
    assert match, f"no {name} in X-AKSK {x_aksk}"
    return match.group(1)


def pushes(session: str | None = None) -> list[dict[str, Any]]:
    """Captured pushes (from the sandbox through the fan-out), with their parsed body and identity."""
    out = []
    for p in jsonl(CAPTURE):
        body = json.loads(base64.b64decode(p["body"]))
        if body["eventType"] == "fee":
            p["ids"] = [("fee", r["sessionId"]) for r in body["feeLst"]]
        else:
            p["ids"] = [(body["eventType"], body["statusInfo"]["sessionId"])]
        p["event"] = body["eventType"]
        p["nonce"] = aksk_attribute(p["headers"], "Nonce")
        if session is None or any(sid == session for _, sid in p["ids"]):
            out.append(p)
    return out


def processed() -> list[dict[str, Any]]:
    return [line for path in PROCESSED for line in jsonl(path)]


def identity(line: dict[str, Any]) -> tuple[str, str]:
    return ("fee" if line["kind"] == "fee" else line["eventType"], line["sessionId"])


def wait_for(what: str, cond: Callable[[], bool], timeout: float = 20.0) -> None:
    deadline = time.monotonic() + timeout
    while not cond():
        assert time.monotonic() < deadline, f"timed out after {timeout:.0f} s waiting for {what}"
        time.sleep(0.05)


def send_code(callee: str, *, status: bool = True) -> str:
    client = send_urllib.client_from_env(os.environ["E2E_SANDBOX_URL"])
    response = send_urllib.send_code(
        client, callee, callverify.generate_verify_code(6), status_url=STATUS_URL if status else None, fee_url=FEE_URL
    )
    return response.session_id


def post(url: str, headers: list[tuple[str, str]], body: bytes) -> tuple[int, str]:
    request = urllib.request.Request(url, data=body, headers=dict(headers), method="POST")
    try:
        with urllib.request.urlopen(request, timeout=10) as response:
            status, text = response.status, response.read().decode()
    except urllib.error.HTTPError as e:
        status, text = e.code, e.read().decode()
    try:
        return status, json.loads(text).get("resultdesc", text)
    except ValueError:
        return status, text


def to_each_receiver(path: str, headers: list[tuple[str, str]], body: bytes) -> dict[str, tuple[int, str]]:
    return {name: post(base + path, headers, body) for name, base in RECEIVERS.items()}


def created_age(headers: list[tuple[str, str]]) -> float:
    """Seconds since the push's Created, read in UTC or UTC+8, whichever is nearer."""
    created = aksk_attribute(headers, "Created")
    t = calendar.timegm(time.strptime(created, "%Y-%m-%dT%H:%M:%SZ"))
    return min(abs(time.time() - t), abs(time.time() + 28800 - t))


def answered(p: dict[str, Any]) -> dict[str, tuple[int, str]]:
    return {name: (a["status"], json.loads(a["body"]).get("resultdesc", "")) for name, a in p["answers"].items()}


# ---- checks -----------------------------------------------------------------------------------


def delivered_once(session: str, events: list[str]) -> str:
    """Each push of the session reached both receivers; one processed it, the other answered 200 and dropped it."""
    caught = pushes(session)
    assert [p["event"] for p in caught] == events, f"pushes {[p['event'] for p in caught]}, want {events}"
    counts = Counter(identity(line) for line in processed() if line["sessionId"] == session)
    for p in caught:
        descs = sorted(answered(p).values())
        assert descs == [(200, "Duplicate"), (200, "Success")], f"{p['event']} push answered {descs}"
        for ident in p["ids"]:
            assert counts[ident] == 1, f"{ident} processed {counts[ident]} times"
    return f"{len(caught)} pushes, {sum(counts.values())} processed, {len(caught)} dropped"


def phase_deliver() -> None:
    answered_events = ["callout", "alerting", "answer", "disconnect", "fee"]
    session = send_code("+8618900000007")
    save_state(answered=session)
    wait_for("the answered call's 5 pushes", lambda: len(pushes(session)) == 5)
    fee = pushes(session)[-1]
    headers = [(k, v) for k, v in fee["headers"]]
    body = base64.b64decode(fee["body"])
    before = len(processed())

    def replay_within_window() -> str:
        age = created_age(headers)
        assert age < WINDOW - 1, f"the fee push is already {age:.0f} s old; the check needs it fresher"
        got = to_each_receiver("/voice/fee", headers, body)
        assert all(a == (200, "Duplicate") for a in got.values()), got
        assert len(processed()) == before, "the replay was processed"
        return f"{age:.0f} s after Created"

    check("a fee push replayed within its window: 200 from both receivers, dropped, not processed", replay_within_window)
    check(
        "answered call: each of its 5 pushes reached both receivers, was processed once, the other dropped it (200)",
        lambda: delivered_once(session, answered_events),
    )
    busy = send_code("+8613800008102")
    save_state(busy=busy)

    def busy_call() -> str:
        wait_for("the busy call's 3 pushes", lambda: len(pushes(busy)) == 3)
        return delivered_once(busy, ["callout", "disconnect", "fee"])

    check("busy call (8102): each of its 3 pushes processed once, dropped once", busy_call)

    def replay_after_window() -> str:
        before = len(processed())
        while (age := created_age(headers)) <= WINDOW + 1:
            time.sleep(0.2)
        got = to_each_receiver("/voice/fee", headers, body)
        assert all(status == 401 for status, _ in got.values()), got
        assert len(processed()) == before, "the replay was processed"
        return f"{age:.0f} s after Created, window {WINDOW} s"

    check("the same fee push replayed after its window: 401 from both receivers, not processed", replay_after_window)

    # The fan-out loses the receivers' 200 to the next fee push: the sandbox re-sends it, re-signed.
    post(FANOUT + "/_fanout/lose-next-answer", [], b"/voice/fee")
    lost = send_code("+8618900000008")
    save_state(lost_answer=lost)

    def resent_fee() -> str:
        wait_for("the re-sent fee push", lambda: len([p for p in pushes(lost) if p["event"] == "fee"]) == 2)
        first, second = [p for p in pushes(lost) if p["event"] == "fee"]
        assert first["answered"] == 504 and second["answered"] == 200, (first["answered"], second["answered"])
        assert first["nonce"] != second["nonce"], "the re-sent fee push has the same nonce"
        assert sorted(answered(second).values()) == [(200, "Duplicate"), (200, "Success")], answered(second)
        n = sum(1 for line in processed() if identity(line) == ("fee", lost))
        assert n == 1, f"the fee record was processed {n} times"
        return "first answer lost, re-sent with a new nonce, record dropped by its dedupe key"

    check("a fee push re-sent after its 200 was lost: 200, its record not processed again", resent_fee)

    for name, base in RECEIVERS.items():
        check(
            f"{name}: a fee record whose processing failed (500) is processed by the next attempt",
            functools.partial(processing_failure, name, base),
        )


def processing_failure(name: str, base: str) -> str:
    """The receiver deletes a record's dedupe key when processing it fails, so a re-send stores it."""
    session = f"{INJECTED}processing-failure-{name}"
    body = json.dumps({"eventType": "fee", "feeLst": [{"sessionId": session, "callEndTime": "2026-12-07 08:00:00"}]})
    path = E2E_DIR / f"processed-{name}.jsonl"
    aside = path.with_name(path.name + ".aside")
    path.rename(aside)
    path.mkdir()  # the receiver's processing (appending to this path) now fails
    try:
        first = post(base + "/voice/fee", callverify.sign_push(CREDENTIALS, FEE_URL), body.encode())
    finally:
        path.rmdir()
        aside.rename(path)
    assert first[0] == 500, f"first attempt answered {first}"
    second = post(base + "/voice/fee", callverify.sign_push(CREDENTIALS, FEE_URL), body.encode())
    assert second == (200, "Success"), f"second attempt answered {second}"
    n = sum(1 for line in processed() if line["sessionId"] == session)
    assert n == 1, f"processed {n} times"
    return "first attempt 500, re-signed second attempt 200, processed once"


def phase_outage() -> None:
    before = len(processed())

    def status_push_refused() -> str:
        body = json.dumps(
            {
                "eventType": "disconnect",
                "statusInfo": {
                    "sessionId": INJECTED + "outage-probe",
                    "timestamp": time.strftime("%Y-%m-%d %H:%M:%S", time.gmtime()),
                    "caller": "+8675528000088",
                    "called": "+8618900000007",
                    "stateCode": 0,
                },
            }
        ).encode()
        headers = callverify.sign_push(CREDENTIALS, STATUS_URL) + [("Content-Type", "application/json")]
        got = to_each_receiver("/voice/status", headers, body)
        assert all(status == 503 for status, _ in got.values()), got
        assert len(processed()) == before, "processed while Redis was down"
        return ", ".join(f"{name} {status}" for name, (status, _) in got.items())

    check("Redis stopped: a signed status push gets 503 from both receivers, not processed", status_push_refused)
    session = send_code("+8618900000009", status=False)
    save_state(outage=session)

    def fee_refused() -> str:
        wait_for("two attempts of the fee push", lambda: len(pushes(session)) >= 2, timeout=5 + 2 * RETRY_INTERVAL)
        caught = pushes(session)
        for p in caught:
            assert p["answered"] == 503, f"attempt answered {p['answered']}"
            assert all(status == 503 for status, _ in answered(p).values()), answered(p)
        assert len(processed()) == before, "processed while Redis was down"
        return f"{len(caught)} attempts, each 503 from both"

    check("Redis stopped: the sandbox's fee push gets 503 from both receivers, nothing processed", fee_refused)


def phase_recovery() -> None:
    session = load_state()["outage"]

    def fee_processed_once() -> str:
        def is_ours(line: dict[str, Any]) -> bool:
            return identity(line) == ("fee", session)

        wait_for("the retried fee push to be processed", lambda: any(is_ours(x) for x in processed()), timeout=15)
        time.sleep(2 * RETRY_INTERVAL + 0.5)  # no attempt may follow the one answered 200
        caught = pushes(session)
        statuses = [p["answered"] for p in caught]
        assert statuses[-1] == 200 and statuses.count(200) == 1, f"attempts answered {statuses}"
        assert len({p["nonce"] for p in caught}) == len(caught), "an attempt reused a nonce"
        n = sum(1 for x in processed() if is_ours(x))
        assert n == 1, f"processed {n} times"
        return f"attempts answered {statuses}"

    check("Redis back: the sandbox's retried fee push is processed exactly once", fee_processed_once)


def phase_report() -> None:
    sent = {ident for p in pushes() for ident in p["ids"]}
    lines = [line for line in processed() if not line["sessionId"].startswith(INJECTED)]
    counts = Counter(identity(line) for line in lines)
    dropped = sum(len(re.findall(r"dropped duplicate", log.read_text())) for log in RECEIVER_LOGS)
    lost = len(sent - set(counts))
    by_receiver = Counter(line["receiver"] for line in lines)
    print(f"receivers: sent {len(sent)}, processed {len(lines)}, duplicates dropped {dropped}, lost {lost}")
    print("processed by " + ", ".join(f"{name} {by_receiver[name]}" for name in RECEIVERS))

    def exactly_once() -> str:
        twice = [ident for ident, n in counts.items() if n > 1]
        unsent = [ident for ident in counts if ident not in sent]
        assert lost == 0, f"lost: {sorted(sent - set(counts))}"
        assert not twice, f"processed more than once: {twice}"
        assert not unsent, f"processed but never sent by the sandbox: {unsent}"
        assert len(lines) == len(sent)
        return f"{len(sent)} sent, {len(lines)} processed"

    check("every push the sandbox sent was processed exactly once (lost 0)", exactly_once)


if __name__ == "__main__":
    phase = sys.argv[1]
    {"deliver": phase_deliver, "outage": phase_outage, "recovery": phase_recovery, "report": phase_report}[phase]()
    print(f"{phase}: {results[0]} passed, {results[1]} failed")
    sys.exit(1 if results[1] else 0)
