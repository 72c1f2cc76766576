// Benchmark of the npm package against idiomatic JavaScript with node:crypto, in one run.
//
//   scripts/build-wasm.sh && node --expose-gc bindings-wasm/bench/bench.mjs [--quick]
//
// (run from a folder where `callverify` resolves, e.g. a scratch project that installed the
// tarball; scripts/bench-wasm.sh does exactly that). Prints a Markdown report.
//
// Compared, per operation:
//   build+sign+validate  client.callVerify(request, {now, nonce})  vs  validate every table-4 rule,
//                        JSON.stringify the body, createHmac('sha256', secret) → X-AKSK
//   parsePush            parsePush(body)  vs  JSON.parse + the same type checks, timestamp parsing
//                        and hangup-cause lookup
//   verifyPush           verifyPush(headers, url, client)  vs  parse X-AKSK, createHmac, timingSafeEqual
// Both sides produce the same result (checked before timing). Then: instantiation time (fresh
// processes), and heap / wasm-memory growth over 10^6 calls.
import { createHmac, randomBytes, timingSafeEqual } from 'node:crypto';
import { execFileSync } from 'node:child_process';
import { createRequire } from 'node:module';
import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import assert from 'node:assert/strict';
import os from 'node:os';

const t0 = performance.now();
const cv = await import('callverify');
const importMs = performance.now() - t0;

const QUICK = process.argv.includes('--quick');
const BASE_URL = 'https://rtccall.cn-north-1.myhuaweicloud.cn:443';
const SECRET = 'Q4xK9mZt2LwP8vRb';
const APP_KEY = 'ZRBRz4bAXoFgEH7o4Ew308eXc1RA';
const REQUEST = {
  displayNbr: '+8675528000088',
  calleeNbr: '+8618900000007',
  verifyCode: '123456',
  preTone: 'welcome.wav',
  times: 3,
  statusUrl: 'https://callback.example.com:8443/voice/status',
  feeUrl: 'https://callback.example.com:8443/voice/fee',
  userData: 'order-4711',
};
const NONCE = 'ac1c911c4792492687f8f6b2264a491e';
const NOW = 1_700_000_000;

// ---- idiomatic JavaScript: build + sign + validate ----------------------------------------------
const AUTHORIZATION = 'AKSK realm="SDP",profile="UsernameToken",type="Appkey"';
const PHONE = /^\+[0-9]+$/;
const URL_CHARS = /^[A-Za-z0-9\-:./]*$/;
const DIGITS = /^[0-9]*$/;

function jsValidate(r) {
  const v = [];
  const len = (field, s, min, max) => {
    const n = [...s].length;
    if (n < min || n > max) v.push({ field, code: 'length' });
    return n > 0;
  };
  for (const field of ['displayNbr', 'calleeNbr']) {
    const s = r[field];
    if (len(field, s, 4, 31)) {
      if (!PHONE.test(s)) v.push({ field, code: 'phone_format' });
      else if (s.startsWith('+860')) v.push({ field, code: 'phone_trunk_prefix' });
    }
  }
  if ((r.languageType ?? 2) !== 2) v.push({ field: 'languageType', code: 'language_type_unsupported' });
  const tone = (field, s) => {
    if (len(field, s, 1, 128) && (!/\.wav$/i.test(s) || s.length <= 4 || /[/\\\x00-\x1f\x7f]/.test(s))) {
      v.push({ field, code: 'tone_format' });
    }
  };
  tone('preTone', r.preTone);
  if (len('verifyCode', r.verifyCode, 2, 8) && !DIGITS.test(r.verifyCode)) v.push({ field: 'verifyCode', code: 'verify_code_digits' });
  if (r.posTone !== undefined) tone('posTone', r.posTone);
  if (r.times !== undefined && !(Number.isInteger(r.times) && r.times >= 0 && r.times <= 9)) v.push({ field: 'times', code: 'times_range' });
  for (const field of ['statusUrl', 'feeUrl']) {
    const u = r[field];
    if (u === undefined) continue;
    if (u === '') {
      v.push({ field, code: 'length' });
      continue;
    }
    const m = /^https?:\/\//i.exec(u);
    if (!m) v.push({ field, code: 'url_scheme' });
    else if (u.slice(m[0].length).split(/[/:]/)[0] === '') v.push({ field, code: 'url_host' });
    if (!URL_CHARS.test(u)) v.push({ field, code: 'url_charset' });
    if (Math.ceil(Buffer.byteLength(u) / 3) * 4 > 128) v.push({ field, code: 'url_encoded_length' });
  }
  if (r.userData !== undefined && len('userData', r.userData, 1, 256)) {
    if (/[{}]/.test(r.userData)) v.push({ field: 'userData', code: 'user_data_braces' });
    if (/[^\x00-\x7f]/.test(r.userData)) v.push({ field: 'userData', code: 'user_data_non_ascii' });
  }
  if (v.length > 0) throw Object.assign(new Error('invalid request'), { errors: v });
}

