// The JavaScript surface of the installed package: shapes, errors, inputs, secrets, lifetime.
import { test, describe } from 'node:test';
import assert from 'node:assert/strict';
import http from 'node:http';
import { inspect } from 'node:util';
import * as cv from 'callverify';

const BASE_URL = 'https://rtccall.cn-north-1.myhuaweicloud.cn:443';
const REQUEST = Object.freeze({
  displayNbr: '+8675528000088',
  calleeNbr: '+8618900000007',
  verifyCode: '123456',
  preTone: 'welcome.wav',
});
const PUSH_URL = 'https://callback.example.com:8443/voice/status';
const DISCONNECT =
  '{"eventType":"disconnect","statusInfo":{"sessionId":"1202_14260","timestamp":"2019-01-24 02:49:23",' +
  '"caller":"+8613800000022","called":"+8613800000021","stateCode":8102,"stateDesc":"busy"}}';

function client(extra = {}) {
  return new cv.Client({ baseUrl: BASE_URL, appKey: 'appkey', appSecret: 'secret', ...extra });
}

/** Headers as the platform signs a push: the digest covers url, nonce and created. */
function signedPushHeaders({ url = PUSH_URL, appKey = 'appkey', secret = 'secret', nonce = 'abc123', created = '2024-03-01T12:00:00Z', form = 'newline' } = {}) {
  const message = form === 'newline' ? `${url}\n${nonce}\n${created}` : `${url}${nonce}${created}`;
  const digest = cv.hmacSha256Base64(secret, message);
  return {
    authorization: 'AKSK realm="SDP",profile="UsernameToken",type="Appkey"',
    'x-aksk': `UsernameToken Username="${appKey}",PasswordDigest="${digest}",Nonce="${nonce}",Created="${created}"`,
  };
}
const PUSH_NOW = Date.UTC(2024, 2, 1, 12, 0, 30) / 1000;

describe('exports', () => {
  test('the documented API exists', () => {
    for (const name of [
      'Client', 'parseCallVerifyResponse', 'explain', 'parsePush', 'verifyPush', 'generateVerifyCode',
      'encodeUserData', 'validateCallVerify', 'hangupCause', 'errorCodes', 'resultCodes', 'hangupCauses', 'hmacSha256Base64',
      'isCallVerifyError', 'isValidationError', 'isApiError', 'isParseError', 'isPushAuthError',
      'isConfigError', 'CallVerifyError', 'ValidationError', 'ApiError', 'ParseError', 'PushAuthError',
      'ConfigError', 'ERROR_CODES', 'MAX_BODY_BYTES',
    ]) {
      assert.ok(name in cv, `${name} is not exported`);
    }
    assert.equal(cv.MAX_BODY_BYTES, 1 << 20);
  });
});

