// A push receiver on node:http for the platform's status and fee pushes, with replay keys in Redis.
//
// Run several of these (processes or hosts) behind one balancer: they share one Redis, so a push
// delivered twice is processed once, and a fee record re-sent by the platform is stored once.
//
//   export CALLVERIFY_APP_KEY=...  CALLVERIFY_APP_SECRET=...        # the secret: env only
//   export CALLVERIFY_STATUS_URL=https://example.com/voice/status    # exactly as sent in statusUrl
//   export CALLVERIFY_FEE_URL=https://example.com/voice/fee          # exactly as sent in feeUrl
//   export REDIS_URL=redis://127.0.0.1:6379
//   PORT=8080 node receiver.mjs
//
// For every push, on either path:
//   1. verify the signature against the push URL as configured (never the URL the request arrived
//      on: proxies change scheme, host and port)                                 → 401 if it fails
//   2. parse the body                                                            → 400 if it fails
//   3. SET callverify:push:<replayKey> 1 NX EX <rememberForSeconds>; if the key was there, the push
//      was already processed (by this node or another)                   → 200, dropped
//   4. status event: process it; fee batch: for each record,
//      SET callverify:fee:<session id> 1 NX EX 7 days, and process it only if the key was new
//      (and delete the key again if processing fails)                     → 200
// Redis unreachable at step 3 or 4 → 503 and nothing (more) processed: the platform re-sends fee
// pushes (freshly signed) until it gets a 200. Status pushes are not re-sent.
//
// Other settings: HOST (default 127.0.0.1), PORT (default 8080), CALLVERIFY_PUSH_WINDOW (seconds
// of allowed clock skew, default 300), PROCESSED_FILE (where `processPush` appends one JSON line
// per status event or fee record; default processed.jsonl), RECEIVER_NAME (default "node").
import fs from 'node:fs';
import http from 'node:http';
import { createClient } from 'redis';
import { MAX_BODY_BYTES, isParseError, isPushAuthError, parsePush, verifyPush } from 'callverify';

const env = process.env;
const credentials = { appKey: env.CALLVERIFY_APP_KEY, appSecret: env.CALLVERIFY_APP_SECRET };
const pushUrls = new Map(
  [env.CALLVERIFY_STATUS_URL, env.CALLVERIFY_FEE_URL].map((url) => [new URL(url).pathname, url]),
);
const windowSeconds = Number(env.CALLVERIFY_PUSH_WINDOW ?? 300);
const processedFile = env.PROCESSED_FILE ?? 'processed.jsonl';
const name = env.RECEIVER_NAME ?? 'node';
const FEE_RECORD_SECONDS = 7 * 24 * 3600; // the platform re-sends a fee push up to 6 times, an hour apart

const log = (message) => console.log(`${new Date().toISOString()} receiver ${message}`);

// Commands fail at once while Redis is unreachable (no offline queue): the push gets a 503.
const store = createClient({
  url: env.REDIS_URL ?? 'redis://127.0.0.1:6379',
  disableOfflineQueue: true,
  socket: { connectTimeout: 1000, reconnectStrategy: (retries) => Math.min(100 * (retries + 1), 1000) },
});
let storeDown = false;
store.on('error', (e) => {
  if (!storeDown) log(`Redis unavailable: ${e.message}`);
  storeDown = true;
});
store.on('ready', () => {
  if (storeDown) log('Redis available again');
  storeDown = false;
});

class StoreUnavailable extends Error {}

/** True if `key` was not in Redis (and is now, for `seconds`); false if it was already there. */
async function firstTime(key, seconds) {
  try {
    return (await store.set(key, '1', { condition: 'NX', expiration: { type: 'EX', value: seconds } })) === 'OK';
  } catch (e) {
    throw new StoreUnavailable(e.message);
  }
}

