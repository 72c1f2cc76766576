// Secrets never show; hostile input only ever produces typed errors (never a wasm trap).
import { test, describe } from 'node:test';
import assert from 'node:assert/strict';
import { inspect, format } from 'node:util';
import * as cv from 'callverify';

const CANARY = 'CANARY-s3cr3t-7f1e';
const BASE_URL = 'https://rtccall.cn-north-1.myhuaweicloud.cn:443';
const REQUEST = Object.freeze({
  displayNbr: '+8675528000088',
  calleeNbr: '+8618900000007',
  verifyCode: '123456',
  preTone: 'welcome.wav',
});
const PUSH_URL = 'https://callback.example.com:8443/voice/status';
const ARG_CODES = new Set(['ERR_INVALID_ARG_TYPE', 'ERR_INVALID_ARG_VALUE', 'ERR_OUT_OF_RANGE', 'ERR_INVALID_STATE']);

function outcome(f) {
  try {
    return { value: f() };
  } catch (error) {
    return { error };
  }
}

/** Every way a value can be shown. */
function renderings(x) {
  const out = [
    inspect(x, { depth: Infinity, showHidden: true, getters: true }),
    format('%s %o %O', x, x, x),
  ];
  try {
    out.push(JSON.stringify(x) ?? '');
  } catch {}
  try {
    out.push(String(x));
  } catch {}
  if (x instanceof Error) out.push(x.message, x.stack ?? '', JSON.stringify(x));
  if (typeof x === 'object' && x !== null) {
    for (const k of Reflect.ownKeys(x)) {
      try {
        out.push(inspect(x[k], { depth: Infinity, showHidden: true }));
      } catch {}
    }
  }
  return out;
}

// The secret's text, hex and base64 forms (padded and unpadded) must never appear.
const CANARY_FORMS = [
  CANARY,
  Buffer.from(CANARY).toString('hex'),
  Buffer.from(CANARY).toString('base64'),
  Buffer.from(CANARY).toString('base64').replace(/=+$/, ''),
];

function assertNoCanary(x, what) {
  for (const text of renderings(x)) {
    for (const form of CANARY_FORMS) {
      assert.ok(!text.includes(form), `${what}: the secret appears in ${text.slice(0, 200)}`);
    }
  }
}

function pushHeaders(secret, { nonce = 'abc123', created = '2024-03-01T12:00:00Z', appKey = 'appkey', url = PUSH_URL } = {}) {
  const digest = cv.hmacSha256Base64(secret, `${url}\n${nonce}\n${created}`);
  return [
    ['Authorization', 'AKSK realm="SDP",profile="UsernameToken",type="Appkey"'],
    ['X-AKSK', `UsernameToken Username="${appKey}",PasswordDigest="${digest}",Nonce="${nonce}",Created="${created}"`],
  ];
}
const PUSH_NOW = Date.UTC(2024, 2, 1, 12, 0, 30) / 1000;