function jsCallVerify(r, now, nonce) {
  jsValidate(r);
  const body = JSON.stringify({
    displayNbr: r.displayNbr,
    calleeNbr: r.calleeNbr,
    languageType: r.languageType ?? 2,
    preTone: r.preTone,
    verifyCode: r.verifyCode,
    posTone: r.posTone,
    times: r.times,
    statusUrl: r.statusUrl === undefined ? undefined : Buffer.from(r.statusUrl).toString('base64'),
    feeUrl: r.feeUrl === undefined ? undefined : Buffer.from(r.feeUrl).toString('base64'),
    returnIdlePort: r.returnIdlePort === undefined ? undefined : String(r.returnIdlePort),
    userData: r.userData,
  });
  const created = new Date(now * 1000).toISOString().slice(0, 19) + 'Z';
  const digest = createHmac('sha256', SECRET).update(nonce + created).digest('base64');
  return {
    method: 'POST',
    url: `${BASE_URL}/rest/httpsessions/callVerify/v1.0`,
    headers: {
      'Content-Type': 'application/json;charset=UTF-8',
      Authorization: AUTHORIZATION,
      'X-AKSK': `UsernameToken Username="${APP_KEY}",PasswordDigest="${digest}",Nonce="${nonce}",Created="${created}"`,
    },
    body,
  };
}

// ---- idiomatic JavaScript: parsePush (status events; fee batches) -------------------------------
const HANGUP = new Map(cv.hangupCauses().map((c) => [c.code, c]));
const TIME = /^(\d{4})-(\d{2})-(\d{2}) (\d{2}):(\d{2}):(\d{2})$/;
const STATUS = new Set(['callout', 'alerting', 'answer', 'disconnect']);

function pushTime(text, field) {
  const m = TIME.exec(text);
  if (!m) throw Object.assign(new Error(`${field} is not a time`), { code: 'invalid_timestamp', field });
  const unix = Date.UTC(+m[1], +m[2] - 1, +m[3], +m[4], +m[5], +m[6]) / 1000;
  return { text, unix };
}
function str(o, k, field, required) {
  const v = o[k];
  if (v === undefined || v === null) {
    if (required) throw Object.assign(new Error(`${field} missing`), { code: 'missing_field', field });
    return null;
  }
  if (typeof v !== 'string') throw Object.assign(new Error(`${field} wrong type`), { code: 'wrong_type', field });
  return v;
}
function int(o, k, field) {
  const v = o[k];
  if (v === undefined || v === null) return null;
  if (!Number.isInteger(v)) throw Object.assign(new Error(`${field} wrong type`), { code: 'wrong_type', field });
  return v;
}
const FEE_FIELDS = [
  ['sessionId', 's'], ['direction', 'i'], ['spId', 's'], ['appKey', 's'], ['icid', 's'], ['bindNum', 's'],
  ['callerNum', 's'], ['calleeNum', 's'], ['fwdUnaswRsn', 'i'], ['failTime', 't'], ['ulFailReason', 'i'],
  ['sipStatusCode', 'i'], ['callOutStartTime', 't'], ['callOutAlertingTime', 't'], ['callOutAnswerTime', 't'],
  ['callEndTime', 't'], ['callOutUnaswRsn', 'i'], ['dynIVRStartTime', 't', 'dynIvrStartTime'],
  ['dynIVRPath', 's', 'dynIvrPath'], ['recordFlag', 'i'], ['ttsPlayTimes', 'i'], ['serviceType', 's'],
  ['hostName', 's'], ['userData', 's'],
];