describe('callVerify', () => {
  test('returns plain data that fetch accepts', async () => {
    const c = client();
    const r = c.callVerify({ ...REQUEST, statusUrl: 'http://127.0.0.1:8080/status', times: 3, returnIdlePort: true }, { now: 1_700_000_000, nonce: 'abc' });
    assert.equal(r.method, 'POST');
    assert.equal(r.url, `${BASE_URL}/rest/httpsessions/callVerify/v1.0`);
    assert.deepEqual(Object.keys(r.headers), ['Content-Type', 'Authorization', 'X-AKSK']);
    assert.equal(Object.getPrototypeOf(r), Object.prototype);
    assert.deepEqual(JSON.parse(r.body), {
      displayNbr: '+8675528000088', calleeNbr: '+8618900000007', languageType: 2, preTone: 'welcome.wav',
      verifyCode: '123456', times: 3, statusUrl: Buffer.from('http://127.0.0.1:8080/status').toString('base64'),
      returnIdlePort: 'true',
    });
    const req = new Request(r.url, { method: r.method, headers: r.headers, body: r.body });
    assert.equal(req.headers.get('x-aksk'), r.headers['X-AKSK']);
    assert.equal(await req.text(), r.body);
    c.free();
  });

  test('a real fetch sends exactly these headers and body', async () => {
    const received = await new Promise((resolve, reject) => {
      const server = http.createServer((req, res) => {
        let body = '';
        req.setEncoding('utf8');
        req.on('data', (d) => (body += d));
        req.on('end', () => {
          res.writeHead(200, { 'content-type': 'application/json' });
          res.end('{"resultcode":"0","resultdesc":"Success","sessionId":"s-1"}');
          server.close();
          resolve({ method: req.method, url: req.url, headers: req.headers, body });
        });
      });
      server.listen(0, '127.0.0.1', async () => {
        try {
          const c = new cv.Client({ baseUrl: `http://127.0.0.1:${server.address().port}`, appKey: 'appkey', appSecret: 'secret' });
          const r = c.callVerify(REQUEST);
          const res = await fetch(r.url, { method: r.method, headers: r.headers, body: r.body });
          const parsed = cv.parseCallVerifyResponse(res.status, new Uint8Array(await res.arrayBuffer()));
          assert.equal(parsed.sessionId, 's-1');
          c.free();
        } catch (e) {
          reject(e);
        }
      });
    });
    assert.equal(received.method, 'POST');
    assert.equal(received.url, '/rest/httpsessions/callVerify/v1.0');
    assert.equal(received.headers['content-type'], 'application/json;charset=UTF-8');
    assert.equal(received.headers.authorization, 'AKSK realm="SDP",profile="UsernameToken",type="Appkey"');
    assert.match(received.headers['x-aksk'], /^UsernameToken Username="appkey",PasswordDigest="[A-Za-z0-9+/]{43}=",Nonce="[0-9a-f]{32}",Created="\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ"$/);
    assert.equal(JSON.parse(received.body).verifyCode, '123456');
  });

  test('defaults: a fresh 32-hex nonce and the current time per call', () => {
    const c = client();
    const nonces = new Set();
    for (let i = 0; i < 50; i++) {
      const x = c.callVerify(REQUEST).headers['X-AKSK'];
      nonces.add(/Nonce="([^"]+)"/.exec(x)[1]);
    }
    assert.equal(nonces.size, 50);
    for (const n of nonces) assert.match(n, /^[0-9a-f]{32}$/);
    const s = c.sign();
    const created = Date.parse(s.created) / 1000;
    assert.ok(Math.abs(created - Date.now() / 1000) < 5, 'Created is now');
    c.free();
  });

  test('createdOffsetSeconds shifts Created (Beijing time)', () => {
    const c = client({ createdOffsetSeconds: 28800 });
    assert.equal(c.createdOffsetSeconds, 28800);
    assert.equal(c.sign({ now: 0, nonce: 'a' }).created, '1970-01-01T08:00:00Z');
    c.free();
  });

  test('sign returns every part of the signature', () => {
    const c = client();
    const s = c.sign({ now: 1_527_294_930, nonce: 'ac1c911c4792492687f8f6b2264a491e' });
    assert.deepEqual(Object.keys(s).sort(), ['authorization', 'created', 'nonce', 'passwordDigest', 'xAksk']);
    assert.equal(s.created, '2018-05-26T00:35:30Z');
    assert.ok(s.xAksk.includes(`PasswordDigest="${s.passwordDigest}"`));
    c.free();
  });

  test('now is Unix seconds: milliseconds are rejected', () => {
    const c = client();
    assert.throws(() => c.callVerify(REQUEST, { now: Date.now() }), (e) => cv.isConfigError(e) && e.code === 'time_out_of_range');
    assert.throws(() => c.callVerify(REQUEST, { now: 1.5 }), (e) => e instanceof RangeError && e.code === 'ERR_OUT_OF_RANGE');
    c.free();
  });

  test('missing required fields are reported by validation, all at once', () => {
    const c = client();
    assert.throws(() => c.callVerify({}), (e) => {
      assert.ok(cv.isValidationError(e));
      assert.deepEqual(e.errors.map((v) => v.field), ['displayNbr', 'calleeNbr', 'preTone', 'verifyCode']);
      assert.ok(e.errors.every((v) => v.code === 'length'));
      return true;
    });
    c.free();
  });

  test('validation runs before the nonce is checked', () => {
    const c = client();
    assert.throws(() => c.callVerify({ ...REQUEST, times: 10 }, { nonce: 'bad nonce' }), cv.ValidationError);
    assert.throws(() => c.callVerify(REQUEST, { nonce: 'bad nonce' }), (e) => e.code === 'nonce_invalid');
    c.free();
  });

  test('validateCallVerify needs no credentials and reports what callVerify would', () => {
    assert.deepEqual(cv.validateCallVerify(REQUEST), []);
    const bad = { ...REQUEST, calleeNbr: '+860755123456', times: 12 };
    const violations = cv.validateCallVerify(bad);
    assert.deepEqual(violations.map((v) => [v.field, v.code]), [['calleeNbr', 'phone_trunk_prefix'], ['times', 'times_range']]);
    const c = client();
    assert.throws(() => c.callVerify(bad), (e) => {
      assert.deepEqual(e.errors, violations);
      return true;
    });
    c.free();
    assert.throws(() => cv.validateCallVerify({ ...REQUEST, times: '3' }), TypeError);
  });

  test('encodeUserData makes any text fit userData', () => {
    const c = client();
    const userData = cv.encodeUserData('订单 4711');
    assert.equal(Buffer.from(userData, 'base64').toString('utf8'), '订单 4711');
    assert.equal(JSON.parse(c.callVerify({ ...REQUEST, userData }).body).userData, userData);
    assert.throws(() => c.callVerify({ ...REQUEST, userData: '订单' }), (e) => e.errors[0].code === 'user_data_non_ascii');
    c.free();
  });
});

