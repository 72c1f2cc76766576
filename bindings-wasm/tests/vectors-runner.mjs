// Runs the shared test vectors (tests/vectors/*.json, format in tests/vectors/README.md) against the
// npm package's public API. Shared by the Node suite (vectors.test.mjs) and the browser suite
// (browser/page.mjs), so it uses nothing but the language: no node: modules, no DOM.
//
// `RUNNERS[file](testCase, cv)` throws on any mismatch; `cv` is the imported package. A vector file
// without a runner is an error (see vectors.test.mjs), so new files cannot be skipped silently;
// new cases in existing files are picked up automatically.

export class Mismatch extends Error {
  constructor(message) {
    super(message);
    this.name = 'Mismatch';
  }
}

function show(value) {
  try {
    return JSON.stringify(value);
  } catch {
    return String(value);
  }
}

export function deepEqual(actual, expected) {
  if (Object.is(actual, expected)) return true;
  if (typeof actual !== 'object' || typeof expected !== 'object' || actual === null || expected === null) {
    return false;
  }
  if (Array.isArray(actual) !== Array.isArray(expected)) return false;
  const ka = Object.keys(actual);
  const ke = Object.keys(expected);
  if (ka.length !== ke.length) return false;
  return ke.every((k) => Object.prototype.hasOwnProperty.call(actual, k) && deepEqual(actual[k], expected[k]));
}

export function eq(what, actual, expected) {
  if (!deepEqual(actual, expected)) {
    throw new Mismatch(`${what}: got ${show(actual)}, want ${show(expected)}`);
  }
}

function fail(message) {
  throw new Mismatch(message);
}

/** snake_case → camelCase, as the package names the core's fields. */
export function camel(key) {
  return key.replace(/_([a-z0-9])/g, (_m, c) => c.toUpperCase());
}

function camelDeep(value) {
  if (Array.isArray(value)) return value.map(camelDeep);
  if (typeof value === 'object' && value !== null) {
    const out = {};
    for (const [k, v] of Object.entries(value)) out[camel(k)] = camelDeep(v);
    return out;
  }
  return value;
}

function hexToBytes(hex) {
  const out = new Uint8Array(hex.length / 2);
  for (let i = 0; i < out.length; i++) out[i] = parseInt(hex.slice(2 * i, 2 * i + 2), 16);
  return out;
}

function base64ToBytes(b64) {
  const bin = atob(b64);
  const out = new Uint8Array(bin.length);
  for (let i = 0; i < bin.length; i++) out[i] = bin.charCodeAt(i);
  return out;
}

function bytesToHex(bytes) {
  return Array.from(bytes, (b) => b.toString(16).padStart(2, '0')).join('');
}

/** The body of a case as the variants it can be passed in: text (when given as text) and bytes. */
function bodies(c) {
  if (typeof c.body === 'string') return [c.body, new TextEncoder().encode(c.body)];
  if (typeof c.body_base64 === 'string') return [base64ToBytes(c.body_base64)];
  if (c.body_repeat) {
    const r = c.body_repeat;
    const text = r.prefix + r.repeat.repeat(r.count) + r.suffix;
    return [text, new TextEncoder().encode(text)];
  }
  return fail('case has no body, body_base64 or body_repeat');
}

function describeBody(body) {
  return typeof body === 'string' ? 'text body' : 'byte body';
}

/** Runs `f`; returns [result, undefined] or [undefined, error]. */
function attempt(f) {
  try {
    return [f(), undefined];
  } catch (e) {
    return [undefined, e];
  }
}

const BASE_URL = 'https://rtccall.cn-north-1.myhuaweicloud.cn:443';
const VALID_REQUEST = {
  displayNbr: '+8675528000088',
  calleeNbr: '+8618900000007',
  verifyCode: '123456',
  preTone: 'welcome.wav',
};

function expectCoreError(cv, e, code, what) {
  if (e === undefined) fail(`${what}: no error, want ${code}`);
  if (!cv.isCallVerifyError(e)) fail(`${what}: threw ${e && e.name}: ${e && e.message}, want ${code}`);
  eq(`${what} code`, e.code, code);
}

function signingClient(cv, c) {
  return new cv.Client({
    baseUrl: c.base_url ?? BASE_URL,
    appKey: c.app_key,
    appSecret: c.app_secret,
    createdOffsetSeconds: c.created_offset_seconds ?? 0,
  });
}