function jsParsePush(text) {
  const doc = JSON.parse(text);
  if (typeof doc !== 'object' || doc === null || Array.isArray(doc)) throw new Error('not an object');
  const eventType = str(doc, 'eventType', 'eventType', true);
  if (STATUS.has(eventType)) {
    const i = doc.statusInfo;
    if (typeof i !== 'object' || i === null || Array.isArray(i)) throw new Error('statusInfo');
    const sessionId = str(i, 'sessionId', 'statusInfo.sessionId', true);
    if (sessionId === '') throw new Error('empty sessionId');
    const stateCode = int(i, 'stateCode', 'statusInfo.stateCode');
    return {
      kind: 'status',
      eventType,
      sessionId,
      timestamp: pushTime(str(i, 'timestamp', 'statusInfo.timestamp', true), 'statusInfo.timestamp'),
      userData: str(i, 'userData', 'statusInfo.userData'),
      caller: str(i, 'caller', 'statusInfo.caller'),
      called: str(i, 'called', 'statusInfo.called'),
      stateCode,
      stateDesc: str(i, 'stateDesc', 'statusInfo.stateDesc'),
      hangupCause: stateCode === null ? null : (HANGUP.get(stateCode) ?? null),
    };
  }
  if (eventType === 'fee') {
    const list = doc.feeLst;
    if (!Array.isArray(list) || list.length < 1 || list.length > 50) throw new Error('feeLst');
    return {
      kind: 'fee',
      records: list.map((rec, n) => {
        const out = {};
        for (const [wire, kind, name = wire] of FEE_FIELDS) {
          const field = `feeLst[${n}].${wire}`;
          if (kind === 's') out[name] = str(rec, wire, field, wire === 'sessionId');
          else if (kind === 'i') out[name] = int(rec, wire, field);
          else {
            const t = str(rec, wire, field);
            out[name] = t === null || t === '' ? null : pushTime(t, field);
          }
        }
        out.dedupeKey = `fee:${out.sessionId}`;
        return out;
      }),
    };
  }
  return { kind: 'unknown', eventType, rawJson: text };
}