describe('errors', () => {
  function catchIt(f) {
    try {
      f();
    } catch (e) {
      return e;
    }
    assert.fail('no error');
  }

  test('ValidationError', () => {
    const c = client();
    const e = catchIt(() => c.callVerify({ ...REQUEST, calleeNbr: '+860755123456' }));
    c.free();
    assert.ok(e instanceof Error && e instanceof cv.CallVerifyError && e instanceof cv.ValidationError);
    assert.equal(e.name, 'ValidationError');
    assert.equal(e.kind, 'validation');
    assert.equal(e.code, 'invalid_request');
    assert.equal(e.field, 'calleeNbr');
    assert.equal(e.httpStatus, null);
    assert.deepEqual(e.errors.map(({ field, code }) => ({ field, code })), [{ field: 'calleeNbr', code: 'phone_trunk_prefix' }]);
    assert.ok(Object.isFrozen(e.errors));
    assert.match(e.stack, /^ValidationError: invalid callVerify request/);
    assert.equal(Object.keys(e).includes('name'), false, 'name is not an own enumerable property');
    const json = JSON.parse(JSON.stringify(e));
    assert.equal(json.name, 'ValidationError');
    assert.equal(json.errors.length, 1);
    assert.match(inspect(e), /code: 'invalid_request'/);
  });

  test('ApiError with table entry and retry advice', () => {
    const e = catchIt(() => cv.parseCallVerifyResponse(403, '{"resultcode":"1010010","resultdesc":"flow control"}'));
    assert.ok(cv.isApiError(e) && e instanceof cv.ApiError);
    assert.equal(e.name, 'ApiError');
    assert.equal(e.httpStatus, 403);
    assert.equal(e.resultCode, '1010010');
    assert.equal(e.resultDesc, 'flow control');
    assert.equal(e.entry.category, 'rate_limit');
    assert.deepEqual(e.retry, { kind: 'after_seconds', seconds: 60 });
    assert.equal(e.retryAfterSeconds, 60);
    assert.equal(JSON.parse(JSON.stringify(e)).retryAfterSeconds, 60);

    const never = catchIt(() => cv.parseCallVerifyResponse(401, '{"resultcode":"1010010","resultdesc":"Invalid digest."}'));
    assert.equal(never.entry.category, 'auth');
    assert.equal(never.retryAfterSeconds, null);

    const immediate = cv.resultCodes().find((r) => r.retry.kind === 'immediately_with_fresh_signature');
    if (immediate) {
      const i = catchIt(() => cv.parseCallVerifyResponse(immediate.httpStatus, JSON.stringify({ resultcode: immediate.code })));
      assert.equal(i.retryAfterSeconds, 0);
    }
    const unknown = catchIt(() => cv.parseCallVerifyResponse(500, '{"resultcode":"9999999"}'));
    assert.equal(unknown.entry, null);
    assert.deepEqual(unknown.retry, { kind: 'never' });
  });

  test('ParseError carries the HTTP status and field', () => {
    const e = catchIt(() => cv.parseCallVerifyResponse(502, '<html><body>502 Bad Gateway</body></html>'));
    assert.ok(cv.isParseError(e));
    assert.equal(e.name, 'ParseError');
    assert.equal(e.code, 'invalid_json');
    assert.equal(e.httpStatus, 502);
    const f = catchIt(() => cv.parsePush('{"eventType":"answer","statusInfo":{"sessionId":5,"timestamp":"2019-01-24 02:49:23"}}'));
    assert.equal(f.code, 'wrong_type');
    assert.equal(f.field, 'statusInfo.sessionId');
    assert.equal(f.httpStatus, null);
  });

  test('ConfigError and PushAuthError', () => {
    const e = catchIt(() => new cv.Client({ baseUrl: 'http://example.com', appKey: 'k', appSecret: 's' }));
    assert.ok(cv.isConfigError(e) && e instanceof cv.ConfigError);
    assert.equal(e.code, 'base_url_insecure');
    assert.equal(e.name, 'ConfigError');
    const p = catchIt(() => cv.verifyPush({}, PUSH_URL, { appKey: 'appkey', appSecret: 'secret' }));
    assert.ok(cv.isPushAuthError(p) && p instanceof cv.PushAuthError);
    assert.equal(p.code, 'unsigned_push');
    assert.equal(p.name, 'PushAuthError');
  });

  test('type guards', () => {
    const guards = ['isCallVerifyError', 'isValidationError', 'isApiError', 'isParseError', 'isPushAuthError', 'isConfigError'];
    for (const value of [undefined, null, 0, 'x', {}, new Error('x'), new TypeError('x'), { kind: 'validation' }]) {
      for (const g of guards) assert.equal(cv[g](value), false, `${g}(${inspect(value)})`);
    }
    const e = catchIt(() => cv.parsePush(''));
    assert.deepEqual(guards.map((g) => cv[g](e)), [true, false, false, true, false, false]);
  });

  test('the declared error codes match the core (no drift)', () => {
    const declared = Object.entries(cv.ERROR_CODES).map(([code, kind]) => ({ code, kind }));
    assert.deepEqual(cv.errorCodes(), declared, 'ERROR_CODES (js/errors.ts) differs from the core\'s ErrorCode::ALL');
    assert.deepEqual(Object.keys(cv.ERROR_CODES), cv.errorCodes().map((c) => c.code));
    const classes = { validation: cv.ValidationError, api: cv.ApiError, parse: cv.ParseError, push_auth: cv.PushAuthError, config: cv.ConfigError };
    assert.deepEqual(new Set(cv.errorCodes().map((c) => c.kind)), new Set(Object.keys(classes)));
  });

  test('argument errors are TypeError / RangeError with Node-style codes and no values', () => {
    const secretish = 'CANARY-s3cr3t-7f1e';
    const e = catchIt(() => cv.verifyPush(secretish, PUSH_URL, { appKey: 'k', appSecret: 's' }));
    assert.ok(e instanceof TypeError);
    assert.equal(e.code, 'ERR_INVALID_ARG_TYPE');
    assert.ok(!e.message.includes(secretish));
    const r = catchIt(() => cv.generateVerifyCode(NaN));
    assert.ok(r instanceof RangeError);
    assert.equal(r.code, 'ERR_OUT_OF_RANGE');
    const v = catchIt(() => cv.verifyPush({}, PUSH_URL, { appKey: 'k', appSecret: 's' }, { digestForm: 'sha1' }));
    assert.equal(v.code, 'ERR_INVALID_ARG_VALUE');
  });
});

