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

test('parsePush reads from the framed record exactly the objects of the JSON form', async () => {
  // parse_push_bytes(body, false) frames status events and fee batches (bindings-wasm/src/frame.rs);
  // with `true` it answers the core's Push as JSON. Same values, same key order, for every push
  // vector and for texts the frame must not break: control characters (which fall back to JSON),
  // non-ASCII and astral characters, empty strings, absent values, integers beyond 2^53, 50 records.
  const cv = await import('callverify');
  const glue = await import(join(pkgDir, 'web', 'callverify_wasm.js'));
  glue.initSync({ module: readFileSync(join(pkgDir, 'web', 'callverify_wasm_bg.wasm')) });
  const status = (info) => JSON.stringify({ eventType: 'disconnect', statusInfo: { sessionId: 's', timestamp: '2019-01-24 02:49:23', ...info } });
  const record = (fields) => ({ sessionId: 's', callOutStartTime: '2019-01-24 02:48:46', ...fields });
  const fee = (...records) => JSON.stringify({ eventType: 'fee', feeLst: records });
  const bodies = [
    status({ userData: 'a\u0000b', caller: '\u0001' }),
    status({ userData: '\u0001', stateCode: 8102 }),
    status({ userData: '', caller: '', called: '订单 😀 \ud800', stateDesc: '\n', stateCode: 9007199254740993 }),
    status({ stateCode: -9223372036854775808, userData: null }),
    fee(record({ userData: 'x\u0000' })),
    fee(record({ failTime: '', callEndTime: null, hostName: '', dynIVRPath: '\u0001', recordFlag: 1 })).replace('"recordFlag":1', '"recordFlag":9223372036854775807'),
    fee(record({ failTime: '', callEndTime: null, hostName: '', recordFlag: 1 })).replace('"recordFlag":1', '"recordFlag":-9223372036854775807'),
    fee(...Array.from({ length: 50 }, (_, i) => record({ sessionId: `s${i} é`, direction: i, ttsPlayTimes: null }))),
    '{"eventType":"someday_new","x":"\\u0000"}',
  ];
  const dir = process.env.CALLVERIFY_VECTORS;
  if (dir) for (const c of JSON.parse(readFileSync(join(dir, 'pushes.json'), 'utf8'))) if (typeof c.body === 'string') bodies.push(c.body);
  let framed = 0;
  for (const body of bodies) {
    const bytes = new TextEncoder().encode(body);
    let json;
    try {
      json = JSON.parse(glue.parse_push_bytes(bytes, true));
    } catch {
      continue; // an invalid push: the error path does not involve frames
    }
    if (json.kind === 'status') json.hangupCause = json.stateCode === null ? null : cv.hangupCause(json.stateCode);
    if (!glue.parse_push_bytes(bytes, false).startsWith('{')) framed += 1;
    const got = cv.parsePush(body);
    assert.deepStrictEqual(got, json, body);
    assert.equal(JSON.stringify(got), JSON.stringify(json), body);
  }
  assert.ok(framed > 4, `only ${framed} bodies were framed`);
});

test('verifyPush reads from the framed record exactly the objects of the JSON form', async () => {
  // verify_push(…, false) frames the verification (bindings-wasm/src/frame.rs); with `true` it
  // answers JSON. Same values, same key order, for every push-verification vector that verifies.
  const cv = await import('callverify');
  const glue = await import(join(pkgDir, 'web', 'callverify_wasm.js'));
  glue.initSync({ module: readFileSync(join(pkgDir, 'web', 'callverify_wasm_bg.wasm')) });
  const dir = process.env.CALLVERIFY_VECTORS;
  if (!dir) return;
  const seen = new Set();
  for (const c of JSON.parse(readFileSync(join(dir, 'push_auth.json'), 'utf8'))) {
    const o = c.options ?? {};
    const parts = c.headers.flat().map((s) => new TextEncoder().encode(s));
    const text = new Uint8Array(parts.reduce((n, p) => n + p.length, 0));
    parts.reduce((at, p) => (text.set(p, at), at + p.length), 0);
    const lengths = new Uint32Array(parts.map((p) => p.length));
    let json;
    try {
      json = JSON.parse(glue.verify_push(text, lengths, c.url, c.app_key, c.app_secret, c.now, o.window_seconds ?? undefined,
        o.allow_unsigned ?? false, o.digest_form ?? undefined, o.created_offset_seconds ?? undefined, true));
    } catch {
      continue; // a rejected push: the error path does not involve frames
    }
    const options = { now: c.now, windowSeconds: o.window_seconds ?? undefined, allowUnsigned: o.allow_unsigned ?? undefined,
      digestForm: o.digest_form ?? undefined, createdOffsetSeconds: o.created_offset_seconds ?? undefined };
    const got = cv.verifyPush(c.headers, c.url, { appKey: c.app_key, appSecret: c.app_secret }, options);
    assert.deepStrictEqual(got, json, c.name);
    assert.equal(JSON.stringify(got), JSON.stringify(json), c.name);
    seen.add(json.status);
  }
  assert.deepEqual([...seen].sort(), ['unsigned', 'verified']);
});