describe('the app secret never shows', () => {
  test(`canary "${CANARY.slice(0, 6)}…" through every API`, () => {
    const shown = [];
    const keep = (what, f) => {
      const r = outcome(f);
      shown.push([what, r.error ?? r.value]);
      return r.value;
    };
    const client = keep('client', () => new cv.Client({ baseUrl: BASE_URL, appKey: 'appkey', appSecret: CANARY }));
    assert.ok(client instanceof cv.Client);
    keep('callVerify', () => client.callVerify(REQUEST, { now: 1_700_000_000, nonce: 'abc' }));
    keep('callVerify default', () => client.callVerify(REQUEST));
    keep('callVerify invalid', () => client.callVerify({ ...REQUEST, calleeNbr: '+0', userData: '{x}' }));
    keep('callVerify bad nonce', () => client.callVerify(REQUEST, { nonce: 'no!' }));
    keep('callVerify bad time', () => client.callVerify(REQUEST, { now: -5 }));
    keep('callVerify type', () => client.callVerify({ ...REQUEST, times: '3' }));
    keep('sign', () => client.sign({ now: 1_700_000_000, nonce: 'abc' }));
    keep('sign bad', () => client.sign({ now: 1e15 }));
    const good = pushHeaders(CANARY);
    keep('client.verifyPush ok', () => client.verifyPush(good, PUSH_URL, { now: PUSH_NOW }));
    keep('client.verifyPush stale', () => client.verifyPush(good, PUSH_URL, { now: PUSH_NOW + 10_000 }));
    keep('client.verifyPush mismatch', () => client.verifyPush(pushHeaders('other'), PUSH_URL, { now: PUSH_NOW }));
    keep('client.verifyPush pinned form', () => client.verifyPush(good, PUSH_URL, { now: PUSH_NOW, digestForm: 'concatenated' }));
    const creds = { appKey: 'appkey', appSecret: CANARY };
    keep('verifyPush ok', () => cv.verifyPush(good, PUSH_URL, creds, { now: PUSH_NOW }));
    keep('verifyPush mismatch', () => cv.verifyPush(good, `${PUSH_URL}x`, creds, { now: PUSH_NOW }));
    keep('verifyPush unsigned', () => cv.verifyPush([], PUSH_URL, creds));
    keep('verifyPush bad key', () => cv.verifyPush(good, PUSH_URL, { appKey: 'a b', appSecret: CANARY }));
    keep('verifyPush bad window', () => cv.verifyPush(good, PUSH_URL, creds, { windowSeconds: -1 }));
    keep('verifyPush type', () => cv.verifyPush(good, PUSH_URL, { appKey: 5, appSecret: CANARY }));
    keep('client bad url', () => new cv.Client({ baseUrl: 'ftp://x', appKey: 'appkey', appSecret: CANARY }));
    keep('client bad key', () => new cv.Client({ baseUrl: BASE_URL, appKey: '', appSecret: CANARY }));
    keep('client bad offset', () => new cv.Client({ baseUrl: BASE_URL, appKey: 'k', appSecret: CANARY, createdOffsetSeconds: 7 }));
    keep('client type', () => new cv.Client({ baseUrl: 7, appKey: 'k', appSecret: CANARY }));
    keep('client json', () => JSON.parse(JSON.stringify(client)));
    shown.push(['client itself', client]);
    client.free();
    shown.push(['freed client', client]);
    keep('freed call', () => client.callVerify(REQUEST));
    for (const [what, x] of shown) assertNoCanary(x, what);
    assert.ok(shown.length > 25);
  });

  test('the client keeps no JS copy of the secret', () => {
    const client = new cv.Client({ baseUrl: BASE_URL, appKey: 'appkey', appSecret: CANARY });
    const seen = new Set();
    const walk = (x, depth) => {
      if (depth > 5 || x === null || (typeof x !== 'object' && typeof x !== 'function') || seen.has(x)) {
        assert.notEqual(x, CANARY);
        return;
      }
      seen.add(x);
      for (const k of Reflect.ownKeys(x)) {
        const d = Object.getOwnPropertyDescriptor(x, k);
        if (d && 'value' in d) walk(d.value, depth + 1);
      }
    };
    walk(client, 0);
    assert.deepEqual(Object.keys(client).sort(), ['appKey', 'baseUrl', 'createdOffsetSeconds']);
    assert.deepEqual(JSON.parse(JSON.stringify(client)), { baseUrl: BASE_URL, appKey: 'appkey', createdOffsetSeconds: 0 });
    client.free();
  });
});

// ---- hostile input ------------------------------------------------------------------------------

const HOSTILE = [
  undefined, null, true, false, 0, -0, -1, 1.5, NaN, Infinity, -Infinity, 2 ** 53, 2 ** 64, 1e308, -1e308,
  Number.MIN_VALUE, Number.MAX_SAFE_INTEGER + 2, 10n, Symbol('s'), '', ' ', '\u0000', '\ud800', '\udfff\ud800',
  '\uffff', '\u{10ffff}', 'x'.repeat(300), 'x'.repeat((1 << 20) + 1), '密钥', '+8618900000007', 'welcome.wav',
  '{}', '[]', '"', '\\', {}, [], [[]], [['a']], [['a', 1]], [1, 2], ['a'], ['a', 'b', 'c'], () => 'x',
  new Uint8Array([0xff, 0xfe, 0x00]), new Uint8Array(0), new ArrayBuffer(3), new DataView(new ArrayBuffer(2)),
  new Date(0), /re/, new Map([[1, 2]]), new Set(['a']), Object.create(null), new Proxy({}, {}),
  { toString: () => 'x', valueOf: () => 1 }, { length: 5 }, new Headers(), new Error('e'), Promise.resolve(1),
];

function expectTyped(what, f) {
  const r = outcome(f);
  if (!('error' in r)) return 'ok';
  const e = r.error;
  assert.ok(!(e instanceof WebAssembly.RuntimeError), `${what}: wasm trap ${e && e.message}`);
  if (cv.isCallVerifyError(e)) {
    assert.ok(e.code in cv.ERROR_CODES, `${what}: unknown code ${e.code}`);
    assert.equal(typeof e.message, 'string');
    return e.code;
  }
  assert.ok(e instanceof Error, `${what}: threw a non-Error ${typeof e}`);
  assert.ok(ARG_CODES.has(e.code), `${what}: untyped ${e.name}: ${e.message}`);
  assert.ok(e instanceof TypeError || e instanceof RangeError || e.code === 'ERR_INVALID_STATE', `${what}: ${e.name}`);
  return e.code;
}