/** Your business logic goes here. This one appends one JSON line per event or fee record. */
function processPush(item) {
  fs.appendFileSync(processedFile, JSON.stringify({ receiver: name, ...item }) + '\n');
}

function readBody(req) {
  return new Promise((resolve, reject) => {
    const chunks = [];
    let size = 0;
    req.on('data', (chunk) => {
      size += chunk.length;
      if (size > MAX_BODY_BYTES) {
        resolve(null);
        req.destroy();
      } else chunks.push(chunk);
    });
    req.on('end', () => resolve(Buffer.concat(chunks)));
    req.on('error', reject);
  });
}

async function receive(req, url) {
  let verified;
  try {
    // rawHeaders keeps repeated headers, so a doubled X-AKSK is refused rather than dropped.
    verified = verifyPush(req.rawHeaders, url, credentials, { windowSeconds });
  } catch (e) {
    if (!isPushAuthError(e)) throw e;
    log(`push refused: ${e.code}: ${e.message}`);
    return [401, 'Unauthorized'];
  }
  const body = await readBody(req);
  if (body === null) return [413, 'Body too large'];
  let push;
  try {
    push = parsePush(body);
  } catch (e) {
    if (!isParseError(e)) throw e;
    log(`push refused: ${e.code}: ${e.message}`);
    return [400, 'Bad push'];
  }
  try {
    if (!(await firstTime(`callverify:push:${verified.replayKey}`, verified.rememberForSeconds))) {
      log(`dropped duplicate push ${verified.replayKey}`);
      return [200, 'Duplicate'];
    }
    if (push.kind === 'status') {
      const { sessionId, eventType, timestamp, stateCode } = push;
      processPush({ kind: 'status', sessionId, eventType, timestamp: timestamp.text, stateCode });
    } else if (push.kind === 'collect_info') {
      const { sessionId, timestamp, digitInfo } = push; // digits keyed in (voice notifications)
      processPush({ kind: 'collect_info', sessionId, timestamp: timestamp.text, digitInfo });
    } else if (push.kind === 'fee') {
      for (const { sessionId, dedupeKey, callEndTime } of push.records) {
        const key = `callverify:${dedupeKey}`;
        if (!(await firstTime(key, FEE_RECORD_SECONDS))) {
          log(`dropped duplicate fee record ${dedupeKey}`);
          continue;
        }
        try {
          processPush({ kind: 'fee', sessionId, dedupeKey, callEndTime: callEndTime?.text ?? null });
        } catch (e) {
          await store.del(key); // not stored after all: the platform's next attempt may store it
          throw e;
        }
      }
    } else {
      log(`unknown push ${push.eventType} kept as is: ${push.rawJson.slice(0, 200)}`);
    }
  } catch (e) {
    if (!(e instanceof StoreUnavailable)) throw e;
    log(`push not processed, Redis unavailable: ${e.message}`);
    return [503, 'Service unavailable'];
  }
  return [200, 'Success'];
}

const server = http.createServer(async (req, res) => {
  const url = pushUrls.get(new URL(req.url, 'http://x').pathname);
  let status = 404;
  let desc = 'Not found';
  try {
    if (url && req.method === 'POST') [status, desc] = await receive(req, url);
    else if (url) [status, desc] = [405, 'POST only'];
  } catch (e) {
    log(`push failed: ${e.stack ?? e}`);
    [status, desc] = [500, 'Internal error'];
  }
  const answer = JSON.stringify({ resultcode: status === 200 ? '0' : '1', resultdesc: desc });
  res.writeHead(status, { 'content-type': 'application/json' }).end(answer);
});

await store.connect();
server.listen(Number(env.PORT ?? 8080), env.HOST ?? '127.0.0.1', () => {
  log(`listening on http://${env.HOST ?? '127.0.0.1'}:${server.address().port}`);
});
for (const signal of ['SIGINT', 'SIGTERM']) {
  process.on(signal, () => server.close(() => store.close().finally(() => process.exit(0))));
}
