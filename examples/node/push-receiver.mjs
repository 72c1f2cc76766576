// A push receiver on node:http: verifies each push's signature, rejects replays, parses the body.
//
// Answers 200 for a push it accepted, 401 for a bad signature, 409 for a replay, 400 for a body
// that is not a push, 413 for a body over 1 MiB, 404/405 for anything else.
import http from 'node:http';
import { MAX_BODY_BYTES, isParseError, isPushAuthError, parsePush } from 'callverify';

/**
 * Remembers replay keys for as long as `verifyPush` says. In-memory: with several receiver
 * processes use a shared store, e.g. Redis `SET callverify:push:<key> 1 NX EX <seconds>`.
 */
export class ReplayCache {
  #seen = new Map(); // replayKey -> expiry (ms)

  /** True the first time a key is seen within its lifetime, false for a replay. */
  firstSeen(key, rememberForSeconds) {
    const now = Date.now();
    for (const [k, expiry] of this.#seen) if (expiry <= now) this.#seen.delete(k);
    if (this.#seen.has(key)) return false;
    this.#seen.set(key, now + rememberForSeconds * 1000);
    return true;
  }
}

function readBody(req, limit) {
  return new Promise((resolve, reject) => {
    const chunks = [];
    let size = 0;
    req.on('data', (chunk) => {
      size += chunk.length;
      if (size > limit) {
        reject(Object.assign(new Error('body too large'), { status: 413 }));
        req.destroy();
      } else {
        chunks.push(chunk);
      }
    });
    req.on('end', () => resolve(Buffer.concat(chunks)));
    req.on('error', reject);
  });
}

/**
 * Starts a receiver on 127.0.0.1 (a free port). `paths` maps URL paths (e.g. '/voice/status') to
 * nothing in particular: each is served. `verifier` is a `Client` (its app key and secret sign the
 * pushes). `onPush(push, path)` is called once per accepted push.
 *
 * Resolves to { server, url(path), close() }. `url(path)` is the exact URL to give the platform as
 * statusUrl/feeUrl, and the exact URL each push on that path is verified against.
 */
export async function startPushReceiver({ verifier, paths, onPush, log = console.log }) {
  const replays = new ReplayCache();
  let origin = '';
  const server = http.createServer(async (req, res) => {
    const answer = (status, text) => {
      res.writeHead(status, { 'content-type': 'text/plain' }).end(text);
    };
    const path = new URL(req.url, 'http://x').pathname;
    if (!paths.includes(path)) return answer(404, 'not found');
    if (req.method !== 'POST') return answer(405, 'POST only');
    try {
      const body = await readBody(req, MAX_BODY_BYTES);
      // 1. The signature, over the URL exactly as configured (never rebuilt from Host/proxy headers).
      //    rawHeaders keeps repeated headers, so a doubled X-AKSK is caught rather than dropped.
      const verification = verifier.verifyPush(req.rawHeaders, origin + path);
      // 2. Replays: the signature does not cover the body, so a captured push could be re-sent.
      if (verification.verified && !replays.firstSeen(verification.replayKey, verification.rememberForSeconds)) {
        log(`push on ${path} rejected: replay of ${verification.replayKey}`);
        return answer(409, 'replay');
      }
      // 3. Only then the body.
      const push = parsePush(body);
      answer(200, 'ok');
      onPush(push, path);
    } catch (e) {
      if (e.status === 413) return answer(413, 'too large');
      if (isPushAuthError(e)) {
        log(`push on ${path} rejected: ${e.code}: ${e.message}`);
        return answer(401, 'unauthorized');
      }
      if (isParseError(e)) {
        log(`push on ${path} rejected: ${e.code} (${e.field ?? 'body'}): ${e.message}`);
        return answer(400, 'bad push');
      }
      log(`push on ${path} failed: ${e.stack ?? e}`);
      return answer(500, 'error');
    }
  });
  await new Promise((resolve) => server.listen(0, '127.0.0.1', resolve));
  origin = `http://127.0.0.1:${server.address().port}`;
  return {
    server,
    url: (path) => origin + path,
    close: () => new Promise((resolve) => server.close(resolve)),
  };
}