describe('inputs', () => {
  test('bodies: string, Uint8Array, Buffer, ArrayBuffer, offset views', () => {
    const bytes = new TextEncoder().encode(DISCONNECT);
    const padded = new Uint8Array(bytes.length + 10);
    padded.set(bytes, 5);
    for (const body of [DISCONNECT, bytes, Buffer.from(DISCONNECT), bytes.buffer.slice(0), padded.subarray(5, 5 + bytes.length), new DataView(padded.buffer, 5, bytes.length)]) {
      const p = cv.parsePush(body);
      assert.equal(p.kind, 'status');
      assert.equal(p.sessionId, '1202_14260');
    }
  });

  test('bodies: invalid UTF-8, BOM, empty', () => {
    assert.throws(() => cv.parsePush(new Uint8Array([0x7b, 0xff, 0x7d])), (e) => e.code === 'invalid_utf8');
    assert.throws(() => cv.parsePush(new Uint8Array([0xef, 0xbb, 0xbf, 0x7b, 0x7d])), (e) => e.code === 'byte_order_mark');
    assert.throws(() => cv.parsePush(''), (e) => e.code === 'empty_body');
    assert.throws(() => cv.parseCallVerifyResponse(200, new Uint8Array(0)), (e) => e.code === 'empty_body' && e.httpStatus === 200);
  });

  test('bodies over 1 MiB are rejected without entering wasm memory', () => {
    const before = cv.wasmMemoryBytes();
    const big = new Uint8Array(8 << 20).fill(0x20);
    assert.throws(() => cv.parsePush(big), (e) => {
      assert.equal(e.code, 'body_too_large');
      assert.equal(e.message, `push body is ${8 << 20} bytes; at most 1048576 bytes (1 MiB) are accepted`);
      return true;
    });
    assert.throws(() => cv.parseCallVerifyResponse(502, 'x'.repeat((1 << 20) + 1)), (e) => {
      assert.equal(e.code, 'body_too_large');
      assert.equal(e.httpStatus, 502);
      assert.equal(e.message, 'HTTP 502: response body is 1048577 bytes; at most 1048576 bytes (1 MiB) are accepted');
      return true;
    });
    // 1 MiB + 1 byte of multi-byte text (under 1 MiB UTF-16 units) goes through the core itself.
    assert.throws(() => cv.parsePush('é'.repeat((1 << 19) + 1)), (e) => e.code === 'body_too_large');
    assert.ok(cv.wasmMemoryBytes() - before < 8 << 20, 'wasm memory did not grow by the big body');
  });

  test('headers: object, array values, pairs, rawHeaders, Headers, Map', () => {
    const h = signedPushHeaders();
    const creds = { appKey: 'appkey', appSecret: 'secret' };
    const opts = { now: PUSH_NOW };
    const variants = [
      h,
      { ...h, 'content-type': 'application/json', 'x-forwarded-for': ['1.2.3.4', '5.6.7.8'], skipped: undefined },
      Object.entries(h),
      Object.entries(h).flat(),
      new Headers(h),
      new Map(Object.entries(h)),
      { Authorization: h.authorization, 'X-AKSK': h['x-aksk'] },
    ];
    for (const headers of variants) {
      const v = cv.verifyPush(headers, PUSH_URL, creds, opts);
      assert.equal(v.verified, true);
      assert.equal(v.status, 'verified');
      assert.equal(v.digestForm, 'newline');
      assert.equal(v.createdOffsetSeconds, 0);
      assert.equal(v.replayKey, 'abc123:2024-03-01T12:00:00Z');
      assert.equal(v.rememberForSeconds, 600 + 28800);
    }
    // A header given twice (an array value, or two case variants) is malformed, not silently merged.
    assert.throws(() => cv.verifyPush({ ...h, 'x-aksk': [h['x-aksk'], h['x-aksk']] }, PUSH_URL, creds, opts), (e) => e.code === 'malformed_auth_header');
    assert.throws(() => cv.verifyPush({ ...h, 'X-AKSK': h['x-aksk'] }, PUSH_URL, creds, opts), (e) => e.code === 'malformed_auth_header');
  });

  test('verifyPush: options, client credentials, unsigned opt-in, window', () => {
    const h = signedPushHeaders({ form: 'concatenated' });
    const creds = { appKey: 'appkey', appSecret: 'secret' };
    assert.equal(cv.verifyPush(h, PUSH_URL, creds, { now: PUSH_NOW }).digestForm, 'concatenated');
    assert.throws(() => cv.verifyPush(h, PUSH_URL, creds, { now: PUSH_NOW, digestForm: 'newline' }), (e) => e.code === 'digest_mismatch');
    assert.throws(() => cv.verifyPush(h, PUSH_URL, creds, { now: PUSH_NOW + 301 }), (e) => e.code === 'stale_push');
    assert.equal(cv.verifyPush(h, PUSH_URL, creds, { now: PUSH_NOW + 301, windowSeconds: 600 }).verified, true);
    assert.throws(() => cv.verifyPush(h, PUSH_URL, creds, { now: PUSH_NOW, windowSeconds: 0 }), (e) => e.code === 'window_invalid');
    assert.throws(() => cv.verifyPush(h, `${PUSH_URL}/`, creds, { now: PUSH_NOW }), (e) => e.code === 'digest_mismatch');
    assert.throws(() => cv.verifyPush(h, PUSH_URL, { appKey: 'other', appSecret: 'secret' }, { now: PUSH_NOW }), (e) => e.code === 'app_key_mismatch');
    assert.deepEqual(cv.verifyPush({}, PUSH_URL, creds, { allowUnsigned: true }), { status: 'unsigned', verified: false });
    const c = client();
    assert.equal(cv.verifyPush(h, PUSH_URL, c, { now: PUSH_NOW }).verified, true);
    assert.equal(c.verifyPush(h, PUSH_URL, { now: PUSH_NOW }).verified, true);
    c.free();
  });

  test('verifyPush: Created in UTC or Beijing time by default; createdOffsetSeconds pins one', () => {
    // The platform stamps its pushes in Beijing time (UTC+8), still with a trailing Z.
    const beijing = signedPushHeaders({ nonce: 'bj', created: '2024-03-01T20:00:00Z' });
    const creds = { appKey: 'appkey', appSecret: 'secret' };
    for (const createdOffsetSeconds of [undefined, null]) {
      assert.deepStrictEqual(cv.verifyPush(beijing, PUSH_URL, creds, { now: PUSH_NOW, createdOffsetSeconds }), {
        status: 'verified',
        digestForm: 'newline',
        createdOffsetSeconds: 28800,
        replayKey: 'bj:2024-03-01T20:00:00Z',
        rememberForSeconds: 600 + 28800,
        verified: true,
      });
    }
    const pinned = cv.verifyPush(beijing, PUSH_URL, creds, { now: PUSH_NOW, createdOffsetSeconds: 28800 });
    assert.equal(pinned.createdOffsetSeconds, 28800);
    assert.equal(pinned.rememberForSeconds, 600);
    // Pinned to UTC, the Beijing stamp is 8 hours in the future; the message names the option.
    assert.throws(() => cv.verifyPush(beijing, PUSH_URL, creds, { now: PUSH_NOW, createdOffsetSeconds: 0 }), (e) => {
      assert.ok(cv.isPushAuthError(e));
      assert.equal(e.code, 'future_push');
      assert.equal(e.field, 'X-AKSK');
      assert.match(e.message, /looks like local time at UTC\+8/);
      assert.match(e.message, /createdOffsetSeconds/);
      assert.match(e.message, /to 28800/);
      return true;
    });
    // A UTC stamp, read by a receiver pinned to Beijing time.
    assert.throws(
      () => cv.verifyPush(signedPushHeaders(), PUSH_URL, creds, { now: PUSH_NOW, createdOffsetSeconds: 28800 }),
      (e) => e.code === 'stale_push' && e.message.includes('stamped in UTC'),
    );
    assert.throws(() => cv.verifyPush(beijing, PUSH_URL, creds, { now: PUSH_NOW, createdOffsetSeconds: 7 }), (e) => e.code === 'created_offset_invalid');
  });

  test('optional fields accept undefined and null as absent', () => {
    const c = client();
    const a = c.callVerify(REQUEST, { now: 1, nonce: 'n' }).body;
    const b = c.callVerify({ ...REQUEST, posTone: undefined, times: null, statusUrl: null, userData: undefined, returnIdlePort: null }, { now: 1, nonce: 'n', }).body;
    assert.equal(a, b);
    c.free();
  });
});

