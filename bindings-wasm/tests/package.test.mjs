// The package as npm delivers it: manifest, file list, both module systems, the browser build.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { readFileSync, readdirSync, statSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';

const require = createRequire(import.meta.url);
const pkgDir = dirname(require.resolve('callverify/package.json'));
const pkg = JSON.parse(readFileSync(join(pkgDir, 'package.json'), 'utf8'));

function files(dir) {
  return readdirSync(dir).flatMap((f) => {
    const p = join(dir, f);
    return statSync(p).isDirectory() ? files(p) : [relative(pkgDir, p)];
  });
}

test('package.json: exports for node and browser, types, explicit files', () => {
  assert.equal(pkg.name, 'callverify');
  assert.equal(pkg.type, 'module');
  assert.match(pkg.version, /^\d+\.\d+\.\d+/);
  const root = pkg.exports['.'];
  assert.deepEqual(Object.keys(root), ['types', 'browser', 'node', 'default']);
  assert.equal(root.types, './types/index.d.ts');
  assert.equal(pkg.types, './types/index.d.ts');
  assert.deepEqual(pkg.files, ['node/', 'web/', 'types/', 'README.md']);
  assert.equal(pkg.engines.node, '>=20');
});

test('the tarball holds exactly the built files', () => {
  assert.deepEqual(files(pkgDir).sort(), [
    'README.md',
    'node/callverify_wasm.cjs', 'node/callverify_wasm_bg.wasm', 'node/errors.js', 'node/index.js', 'node/raw.js', 'node/types.js',
    'package.json',
    'types/errors.d.ts', 'types/index.d.ts', 'types/types.d.ts',
    'web/callverify_wasm.js', 'web/callverify_wasm_bg.wasm', 'web/errors.js', 'web/index.js', 'web/raw.js', 'web/types.js',
  ]);
  for (const f of ['node/callverify_wasm_bg.wasm', 'web/callverify_wasm_bg.wasm']) {
    const bytes = readFileSync(join(pkgDir, f));
    assert.deepEqual([...bytes.subarray(0, 4)], [0, 0x61, 0x73, 0x6d], `${f} is wasm`);
    assert.ok(WebAssembly.validate(bytes), `${f} validates`);
  }
});

test('the declarations use no `any`', () => {
  for (const f of ['index.d.ts', 'errors.d.ts', 'types.d.ts']) {
    const code = readFileSync(join(pkgDir, 'types', f), 'utf8').replace(/\/\*[\s\S]*?\*\/|\/\/.*$/gm, '');
    assert.doesNotMatch(code, /\bany\b/, f);
  }
});

test('import resolves to the node build; require() works too', () => {
  assert.equal(import.meta.resolve('callverify'), `file://${join(pkgDir, 'node', 'index.js')}`);
  const out = execFileSync(process.execPath, ['--no-warnings', '-e', `
    const cv = require('callverify');
    const c = new cv.Client({ baseUrl: 'https://x.example', appKey: 'k', appSecret: 's' });
    const r = c.callVerify({ displayNbr: '+8675528000088', calleeNbr: '+8618900000007', verifyCode: '12', preTone: 'a.wav' });
    process.stdout.write(r.method + ' ' + typeof cv.parsePush);
  `], { cwd: dirname(fileURLToPath(import.meta.url)), encoding: 'utf8' });
  assert.equal(out, 'POST function');
});

test('the browser build instantiates from bytes with the web glue', async () => {
  // What a browser does with the fetched .wasm, done synchronously here (Node's fetch has no file:).
  const glue = await import(join(pkgDir, 'web', 'callverify_wasm.js'));
  glue.initSync({ module: readFileSync(join(pkgDir, 'web', 'callverify_wasm_bg.wasm')) });
  assert.match(glue.generate_verify_code(6), /^[0-9]{6}$/);
});