function label(v) {
  if (typeof v === 'string') return v.length > 20 ? `string(${v.length})` : JSON.stringify(v);
  if (typeof v === 'symbol' || typeof v === 'bigint') return typeof v;
  try {
    return inspect(v, { depth: 0, breakLength: Infinity }).slice(0, 30);
  } catch {
    return typeof v;
  }
}

describe('hostile input only ever gives typed errors', () => {
  const client = new cv.Client({ baseUrl: BASE_URL, appKey: 'appkey', appSecret: 'secret' });
  const creds = { appKey: 'appkey', appSecret: 'secret' };
  const headers = pushHeaders('secret');
  const requestFields = ['displayNbr', 'calleeNbr', 'verifyCode', 'preTone', 'languageType', 'posTone', 'times', 'statusUrl', 'feeUrl', 'returnIdlePort', 'userData'];
  const verifyOptions = ['now', 'windowSeconds', 'allowUnsigned', 'digestForm', 'createdOffsetSeconds'];

  /** [entry point, f(hostile value)] */
  const ENTRY_POINTS = [
    ['new Client(x)', (x) => new cv.Client(x)],
    ...['baseUrl', 'appKey', 'appSecret', 'createdOffsetSeconds'].map((k) => [
      `new Client({${k}: x})`,
      (x) => new cv.Client({ baseUrl: BASE_URL, appKey: 'k', appSecret: 's', [k]: x }),
    ]),
    ['callVerify(x)', (x) => client.callVerify(x)],
    ...requestFields.map((k) => [`callVerify({${k}: x})`, (x) => client.callVerify({ ...REQUEST, [k]: x })]),
    ['callVerify(req, x)', (x) => client.callVerify(REQUEST, x)],
    ['callVerify(req, {now: x})', (x) => client.callVerify(REQUEST, { now: x })],
    ['callVerify(req, {nonce: x})', (x) => client.callVerify(REQUEST, { nonce: x })],
    ['validateCallVerify(x)', (x) => cv.validateCallVerify(x)],
    ...requestFields.map((k) => [`validateCallVerify({${k}: x})`, (x) => cv.validateCallVerify({ ...REQUEST, [k]: x })]),
    ['sign(x)', (x) => client.sign(x)],
    ['sign({now: x})', (x) => client.sign({ now: x })],
    ['sign({nonce: x})', (x) => client.sign({ nonce: x })],
    ['client.verifyPush(x)', (x) => client.verifyPush(x, PUSH_URL)],
    ['client.verifyPush(h, x)', (x) => client.verifyPush(headers, x)],
    ['client.verifyPush(h, url, x)', (x) => client.verifyPush(headers, PUSH_URL, x)],
    ...verifyOptions.map((k) => [`client.verifyPush(h, url, {${k}: x})`, (x) => client.verifyPush(headers, PUSH_URL, { [k]: x })]),
    ['verifyPush(x)', (x) => cv.verifyPush(x, PUSH_URL, creds)],
    ['verifyPush({authorization: x})', (x) => cv.verifyPush({ authorization: x, 'x-aksk': headers[1][1] }, PUSH_URL, creds)],
    ['verifyPush({x-aksk: x})', (x) => cv.verifyPush({ authorization: headers[0][1], 'x-aksk': x }, PUSH_URL, creds)],
    ['verifyPush([[x, v]])', (x) => cv.verifyPush([[x, 'v'], ...headers], PUSH_URL, creds)],
    ['verifyPush([x])', (x) => cv.verifyPush([x], PUSH_URL, creds)],
    ['verifyPush(h, x)', (x) => cv.verifyPush(headers, x, creds)],
    ['verifyPush(h, url, x)', (x) => cv.verifyPush(headers, PUSH_URL, x)],
    ['verifyPush(h, url, {appKey: x})', (x) => cv.verifyPush(headers, PUSH_URL, { appKey: x, appSecret: 's' })],
    ['verifyPush(h, url, {appSecret: x})', (x) => cv.verifyPush(headers, PUSH_URL, { appKey: 'k', appSecret: x })],
    ['verifyPush(h, url, c, x)', (x) => cv.verifyPush(headers, PUSH_URL, creds, x)],
    ...verifyOptions.map((k) => [`verifyPush(h, url, c, {${k}: x})`, (x) => cv.verifyPush(headers, PUSH_URL, creds, { [k]: x })]),
    ['parseCallVerifyResponse(x, body)', (x) => cv.parseCallVerifyResponse(x, '{"resultcode":"0","sessionId":"s"}')],
    ['parseCallVerifyResponse(200, x)', (x) => cv.parseCallVerifyResponse(200, x)],
    ['parsePush(x)', (x) => cv.parsePush(x)],
    ['explain(x)', (x) => cv.explain(x)],
    ['explain(code, x)', (x) => cv.explain('1010010', x)],
    ['generateVerifyCode(x)', (x) => cv.generateVerifyCode(x)],
    ['encodeUserData(x)', (x) => cv.encodeUserData(x)],
    ['hangupCause(x)', (x) => cv.hangupCause(x)],
    ['hmacSha256Base64(x, d)', (x) => cv.hmacSha256Base64(x, 'd')],
    ['hmacSha256Base64(k, x)', (x) => cv.hmacSha256Base64('k', x)],
  ];

  for (const [name, f] of ENTRY_POINTS) {
    test(name, () => {
      const codes = new Set();
      for (const x of HOSTILE) codes.add(expectTyped(`${name} with ${label(x)}`, () => f(x)));
      assert.ok(codes.size > 0);
    });
  }

  test('random and mutated bodies', () => {
    let seed = 0x2545f491;
    const rand = (n) => {
      seed ^= seed << 13;
      seed ^= seed >>> 17;
      seed ^= seed << 5;
      return (seed >>> 0) % n;
    };
    const samples = [
      '{"eventType":"disconnect","statusInfo":{"sessionId":"1202_14260","timestamp":"2019-01-24 02:49:23","stateCode":8102}}',
      '{"eventType":"fee","feeLst":[{"sessionId":"s1","direction":0,"callOutStartTime":"2019-01-24 02:48:46","ttsPlayTimes":2}]}',
      '{"resultcode":"0","resultdesc":"Success","sessionId":"s-1","idlePort":5}',
      '{"resultcode":"1010010","resultdesc":"x"}',
    ];
    const alphabet = ['{', '}', '[', ']', '"', ':', ',', '\\', '0', '-', '1e999', 'null', '\u0000', '\ud800', 'é', ' '];
    let n = 0;
    for (let i = 0; i < 3000; i++) {
      const base = new TextEncoder().encode(samples[rand(samples.length)]);
      const bytes = Array.from(base);
      for (let m = 1 + rand(4); m > 0; m--) {
        const at = rand(bytes.length + 1);
        switch (rand(4)) {
          case 0: bytes.splice(at, 1); break;
          case 1: bytes.splice(at, 0, rand(256)); break;
          case 2: bytes.splice(at, 0, ...new TextEncoder().encode(alphabet[rand(alphabet.length)])); break;
          default: bytes[at] = rand(256);
        }
      }
      const body = new Uint8Array(bytes);
      expectTyped('parsePush(mutated)', () => cv.parsePush(body));
      expectTyped('parseCallVerifyResponse(mutated)', () => cv.parseCallVerifyResponse(200 + rand(400), body));
      const text = new TextDecoder().decode(body);
      expectTyped('parsePush(mutated text)', () => cv.parsePush(text));
      n += 3;
    }
    for (const deep of ['['.repeat(100000), '{"a":'.repeat(50000), `{"eventType":"fee","feeLst":[${'{"sessionId":"s"},'.repeat(60)}{"sessionId":"s"}]}`]) {
      const code = expectTyped('deep', () => cv.parsePush(deep));
      assert.ok(['nesting_too_deep', 'invalid_json', 'fee_record_count'].includes(code), code);
    }
    assert.equal(n, 9000);
  });

  test('random push headers', () => {
    let seed = 7;
    const rand = (n) => {
      seed = (seed * 1103515245 + 12345) & 0x7fffffff;
      return seed % n;
    };
    const pieces = ['AKSK', 'UsernameToken', ' ', 'realm=', '"SDP"', ',', '=', '"', 'Username', 'PasswordDigest', 'Nonce', 'Created', '"appkey"', '2024-03-01T12:00:00Z', 'AAAA', '\n', '\u0000', 'é', '\ud800'];
    for (let i = 0; i < 3000; i++) {
      const gen = () => Array.from({ length: rand(12) }, () => pieces[rand(pieces.length)]).join('');
      expectTyped('verifyPush(random)', () => cv.verifyPush([['Authorization', gen()], ['X-AKSK', gen()]], PUSH_URL, creds, { now: PUSH_NOW }));
    }
  });

  test('the module still works afterwards', () => {
    const r = client.callVerify(REQUEST, { now: 1_527_294_930, nonce: 'ac1c911c4792492687f8f6b2264a491e' });
    assert.equal(JSON.parse(r.body).verifyCode, '123456');
    assert.equal(cv.verifyPush(headers, PUSH_URL, creds, { now: PUSH_NOW }).verified, true);
    client.free();
  });
});
