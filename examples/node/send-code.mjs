// Sends a voice verification code with fetch and waits for the call's signed pushes.
//
//   CALLVERIFY_BASE_URL=http://127.0.0.1:41234 CALLVERIFY_APP_KEY=my-app-key \
//   CALLVERIFY_APP_SECRET=… node send-code.mjs [+8618900000007]
//
// It starts a push receiver on 127.0.0.1 (a free port), sends one code whose statusUrl / feeUrl
// point at it, verifies and parses every push, rejects replays, and exits 0 once the disconnect
// event and the fee batch have arrived. Exit codes: 0 done, 1 timeout or unexpected failure,
// 2 the platform refused the request (ApiError), 3 the request was invalid (ValidationError).
//
// Against the real platform the push URLs must be reachable from the internet; against the local
// sandbox (`callverify sandbox`, docs/sandbox.md) everything stays on this machine.
import { Client, generateVerifyCode, isApiError, isValidationError, parseCallVerifyResponse } from 'callverify';
import { startPushReceiver } from './push-receiver.mjs';

const env = (name, fallback) => {
  const value = process.env[name] ?? fallback;
  if (value === undefined) {
    console.error(`set ${name}`);
    process.exit(1);
  }
  return value;
};

const baseUrl = process.argv[2]?.startsWith('http') ? process.argv[2] : env('CALLVERIFY_BASE_URL');
const calleeNbr = process.argv.find((a) => a.startsWith('+')) ?? env('CALLVERIFY_CALLEE', '+8618900000007');
const displayNbr = env('CALLVERIFY_DISPLAY', '+8675528000088');
const timeoutMs = Number(env('CALLVERIFY_TIMEOUT_MS', '20000'));

// The secret stays server-side: here, and only in the Client (zeroed by free()).
const client = new Client({ baseUrl, appKey: env('CALLVERIFY_APP_KEY'), appSecret: env('CALLVERIFY_APP_SECRET') });

let sawDisconnect = false;
let sawFee = false;
const storedFees = new Set();
let lastPush = null; // { url, headers, body } of the last push, replayed at the end to show rejection
let finish;
const finished = new Promise((resolve) => (finish = resolve));

const receiver = await startPushReceiver({
  verifier: client,
  paths: ['/voice/status', '/voice/fee'],
  onPush(push, path) {
    switch (push.kind) {
      case 'status': {
        const cause = push.hangupCause ? ` (${push.stateCode} ${push.hangupCause.category}: ${push.hangupCause.meaningEn})` : '';
        console.log(`status ${push.eventType} at ${push.timestamp.text} for ${push.sessionId}${cause}`);
        if (push.eventType === 'disconnect') sawDisconnect = true;
        break;
      }
      case 'fee':
        for (const record of push.records) {
          if (storedFees.has(record.dedupeKey)) continue; // the platform retries fee pushes
          storedFees.add(record.dedupeKey);
          const seconds = record.callEndTime && record.callOutAnswerTime ? record.callEndTime.unix - record.callOutAnswerTime.unix : 0;
          console.log(`fee record for ${record.sessionId}: answered ${record.callOutAnswerTime ? 'yes' : 'no'}, ${seconds} s`);
        }
        sawFee = true;
        break;
      case 'collect_info': // digits keyed in (voice notifications that collect digits)
        console.log(`digits ${push.digitInfo ?? '(none)'} at ${push.timestamp.text} for ${push.sessionId}`);
        break;
      default:
        console.log(`unknown push ${push.eventType} on ${path} (kept: ${push.rawJson.length} bytes)`);
    }
    if (sawDisconnect && sawFee) finish();
  },
});

// Capture the raw form of one push so the example can replay it at the end.
receiver.server.prependListener('request', (req) => {
  const chunks = [];
  req.on('data', (c) => chunks.push(c));
  req.on('end', () => {
    const { authorization, 'x-aksk': xAksk, 'content-type': type } = req.headers;
    const headers = { authorization, 'x-aksk': xAksk, 'content-type': type };
    lastPush = { url: receiver.url(new URL(req.url, 'http://x').pathname), headers, body: Buffer.concat(chunks) };
  });
});

const request = {
  displayNbr,
  calleeNbr,
  verifyCode: generateVerifyCode(6),
  preTone: 'welcome.wav',
  times: 2,
  statusUrl: receiver.url('/voice/status'),
  feeUrl: receiver.url('/voice/fee'),
  userData: 'example-node',
};

async function send() {
  for (let attempt = 1; ; attempt++) {
    // Every attempt is signed afresh (new nonce, current time).
    const r = client.callVerify(request);
    const res = await fetch(r.url, { method: r.method, headers: r.headers, body: r.body });
    const body = new Uint8Array(await res.arrayBuffer());
    try {
      return parseCallVerifyResponse(res.status, body);
    } catch (e) {
      // Retry only what the result-code table says is retryable; never authentication errors.
      if (isApiError(e) && e.retryAfterSeconds !== null && attempt < 3) {
        console.log(`attempt ${attempt}: ${e.resultCode} ${e.entry?.category}; retrying in ${e.retryAfterSeconds} s`);
        await new Promise((resolve) => setTimeout(resolve, e.retryAfterSeconds * 1000));
        continue;
      }
      throw e;
    }
  }
}

const timer = setTimeout(() => {
  console.error(`timeout: disconnect ${sawDisconnect ? 'received' : 'missing'}, fee ${sawFee ? 'received' : 'missing'}`);
  process.exit(1);
}, timeoutMs);

let exitCode = 0;
try {
  const session = await send();
  console.log(`code ${request.verifyCode} sent to ${calleeNbr}: session ${session.sessionId}`);
  await finished;
  // A replayed push (same signature, within the window) must be refused.
  const replay = await fetch(lastPush.url, { method: 'POST', headers: lastPush.headers, body: lastPush.body });
  console.log(`replayed push answered ${replay.status}${replay.status === 409 ? ' (replay rejected)' : ''}`);
  if (replay.status !== 409) exitCode = 1;
} catch (e) {
  if (isApiError(e)) {
    console.error(`refused: HTTP ${e.httpStatus} result code ${e.resultCode} (${e.entry?.category ?? 'unknown'}): ${e.message}`);
    exitCode = 2;
  } else if (isValidationError(e)) {
    for (const v of e.errors) console.error(`invalid ${v.field}: ${v.message} [${v.code}]`);
    exitCode = 3;
  } else {
    console.error(e);
    exitCode = 1;
  }
} finally {
  clearTimeout(timer);
  await receiver.close();
  client.free();
}
process.exit(exitCode);