// An independent reading of a valid push, with V8's JSON.parse: the documented objects, key order
// included. (JSON.parse and the core agree on every valid push: strings, and integers as the nearest
// double.)
const STATUS_KEYS = ['sessionId', 'timestamp', 'userData', 'caller', 'called', 'stateCode', 'stateDesc'];
const FEE_KEYS = [
  ['sessionId', 's'], ['direction', 'i'], ['spId', 's'], ['appKey', 's'], ['icid', 's'], ['bindNum', 's'],
  ['callerNum', 's'], ['calleeNum', 's'], ['fwdUnaswRsn', 'i'], ['failTime', 't'], ['ulFailReason', 'i'],
  ['sipStatusCode', 'i'], ['callOutStartTime', 't'], ['callOutAlertingTime', 't'], ['callOutAnswerTime', 't'],
  ['callEndTime', 't'], ['callOutUnaswRsn', 'i'], ['dynIVRStartTime', 't', 'dynIvrStartTime'],
  ['dynIVRPath', 's', 'dynIvrPath'], ['recordFlag', 'i'], ['ttsPlayTimes', 'i'], ['serviceType', 's'],
  ['hostName', 's'], ['userData', 's'],
];
function oracle(cv, body) {
  const doc = JSON.parse(body);
  const time = (t) => {
    if (t === undefined || t === null || t === '') return null;
    const m = /^(\d{4})-(\d\d)-(\d\d) (\d\d):(\d\d):(\d\d)$/.exec(t);
    const d = new Date(0);
    d.setUTCFullYear(+m[1], +m[2] - 1, +m[3]); // years below 100 too (Date.UTC maps them to 19xx)
    d.setUTCHours(+m[4], +m[5], +m[6]);
    return { text: t, unix: d.getTime() / 1000 };
  };
  // Absent is null; integers are integers (-0 is 0).
  const opt = (v) => (v === undefined ? null : typeof v === 'number' ? v + 0 : v);
  if (['callout', 'alerting', 'answer', 'disconnect'].includes(doc.eventType)) {
    const i = doc.statusInfo;
    const out = { kind: 'status', eventType: doc.eventType };
    for (const k of STATUS_KEYS) out[k] = k === 'timestamp' ? time(i[k]) : opt(i[k]);
    out.hangupCause = out.stateCode === null ? null : cv.hangupCause(out.stateCode);
    return out;
  }
  if (doc.eventType === 'collectInfo') {
    const i = doc.statusInfo;
    return {
      kind: 'collect_info', eventType: 'collectInfo', sessionId: i.sessionId, timestamp: time(i.timestamp),
      userData: opt(i.userData), digitInfo: opt(i.digitInfo),
    };
  }
  if (doc.eventType === 'fee') {
    return {
      kind: 'fee',
      records: doc.feeLst.map((r) => {
        const out = {};
        for (const [wire, kind, name = wire] of FEE_KEYS) out[name] = kind === 't' ? time(r[wire]) : opt(r[wire]);
        out.dedupeKey = `fee:${r.sessionId}`;
        return out;
      }),
    };
  }
  return { kind: 'unknown', eventType: doc.eventType, rawJson: body };
}

test('parsePush gives the documented objects: strings, bytes, escapes, non-ASCII, 50 records', async () => {
  // The table the core's values cross in (bindings-wasm/src/table.rs) refers to text by position in
  // the body (ASCII bodies) or in a decoded "extra" text (escapes, non-ASCII bodies, dedupe keys).
  // Every valid push vector and texts that exercise both, as a string and as bytes, against the
  // JSON.parse reading above: same values, same key order.
  const cv = await import('callverify');
  const status = (info) => JSON.stringify({ eventType: 'disconnect', statusInfo: { sessionId: 's', timestamp: '2019-01-24 02:49:23', ...info } });
  const record = (fields) => ({ sessionId: 's', callOutStartTime: '2019-01-24 02:48:46', ...fields });
  const fee = (...records) => JSON.stringify({ eventType: 'fee', feeLst: records });
  const bodies = [
    status({ userData: 'a\u0000b', caller: '\u0001' }),
    status({ userData: 'q"uote\\', stateCode: 8102 }),
    status({ userData: '', caller: '', called: '订单 😀', stateDesc: '\n', stateCode: 9007199254740993 }),
    status({ stateCode: -9223372036854775808, userData: null }),
    status({ caller: 'é' }).replace('"s"', '"s\\u00e9"'),
    fee(record({ userData: 'x\u0000' })),
    fee(record({ failTime: '', callEndTime: null, hostName: '', dynIVRPath: '\u0001', recordFlag: 1 })).replace('"recordFlag":1', '"recordFlag":9223372036854775807'),
    fee(record({ failTime: '', callEndTime: null, hostName: '', recordFlag: 1 })).replace('"recordFlag":1', '"recordFlag":-9223372036854775807'),
    fee(...Array.from({ length: 50 }, (_, i) => record({ sessionId: `s${i} é`, direction: i, ttsPlayTimes: null }))),
    fee(...Array.from({ length: 50 }, (_, i) => record({ sessionId: `s${i}`, direction: i, hostName: 'h'.repeat(i) }))),
    '{"eventType":"collectInfo","statusInfo":{"sessionId":"s","timestamp":"2018-05-22 06:44:03","digitInfo":"1\\u0023","userData":"订单"}}',
    '{"eventType":"collectInfo","statusInfo":{"sessionId":"s","timestamp":"2018-05-22 06:44:03","digitInfo":"12#"}}',
    '{"eventType":"someday_new","x":"\\u0000"}',
    '{"eventType":"some\\u0064ay","x":1}',
    '{"eventType":"订单"}',
  ];
  const dir = process.env.CALLVERIFY_VECTORS;
  if (dir) for (const c of JSON.parse(readFileSync(join(dir, 'pushes.json'), 'utf8'))) if (typeof c.body === 'string') bodies.push(c.body);
  let checked = 0;
  for (const body of bodies) {
    let got;
    try {
      got = cv.parsePush(body);
    } catch (e) {
      assert.ok(cv.isParseError(e), body);
      continue;
    }
    const want = oracle(cv, body);
    for (const [what, value] of [['string', got], ['bytes', cv.parsePush(new TextEncoder().encode(body))]]) {
      assert.deepStrictEqual(value, want, `${what}: ${body}`);
      assert.equal(JSON.stringify(value), JSON.stringify(want), `${what}: ${body}`);
    }
    checked += 1;
  }
  assert.ok(checked > 80, `only ${checked} valid bodies`);
});