describe('outputs', () => {
  test('parsePush: status event with hangup cause', () => {
    const p = cv.parsePush(DISCONNECT);
    assert.deepEqual(p, {
      kind: 'status', eventType: 'disconnect', sessionId: '1202_14260',
      timestamp: { text: '2019-01-24 02:49:23', unix: 1548298163 }, userData: null,
      caller: '+8613800000022', called: '+8613800000021', stateCode: 8102, stateDesc: 'busy',
      hangupCause: cv.hangupCause(8102),
    });
    assert.equal(p.hangupCause.category, 'busy');
    assert.ok(Object.isFrozen(p.hangupCause));
    assert.equal(cv.parsePush(DISCONNECT).hangupCause, p.hangupCause, 'rows are shared');
    assert.equal(cv.parsePush(DISCONNECT.replace('8102', '424242')).hangupCause, null);
  });

  test('parsePush: fee batch with dedupe keys, all fields camelCase', () => {
    const body = JSON.stringify({
      eventType: 'fee',
      feeLst: [
        { sessionId: 's1', direction: 0, callOutStartTime: '2019-01-24 02:48:46', callEndTime: '', dynIVRStartTime: '2019-01-24 02:48:47', dynIVRPath: 'x', userData: 'u' },
        { sessionId: 's2' },
      ],
    });
    const p = cv.parsePush(body);
    assert.equal(p.kind, 'fee');
    assert.equal(p.records.length, 2);
    assert.deepEqual(p.records.map((r) => r.dedupeKey), ['fee:s1', 'fee:s2']);
    assert.deepEqual(Object.keys(p.records[0]).sort(), [
      'appKey', 'bindNum', 'callEndTime', 'callOutAlertingTime', 'callOutAnswerTime', 'callOutStartTime',
      'callOutUnaswRsn', 'calleeNum', 'callerNum', 'dedupeKey', 'direction', 'dynIvrPath', 'dynIvrStartTime',
      'failTime', 'fwdUnaswRsn', 'hostName', 'icid', 'recordFlag', 'serviceType', 'sessionId', 'sipStatusCode',
      'spId', 'ttsPlayTimes', 'ulFailReason', 'userData',
    ]);
    assert.deepEqual(p.records[0].callOutStartTime, { text: '2019-01-24 02:48:46', unix: 1548298126 });
    assert.equal(p.records[0].callEndTime, null);
    assert.equal(p.records[1].direction, null);
  });

  test('parsePush: collectInfo is a typed digit-collection result', () => {
    const body = '{"eventType":"collectInfo","statusInfo":{"sessionId":"s-9","timestamp":"2018-05-22 06:44:03","digitInfo":"1","userData":"u"}}';
    assert.deepEqual(cv.parsePush(body), {
      kind: 'collect_info', eventType: 'collectInfo', sessionId: 's-9',
      timestamp: { text: '2018-05-22 06:44:03', unix: 1526971443 }, userData: 'u', digitInfo: '1',
    });
    assert.equal(cv.parsePush(body.replace(',"digitInfo":"1"', '')).digitInfo, null);
    assert.throws(() => cv.parsePush(body.replace('"1"', '1')), (e) => cv.isParseError(e) && e.field === 'statusInfo.digitInfo');
  });

  test('parsePush: unknown events keep the raw JSON', () => {
    const body = '{"eventType":"someday_new","data":{"a_b":1}}';
    assert.deepEqual(cv.parsePush(body), { kind: 'unknown', eventType: 'someday_new', rawJson: body });
  });

  test('explain, tables, hangupCause', () => {
    assert.equal(cv.explain('1010010', 403).category, 'rate_limit');
    assert.equal(cv.explain('0000'), null);
    assert.throws(() => cv.explain('1010010'), (e) => cv.isConfigError(e) && e.code === 'ambiguous_result_code');
    const rows = cv.resultCodes();
    assert.ok(rows.length > 30);
    for (const r of rows) {
      assert.deepEqual(Object.keys(r).sort(), ['actionEn', 'actionZh', 'category', 'code', 'descriptionEn', 'descriptionZh', 'httpStatus', 'retry']);
    }
    assert.deepEqual(cv.explain(rows[1].code, rows[1].httpStatus), rows[1]);
    const causes = cv.hangupCauses();
    assert.ok(causes.length > 5);
    assert.deepEqual(cv.hangupCause(causes[0].code), causes[0]);
    assert.equal(cv.hangupCause(424242), null);
  });

  test('generateVerifyCode: digits, default 6, uniform-looking', () => {
    assert.match(cv.generateVerifyCode(), /^[0-9]{6}$/);
    assert.match(cv.generateVerifyCode(8), /^[0-9]{8}$/);
    const counts = new Array(10).fill(0);
    for (let i = 0; i < 2000; i++) for (const d of cv.generateVerifyCode(8)) counts[d]++;
    for (const n of counts) assert.ok(n > 1200 && n < 2000, `digit count ${n} of 16000`);
    assert.throws(() => cv.generateVerifyCode(9), (e) => e.code === 'digits_out_of_range');
  });
});