function checkSigning(c, cv) {
  const client = signingClient(cv, c);
  try {
    const s = client.sign({ now: c.unix_time, nonce: c.nonce });
    eq('created', s.created, c.expect.created);
    eq('passwordDigest', s.passwordDigest, c.expect.password_digest);
    eq('authorization', s.authorization, c.expect.authorization);
    eq('xAksk', s.xAksk, c.expect.x_aksk);
    eq('nonce', s.nonce, c.nonce);
  } finally {
    client.free();
  }
}

function checkBuild(c, cv) {
  const client = signingClient(cv, c);
  try {
    const r = client.callVerify(c.request, { now: c.unix_time, nonce: c.nonce });
    eq('method', r.method, c.expect.method);
    eq('url', r.url, c.expect.url);
    eq('headers', Object.entries(r.headers), c.expect.headers);
    eq('body', r.body, c.expect.body);
  } finally {
    client.free();
  }
}

function checkValidation(c, cv) {
  const client = new cv.Client({ baseUrl: BASE_URL, appKey: 'appkey', appSecret: 'secret' });
  try {
    const [r, e] = attempt(() => client.callVerify(c.request, { now: 1_700_000_000, nonce: 'abc123' }));
    const key = (v) => `${v.field}/${v.code}`;
    const want = c.expect.map(key).sort();
    if (want.length === 0) {
      if (e !== undefined) fail(`want a valid request, got ${e.name}: ${e.message}`);
      eq('validateCallVerify', cv.validateCallVerify(c.request), []);
      if (typeof r.body !== 'string') fail('no body');
      return;
    }
    if (!cv.isValidationError(e)) fail(`want ValidationError, got ${e === undefined ? 'success' : `${e.name}: ${e.message}`}`);
    eq('violations', e.errors.map(key).sort(), want);
    eq('validateCallVerify', cv.validateCallVerify(c.request), e.errors.map((v) => ({ ...v })));
    eq('code', e.code, 'invalid_request');
    eq('field', e.field, e.errors.length === 1 ? e.errors[0].field : null);
    for (const v of e.errors) {
      if (typeof v.message !== 'string' || v.message.length === 0) fail('a violation has no message');
    }
  } finally {
    client.free();
  }
}

function checkConfig(c, cv) {
  const input = c.input;
  const run = () => {
    if ('app_key' in input || 'app_secret' in input) {
      new cv.Client({ baseUrl: BASE_URL, appKey: input.app_key, appSecret: input.app_secret }).free();
    } else if ('base_url' in input) {
      new cv.Client({ baseUrl: input.base_url, appKey: 'appkey', appSecret: 'secret' }).free();
    } else if ('created_offset_seconds' in input) {
      new cv.Client({
        baseUrl: BASE_URL,
        appKey: 'appkey',
        appSecret: 'secret',
        createdOffsetSeconds: input.created_offset_seconds,
      }).free();
    } else if ('nonce' in input) {
      const client = new cv.Client({ baseUrl: BASE_URL, appKey: 'appkey', appSecret: 'secret' });
      try {
        client.sign({ now: 1_700_000_000, nonce: input.nonce });
        client.callVerify(VALID_REQUEST, { now: 1_700_000_000, nonce: input.nonce });
      } finally {
        client.free();
      }
    } else if ('unix_time' in input) {
      const client = new cv.Client({ baseUrl: BASE_URL, appKey: 'appkey', appSecret: 'secret' });
      try {
        client.sign({ now: input.unix_time, nonce: 'abc' });
        client.callVerify(VALID_REQUEST, { now: input.unix_time, nonce: 'abc' });
      } finally {
        client.free();
      }
    } else if ('verify_code_digits' in input) {
      const code = cv.generateVerifyCode(input.verify_code_digits);
      eq('code length', code.length, input.verify_code_digits);
      if (!/^[0-9]+$/.test(code)) fail(`not digits: ${code}`);
    } else if ('window_seconds' in input) {
      // Checked before any header: none given and unsigned allowed, a valid window is "unsigned".
      const v = cv.verifyPush({}, 'https://example.com/status', { appKey: 'k', appSecret: 's' }, {
        now: 1_700_000_000,
        windowSeconds: input.window_seconds,
        allowUnsigned: true,
      });
      eq('verified', v.verified, false);
    } else {
      fail(`no runner for config input ${Object.keys(input).join(', ')}`);
    }
  };
  const [, e] = attempt(run);
  if (c.expect.ok) {
    if (e !== undefined) fail(`want ok, got ${e.name}: ${e.code}: ${e.message}`);
  } else {
    expectCoreError(cv, e, c.expect.error, 'config');
    eq('kind', e.kind, 'config');
    if (!cv.isConfigError(e)) fail('not a ConfigError');
  }
}