test('parsePush keeps working when the module memory grows (views are made again)', async () => {
  // A 900 KB body grows the input buffer (and with it the module's memory), which detaches every
  // view of the old memory; the next results must still be read right, as string and as bytes.
  const cv = await import('callverify');
  const small = JSON.stringify({ eventType: 'answer', statusInfo: { sessionId: 's-1', timestamp: '2019-01-24 02:49:12', caller: '+86' } });
  const before = cv.wasmMemoryBytes();
  const big = small.slice(0, -1) + `,"pad":"${'x'.repeat(900_000)}"}`;
  for (const body of [big, new TextEncoder().encode(big)]) {
    assert.equal(cv.parsePush(body).sessionId, 's-1');
    assert.equal(cv.parsePush(small).caller, '+86');
    assert.equal(cv.parsePush(new TextEncoder().encode(small)).sessionId, 's-1');
  }
  assert.ok(cv.wasmMemoryBytes() > before, 'the memory did not grow');
  const batch = JSON.stringify({ eventType: 'fee', feeLst: Array.from({ length: 50 }, (_, i) => ({ sessionId: `s${i}`, hostName: 'h'.repeat(5000) })) });
  const fee = cv.parsePush(batch);
  assert.equal(fee.records.length, 50);
  assert.equal(fee.records[49].dedupeKey, 'fee:s49');
  assert.equal(fee.records[49].hostName.length, 5000);
});

test('verifyPush gives the documented objects', async () => {
  // Every push-verification vector that verifies (or is an allowed unsigned push): the object's
  // values and key order.
  const cv = await import('callverify');
  const dir = process.env.CALLVERIFY_VECTORS;
  if (!dir) return;
  const seen = new Set();
  for (const c of JSON.parse(readFileSync(join(dir, 'push_auth.json'), 'utf8'))) {
    if ('error' in c.expect) continue;
    const o = c.options ?? {};
    const options = { now: c.now, windowSeconds: o.window_seconds ?? undefined, allowUnsigned: o.allow_unsigned ?? undefined,
      digestForm: o.digest_form ?? undefined, createdOffsetSeconds: o.created_offset_seconds ?? undefined };
    const got = cv.verifyPush(c.headers, c.url, { appKey: c.app_key, appSecret: c.app_secret }, options);
    // Both clocks (no pinned offset): remembered 8 hours longer.
    const spread = (o.created_offset_seconds ?? null) === null ? 28800 : 0;
    const want = c.expect.verified
      ? { status: 'verified', digestForm: c.expect.digest_form, createdOffsetSeconds: c.expect.created_offset_seconds,
          replayKey: c.expect.replay_key, rememberForSeconds: 2 * (o.window_seconds ?? 300) + spread, verified: true }
      : { status: 'unsigned', verified: false };
    assert.deepStrictEqual(got, want, c.name);
    assert.equal(JSON.stringify(got), JSON.stringify(want), c.name);
    seen.add(got.status);
  }
  assert.deepEqual([...seen].sort(), ['unsigned', 'verified']);
});
