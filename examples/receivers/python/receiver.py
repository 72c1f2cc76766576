"""A push receiver on FastAPI for the platform's status and fee pushes, with replay keys in Redis.

Run several of these (processes or hosts) behind one balancer: they share one Redis, so a push
delivered twice is processed once, and a fee record re-sent by the platform is stored once.

    export CALLVERIFY_APP_KEY=...  CALLVERIFY_APP_SECRET=...        # the secret: env only
    export CALLVERIFY_STATUS_URL=https://example.com/voice/status    # exactly as sent in statusUrl
    export CALLVERIFY_FEE_URL=https://example.com/voice/fee          # exactly as sent in feeUrl
    export REDIS_URL=redis://127.0.0.1:6379/0
    uvicorn receiver:app --host 0.0.0.0 --port 8080 --workers 2

For every push, on either path:
  1. verify the signature against the push URL as configured (never the URL the request arrived on:
     proxies change scheme, host and port)                                       → 401 if it fails
  2. parse the body                                                              → 400 if it fails
  3. SET callverify:push:<replay_key> 1 NX EX <remember_for_seconds>; if the key was there, the
     push was already processed (by this node or another)                → 200, dropped
  4. status event or digit-collection result: process it; fee batch: for each record,
     SET callverify:fee:<session id> 1 NX EX 7 days, and process it only if the key was new
     (and delete the key again if processing fails)                       → 200
Redis unreachable at step 3 or 4 → 503 and nothing (more) processed: the platform re-sends fee
pushes (freshly signed) until it gets a 200. Status pushes are not re-sent.

Other settings: CALLVERIFY_PUSH_WINDOW (seconds of allowed clock skew, default 300),
PROCESSED_FILE (where `process` appends one JSON line per status event or fee record; default
processed.jsonl), RECEIVER_NAME (written in those lines; default "python").
"""

from __future__ import annotations

import json
import logging
import os
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from typing import Any
from urllib.parse import urlsplit

import callverify
import redis.asyncio as redis
from fastapi import FastAPI, Request
from fastapi.responses import JSONResponse
from redis.asyncio.retry import Retry
from redis.backoff import NoBackoff

CREDENTIALS = callverify.Credentials(os.environ["CALLVERIFY_APP_KEY"], os.environ["CALLVERIFY_APP_SECRET"])
STATUS_URL = os.environ["CALLVERIFY_STATUS_URL"]
FEE_URL = os.environ["CALLVERIFY_FEE_URL"]
WINDOW = int(os.environ.get("CALLVERIFY_PUSH_WINDOW", "300"))
PROCESSED_FILE = os.environ.get("PROCESSED_FILE", "processed.jsonl")
NAME = os.environ.get("RECEIVER_NAME", "python")
FEE_RECORD_SECONDS = 7 * 24 * 3600  # the platform re-sends a fee push up to 6 times, an hour apart
MAX_BODY = 1 << 20  # parse_push refuses larger bodies anyway

log = logging.getLogger("receiver")
logging.basicConfig(level=logging.INFO, format="%(asctime)s receiver %(message)s")

# Short timeouts and one immediate retry (a pooled connection may be stale after a Redis restart):
# a push must be answered quickly, with 503 when Redis cannot be reached.
store = redis.Redis.from_url(
    os.environ.get("REDIS_URL", "redis://127.0.0.1:6379/0"),
    socket_timeout=1,
    socket_connect_timeout=1,
    retry=Retry(NoBackoff(), 1),
)


@asynccontextmanager
async def lifespan(_: FastAPI) -> AsyncIterator[None]:
    yield
    await store.aclose()


app = FastAPI(lifespan=lifespan)


def answer(status: int, desc: str) -> JSONResponse:
    return JSONResponse({"resultcode": "0" if status == 200 else "1", "resultdesc": desc}, status_code=status)


async def first_time(key: str, seconds: int) -> bool:
    """True if `key` was not in Redis (and is now, for `seconds`); False if it was already there."""
    return bool(await store.set(key, 1, nx=True, ex=seconds))


def process(item: dict[str, Any]) -> None:
    """Your business logic goes here. This one appends one JSON line per event or fee record."""
    with open(PROCESSED_FILE, "a", encoding="utf-8") as f:
        f.write(json.dumps({"receiver": NAME, **item}) + "\n")


async def read_body(request: Request) -> bytes | None:
    body = bytearray()
    async for chunk in request.stream():
        body += chunk
        if len(body) > MAX_BODY:
            return None
    return bytes(body)


async def receive(request: Request, url: str) -> JSONResponse:
    try:
        verified = callverify.verify_push(request.headers, url, CREDENTIALS, window=WINDOW)
    except callverify.PushAuthError as e:
        log.warning("push refused: %s: %s", e.code, e)
        return answer(401, "Unauthorized")
    body = await read_body(request)
    if body is None:
        return answer(413, "Body too large")
    try:
        push = callverify.parse_push(body)
    except callverify.ParseError as e:
        log.warning("push refused: %s: %s", e.code, e)
        return answer(400, "Bad push")
    # Both are set for a signed push (unsigned pushes are refused: allow_unsigned is off).
    replay_key, remember_for = verified.replay_key or "", verified.remember_for_seconds or 2 * WINDOW
    try:
        if not await first_time(f"callverify:push:{replay_key}", remember_for):
            log.info("dropped duplicate push %s", replay_key)
            return answer(200, "Duplicate")
        if isinstance(push, callverify.StatusEvent):
            process(
                {
                    "kind": "status",
                    "sessionId": push.session_id,
                    "eventType": push.event_type,
                    "timestamp": push.timestamp.text,
                    "stateCode": push.state_code,
                }
            )
        elif isinstance(push, callverify.CollectInfoEvent):  # digits keyed in (voice notifications)
            process(
                {
                    "kind": "collect_info",
                    "sessionId": push.session_id,
                    "timestamp": push.timestamp.text,
                    "digitInfo": push.digit_info,
                }
            )
        elif isinstance(push, callverify.FeeBatch):
            for record in push:
                key = f"callverify:{record.dedupe_key}"
                if not await first_time(key, FEE_RECORD_SECONDS):
                    log.info("dropped duplicate fee record %s", record.dedupe_key)
                    continue
                end = record.call_end_time
                try:
                    process(
                        {
                            "kind": "fee",
                            "sessionId": record.session_id,
                            "dedupeKey": record.dedupe_key,
                            "callEndTime": end.text if end else None,
                        }
                    )
                except Exception:
                    await store.delete(key)  # not stored after all: the platform's next attempt may store it
                    raise
        else:
            log.info("unknown push %s kept as is: %s", push.event_type, push.raw_json[:200])
    except redis.RedisError as e:
        log.error("push not processed, Redis unavailable: %s", e)
        return answer(503, "Service unavailable")
    return answer(200, "Success")


@app.post(urlsplit(STATUS_URL).path)
async def status_push(request: Request) -> JSONResponse:
    return await receive(request, STATUS_URL)


@app.post(urlsplit(FEE_URL).path)
async def fee_push(request: Request) -> JSONResponse:
    return await receive(request, FEE_URL)