describe('client lifetime', () => {
  test('free() releases the credentials; later calls throw ERR_INVALID_STATE', () => {
    const c = client();
    assert.equal(c.freed, false);
    c.free();
    c.free();
    assert.equal(c.freed, true);
    for (const f of [() => c.callVerify(REQUEST), () => c.sign(), () => c.verifyPush({}, PUSH_URL)]) {
      assert.throws(f, (e) => e.code === 'ERR_INVALID_STATE' && /freed/.test(e.message));
    }
    assert.match(inspect(c), /freed/);
  });

  test('Symbol.dispose frees the client', () => {
    const c = client();
    assert.equal(typeof c[Symbol.dispose], 'function');
    c[Symbol.dispose]();
    assert.equal(c.freed, true);
  });

  test('no leak of wasm memory over many calls', () => {
    const c = client();
    for (let i = 0; i < 2000; i++) c.callVerify(REQUEST);
    const before = cv.wasmMemoryBytes();
    for (let i = 0; i < 20000; i++) {
      c.callVerify(REQUEST);
      cv.parsePush(DISCONNECT);
      try {
        c.callVerify({});
      } catch {}
    }
    for (let i = 0; i < 2000; i++) new cv.Client({ baseUrl: BASE_URL, appKey: 'k', appSecret: 's' }).free();
    assert.equal(cv.wasmMemoryBytes(), before);
    c.free();
  });
});