function checkResponses(c, cv) {
  for (const body of bodies(c)) {
    const what = describeBody(body);
    const [r, e] = attempt(() => cv.parseCallVerifyResponse(c.status, body));
    const x = c.expect;
    if (x.outcome === 'success') {
      if (e !== undefined) fail(`${what}: want success, got ${e.name}: ${e.message}`);
      eq(`${what} sessionId`, r.sessionId, x.session_id);
      eq(`${what} idlePort`, r.idlePort, x.idle_port);
    } else if (x.outcome === 'api_error') {
      if (!cv.isApiError(e)) fail(`${what}: want ApiError, got ${e === undefined ? 'success' : e.name}`);
      eq(`${what} resultCode`, e.resultCode, x.result_code);
      eq(`${what} resultDesc`, e.resultDesc, x.result_desc);
      eq(`${what} category`, e.entry === null ? null : e.entry.category, x.category);
      eq(`${what} retry`, e.entry === null ? null : e.entry.retry, x.retry);
      eq(`${what} httpStatus`, e.httpStatus, c.status);
      eq(`${what} code`, e.code, 'api_error');
    } else if (x.outcome === 'parse_error') {
      expectCoreError(cv, e, x.code, what);
      if (!cv.isParseError(e)) fail(`${what}: not a ParseError`);
      if ('field' in x) eq(`${what} field`, e.field, x.field);
      eq(`${what} httpStatus`, e.httpStatus, c.status);
    } else {
      fail(`unknown outcome ${x.outcome}`);
    }
  }
}

function checkLookups(c, cv) {
  const [entry, e] = attempt(() => cv.explain(c.code, c.http_status ?? undefined));
  const x = c.expect;
  if ('error' in x) {
    expectCoreError(cv, e, x.error, 'explain');
    return;
  }
  if (e !== undefined) fail(`explain threw ${e.name}: ${e.message}`);
  if (!x.found) {
    eq('entry', entry, null);
    return;
  }
  if (entry === null) fail('no entry');
  eq('httpStatus', entry.httpStatus, x.http_status);
  eq('category', entry.category, x.category);
  eq('retry', entry.retry, x.retry);
  eq('code', entry.code, c.code);
}

/** The vector's options as given (null stays null: the API reads it as absent). */
function pushOptions(o) {
  const out = {};
  for (const [k, v] of Object.entries(o ?? {})) out[camel(k)] = v;
  return out;
}

function checkPushAuthWith(c, cv, verify, what) {
  const [v, e] = attempt(verify);
  const x = c.expect;
  if ('error' in x) {
    expectCoreError(cv, e, x.error, what);
    for (const text of x.message_contains ?? []) {
      if (!e.message.includes(text)) fail(`${what}: message ${JSON.stringify(e.message)} lacks ${JSON.stringify(text)}`);
    }
    for (const text of x.message_excludes ?? []) {
      if (e.message.includes(text)) fail(`${what}: message ${JSON.stringify(e.message)} contains ${JSON.stringify(text)}`);
    }
    return;
  }
  if (e !== undefined) fail(`${what}: threw ${e.name}: ${e.code}: ${e.message}`);
  eq(`${what} verified`, v.verified, x.verified);
  if (x.verified) {
    eq(`${what} digestForm`, v.digestForm, x.digest_form);
    eq(`${what} createdOffsetSeconds`, v.createdOffsetSeconds, x.created_offset_seconds);
    eq(`${what} replayKey`, v.replayKey, x.replay_key);
    eq(`${what} rememberForSeconds`, v.rememberForSeconds, x.remember_for_seconds);
    eq(`${what} status`, v.status, 'verified');
  } else {
    eq(`${what} status`, v.status, 'unsigned');
  }
}