// ---- idiomatic JavaScript: verifyPush ------------------------------------------------------------
const X_AKSK = /^UsernameToken Username="([^"]+)",PasswordDigest="([^"]+)",Nonce="([0-9A-Za-z]{1,128})",Created="(\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ)"$/;
function jsVerifyPush(headers, url, now) {
  if (headers.authorization !== AUTHORIZATION) throw new Error('authorization');
  const m = X_AKSK.exec(headers['x-aksk'] ?? '');
  if (!m || m[1] !== APP_KEY) throw new Error('x-aksk');
  const received = Buffer.from(m[2], 'base64');
  if (received.length !== 32) throw new Error('digest encoding');
  for (const sep of ['', '\n']) {
    const want = createHmac('sha256', SECRET).update(url + sep + m[3] + sep + m[4]).digest();
    if (timingSafeEqual(want, received)) {
      const age = now - Date.parse(m[4]) / 1000;
      if (Math.abs(age) > 300) throw new Error('stale');
      return { verified: true, digestForm: sep === '' ? 'concatenated' : 'newline', replayKey: `${m[3]}:${m[4]}` };
    }
  }
  throw new Error('digest mismatch');
}

// ---- harness ---------------------------------------------------------------------------------------
function timeOps(f, minMs) {
  for (let i = 0; i < 2000; i++) f(i); // warm up
  let n = 0;
  let batch = 1000;
  const start = performance.now();
  let elapsed = 0;
  while (elapsed < minMs) {
    for (let i = 0; i < batch; i++) f(n + i);
    n += batch;
    elapsed = performance.now() - start;
  }
  return (elapsed * 1e6) / n; // ns per op
}

/** Alternating rounds of both sides; the median ns/op of each. */
function compare(wasm, js) {
  const rounds = QUICK ? 3 : 7;
  const ms = QUICK ? 150 : 400;
  const w = [];
  const j = [];
  for (let r = 0; r < rounds; r++) {
    w.push(timeOps(wasm, ms));
    j.push(timeOps(js, ms));
  }
  const median = (xs) => xs.sort((a, b) => a - b)[Math.floor(xs.length / 2)];
  return { wasm: median(w), js: median(j) };
}

const client = new cv.Client({ baseUrl: BASE_URL, appKey: APP_KEY, appSecret: SECRET });

// Same results on both sides.
assert.deepEqual(client.callVerify(REQUEST, { now: NOW, nonce: NONCE }), jsCallVerify(REQUEST, NOW, NONCE));
const STATUS_BODY =
  '{"eventType":"disconnect","statusInfo":{"sessionId":"1202_14260_4294967295_20190124024846@callenabler245.huaweicaas.com",' +
  '"timestamp":"2019-01-24 02:49:23","caller":"+8613800000022","called":"+8613800000021","stateCode":8102,"stateDesc":"busy","userData":"order-4711"}}';
const FEE_BODY = JSON.stringify({
  eventType: 'fee',
  feeLst: [{
    direction: 0, spId: 'CP_ID', appKey: APP_KEY, icid: 'ba171f34e6953fcd751edc77127748f4.3757223714.337238282.9',
    bindNum: '+8675528000088', sessionId: '1202_14260_4294967295_20190124024846@callenabler245.huaweicaas.com',
    callerNum: '+8675528000088', calleeNum: '+8618900000007', fwdUnaswRsn: 0, sipStatusCode: 200,
    callOutStartTime: '2019-01-24 02:48:46', callOutAlertingTime: '2019-01-24 02:48:47', callOutAnswerTime: '2019-01-24 02:49:12',
    callEndTime: '2019-01-24 02:49:23', recordFlag: 0, ttsPlayTimes: 2, serviceType: '002', hostName: 'callenabler245.huaweicaas.com',
    userData: 'order-4711',
  }],
});
assert.deepEqual(cv.parsePush(STATUS_BODY), jsParsePush(STATUS_BODY));
assert.deepEqual(cv.parsePush(FEE_BODY), jsParsePush(FEE_BODY));
const PUSH_URL = 'https://callback.example.com:8443/voice/status';
const PUSH_CREATED = '2023-11-14T22:13:20Z';
const PUSH_DIGEST = createHmac('sha256', SECRET).update(`${PUSH_URL}\n${NONCE}\n${PUSH_CREATED}`).digest('base64');
const PUSH_HEADERS = {
  'content-type': 'application/json;charset=UTF-8',
  authorization: AUTHORIZATION,
  'x-aksk': `UsernameToken Username="${APP_KEY}",PasswordDigest="${PUSH_DIGEST}",Nonce="${NONCE}",Created="${PUSH_CREATED}"`,
  host: 'callback.example.com:8443',
  'content-length': '230',
};
const wv = cv.verifyPush(PUSH_HEADERS, PUSH_URL, client, { now: NOW + 10 });
const jv = jsVerifyPush(PUSH_HEADERS, PUSH_URL, NOW + 10);
assert.deepEqual([wv.digestForm, wv.replayKey], [jv.digestForm, jv.replayKey]);

const rows = [];
function row(name, wasm, js) {
  const r = compare(wasm, js);
  rows.push({ name, ...r });
}
row('build+sign+validate (fixed nonce)', (i) => client.callVerify(REQUEST, { now: NOW + (i & 1023), nonce: NONCE }), (i) => jsCallVerify(REQUEST, NOW + (i & 1023), NONCE));
row('build+sign+validate (fresh nonce, current time)', () => client.callVerify(REQUEST), () => jsCallVerify(REQUEST, Math.floor(Date.now() / 1000), randomBytes(16).toString('hex')));
row('parsePush: status event (text body)', () => cv.parsePush(STATUS_BODY), () => jsParsePush(STATUS_BODY));
const STATUS_BYTES = Buffer.from(STATUS_BODY);
row('parsePush: status event (Buffer body)', () => cv.parsePush(STATUS_BYTES), () => jsParsePush(STATUS_BYTES.toString('utf8')));
row('parsePush: fee batch, 1 record', () => cv.parsePush(FEE_BODY), () => jsParsePush(FEE_BODY));
row('verifyPush (Client credentials)', () => cv.verifyPush(PUSH_HEADERS, PUSH_URL, client, { now: NOW + 10 }), () => jsVerifyPush(PUSH_HEADERS, PUSH_URL, NOW + 10));

// ---- instantiation ------------------------------------------------------------------------------
const require = createRequire(import.meta.url);
const pkgDir = dirname(require.resolve('callverify/package.json'));
const wasmBytes = readFileSync(join(pkgDir, 'node', 'callverify_wasm_bg.wasm'));
const compileMs = [];
for (let i = 0; i < (QUICK ? 5 : 20); i++) {
  const s = performance.now();
  new WebAssembly.Module(wasmBytes);
  compileMs.push(performance.now() - s);
}
compileMs.sort((a, b) => a - b);
const importRuns = [];
for (let i = 0; i < (QUICK ? 3 : 10); i++) {
  const out = execFileSync(process.execPath, ['--input-type=module', '-e', `
    const s = performance.now();
    await import('callverify');
    const first = performance.now() - s;
    const { Client } = await import('callverify');
    const c = new Client({ baseUrl: 'https://x.example', appKey: 'k', appSecret: 's' });
    const s2 = performance.now();
    c.callVerify({ displayNbr: '+8675528000088', calleeNbr: '+8618900000007', verifyCode: '12', preTone: 'a.wav' });
    process.stdout.write(JSON.stringify([first, performance.now() - s2]));
  `], { encoding: 'utf8' });
  importRuns.push(JSON.parse(out));
}
const importMedian = importRuns.map((r) => r[0]).sort((a, b) => a - b)[Math.floor(importRuns.length / 2)];
const firstCallMedian = importRuns.map((r) => r[1]).sort((a, b) => a - b)[Math.floor(importRuns.length / 2)];

// ---- heap growth over 10^6 calls -----------------------------------------------------------------
const N = QUICK ? 100_000 : 1_000_000;
function growth(f) {
  globalThis.gc?.();
  const heap0 = process.memoryUsage().heapUsed;
  const wasm0 = cv.wasmMemoryBytes();
  for (let i = 0; i < N; i++) f(i);
  globalThis.gc?.();
  return {
    heap: process.memoryUsage().heapUsed - heap0,
    wasm: cv.wasmMemoryBytes() - wasm0,
  };
}
const growthCall = growth(() => client.callVerify(REQUEST));
const growthPush = growth(() => cv.parsePush(STATUS_BODY));
const growthError = growth(() => {
  try {
    client.callVerify({ ...REQUEST, calleeNbr: '+860755' });
  } catch {}
});
const growthClients = growth((i) => {
  if (i % 10 === 0) new cv.Client({ baseUrl: BASE_URL, appKey: APP_KEY, appSecret: SECRET }).free();
});

// ---- report -----------------------------------------------------------------------------------------
const sizes = (() => {
  const raw = wasmBytes.length;
  const gz = execFileSync('gzip', ['-9c'], { input: wasmBytes }).length;
  return { raw, gz };
})();
const kb = (b) => `${(b / 1024).toFixed(1)} KiB`;
const us = (ns) => `${(ns / 1000).toFixed(2)} µs`;
const fmtDelta = (b) => `${b >= 0 ? '+' : ''}${(b / 1024).toFixed(0)} KiB`;
console.log(`Node ${process.version}, ${os.cpus()[0]?.model ?? 'cpu'} (${os.cpus().length} cores), ${QUICK ? 'quick run' : 'full run'}\n`);
console.log('| operation | wasm (callverify) | idiomatic JS (node:crypto) | wasm / JS time |');
console.log('|---|---:|---:|---:|');
for (const r of rows) console.log(`| ${r.name} | ${us(r.wasm)} | ${us(r.js)} | ${(r.wasm / r.js).toFixed(2)}× |`);
console.log('');
console.log(`| instantiation | time |`);
console.log('|---|---:|');
console.log(`| \`await import('callverify')\` in a fresh process (read + compile + instantiate + wrapper), median of ${importRuns.length} | ${importMedian.toFixed(1)} ms |`);
console.log(`| first \`callVerify\` after import, median | ${firstCallMedian.toFixed(2)} ms |`);
console.log(`| \`new WebAssembly.Module(bytes)\` alone, median of ${compileMs.length} | ${compileMs[Math.floor(compileMs.length / 2)].toFixed(1)} ms |`);
console.log(`| this process's own import (cold) | ${importMs.toFixed(1)} ms |`);
console.log('');
console.log(`| ${N.toLocaleString('en')} calls of | JS heap growth (after gc) | wasm memory growth |`);
console.log('|---|---:|---:|');
console.log(`| \`client.callVerify(request)\` | ${fmtDelta(growthCall.heap)} | ${fmtDelta(growthCall.wasm)} |`);
console.log(`| \`parsePush(statusBody)\` | ${fmtDelta(growthPush.heap)} | ${fmtDelta(growthPush.wasm)} |`);
console.log(`| \`callVerify\` throwing ValidationError | ${fmtDelta(growthError.heap)} | ${fmtDelta(growthError.wasm)} |`);
console.log(`| \`new Client(…).free()\` (every 10th call) | ${fmtDelta(growthClients.heap)} | ${fmtDelta(growthClients.wasm)} |`);
console.log('');
console.log(`wasm module: ${sizes.raw} bytes (${kb(sizes.raw)}) raw, ${sizes.gz} bytes (${kb(sizes.gz)}) gzip -9; wasm memory now ${kb(cv.wasmMemoryBytes())}`);
client.free();