function checkPushAuth(c, cv) {
  const options = { ...pushOptions(c.options), now: c.now };
  const credentials = { appKey: c.app_key, appSecret: c.app_secret };
  // As [name, value] pairs, and as a flat rawHeaders-style list.
  checkPushAuthWith(c, cv, () => cv.verifyPush(c.headers, c.url, credentials, options), 'pairs');
  checkPushAuthWith(c, cv, () => cv.verifyPush(c.headers.flat(), c.url, credentials, options), 'flat');
  // Through a Client holding the same credentials, when they are valid client credentials.
  const [client] = attempt(() => new cv.Client({ baseUrl: BASE_URL, appKey: c.app_key, appSecret: c.app_secret }));
  if (client !== undefined) {
    try {
      checkPushAuthWith(c, cv, () => client.verifyPush(c.headers, c.url, options), 'client');
    } finally {
      client.free();
    }
  }
}

const SPECIAL_PUSH_KEYS = new Set(['hangup_category', 'dedupe_keys']);

function checkPushes(c, cv) {
  for (const body of bodies(c)) {
    const what = describeBody(body);
    const [p, e] = attempt(() => cv.parsePush(body));
    const x = c.expect;
    if ('error' in x) {
      expectCoreError(cv, e, x.error, what);
      if (!cv.isParseError(e)) fail(`${what}: not a ParseError`);
      if ('field' in x) eq(`${what} field`, e.field, x.field);
      continue;
    }
    if (e !== undefined) fail(`${what}: threw ${e.name}: ${e.code} ${e.field}: ${e.message}`);
    const want = {};
    for (const [k, v] of Object.entries(x)) if (!SPECIAL_PUSH_KEYS.has(k)) want[camel(k)] = camelDeep(v);
    const got = { ...p };
    if (x.kind === 'status') {
      eq(`${what} hangup category`, p.hangupCause === null ? null : p.hangupCause.category, x.hangup_category ?? null);
      if (p.hangupCause !== null) eq(`${what} hangup code`, p.hangupCause.code, p.stateCode);
      delete got.hangupCause;
    } else if (x.kind === 'collect_info') {
      eq(`${what} event type`, p.eventType, 'collectInfo');
      delete got.eventType;
    } else if (x.kind === 'fee') {
      if ('dedupe_keys' in x) eq(`${what} dedupe keys`, p.records.map((r) => r.dedupeKey), x.dedupe_keys);
      got.records = p.records.map(({ dedupeKey, ...rest }) => rest);
    }
    eq(`${what} push`, got, want);
  }
}

function checkRfc4231(c, cv) {
  const key = hexToBytes(c.key_hex);
  const data = hexToBytes(c.data_hex);
  const b64 = cv.hmacSha256Base64(key, data);
  eq('base64', b64, c.hmac_sha256_base64);
  eq('hex', bytesToHex(base64ToBytes(b64)), c.hmac_sha256_hex);
}

/** One runner per vector file. */
export const RUNNERS = {
  'rfc4231.json': checkRfc4231,
  'signing.json': checkSigning,
  'build.json': checkBuild,
  'validation.json': checkValidation,
  'config.json': checkConfig,
  'responses.json': checkResponses,
  'result_code_lookups.json': checkLookups,
  'push_auth.json': checkPushAuth,
  'pushes.json': checkPushes,
};

/**
 * Vector files that do not describe the SDK: skipped here, with the reason, and run elsewhere.
 */
export const EXTERNAL = {
  'sandbox.json':
    "the local sandbox's answers to raw HTTP requests; the SDK-buildable cases run against the live sandbox in scripts/e2e-wasm.sh",
  'auth_headers.json': "the core's auth-header parser, which the package does not expose; run by core/tests/vectors.rs",
};

/** Runs every case of `files` (`{name: cases[]}`); returns `{passed, failed, failures}`. */
export function runAll(files, cv) {
  const result = { passed: 0, failed: 0, failures: [] };
  for (const [file, cases] of Object.entries(files)) {
    const runner = RUNNERS[file];
    if (EXTERNAL[file] !== undefined) continue;
    if (runner === undefined) {
      result.failed++;
      result.failures.push(`${file}: no runner for this vector file`);
      continue;
    }
    for (const c of cases) {
      try {
        runner(c, cv);
        result.passed++;
      } catch (e) {
        result.failed++;
        result.failures.push(`${file} ${c.name}: ${e && e.message}`);
      }
    }
  }
  return result;
}
