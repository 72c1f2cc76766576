// Runs tests/vectors/sandbox.json against a live `callverify sandbox` (started with IP blocking
// off), as docs/sandbox.md describes: each case is one raw HTTP request relative to now. Correctly
// signed requests are signed by this package's Client; tampered X-AKSK headers are assembled here
// with the package's HMAC. Every answer is also read back with parseCallVerifyResponse.
//
//   node sandbox-vectors.mjs <base url> <sandbox.json>
//
// Last line: "sandbox vectors: N passed, M failed".
import http from 'node:http';
import { randomBytes } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { Client, hmacSha256Base64, isApiError, parseCallVerifyResponse } from 'callverify';

const [baseUrl, file] = process.argv.slice(2);
const cases = JSON.parse(readFileSync(file, 'utf8'));
const PATH = '/rest/httpsessions/callVerify/v1.0';
const AUTHORIZATION = 'AKSK realm="SDP",profile="UsernameToken",type="Appkey"';

const stamp = (unix) => new Date(unix * 1000).toISOString().replace(/\.\d{3}Z$/, 'Z');

function renderXAksk(c, spec) {
  const now = Math.floor(Date.now() / 1000);
  const nonce = spec.nonce ?? randomBytes(16).toString('hex');
  let created;
  if (typeof spec.created === 'string') {
    const withoutZ = stamp(now).replace(/Z$/, '');
    created = spec.created.replaceAll('{now_stamp_without_z}', withoutZ).replaceAll('{now_stamp_with_millis}', `${withoutZ}.123Z`);
  } else {
    created = stamp(now + (spec.created_offset_seconds ?? 0));
  }
  const digestCreated = spec.digest_created_offset_seconds === undefined ? created : stamp(now + spec.digest_created_offset_seconds);
  let digest = hmacSha256Base64(spec.sign_secret ?? c.app_secret, nonce + digestCreated);
  switch (spec.digest_encoding ?? 'base64') {
    case 'base64':
      break;
    case 'hex':
      digest = Buffer.from(digest, 'base64').toString('hex');
      break;
    case 'base64_unpadded':
      digest = digest.replace(/=+$/, '');
      break;
    default:
      throw new Error(`unknown digest_encoding ${spec.digest_encoding}`);
  }
  const attributes = spec.attributes ?? [['Username', '{app_key}'], ['PasswordDigest', '{digest}'], ['Nonce', '{nonce}'], ['Created', '{created}']];
  const quote = spec.quote ?? true;
  const rendered = attributes.map(([name, value]) => {
    const v = value.replaceAll('{app_key}', c.app_key).replaceAll('{digest}', digest).replaceAll('{nonce}', nonce).replaceAll('{created}', created);
    return quote ? `${name}="${v}"` : `${name}=${v}`;
  });
  const joined = rendered.join(spec.separator ?? ',');
  const scheme = spec.scheme ?? 'UsernameToken';
  return scheme === '' ? joined : `${scheme} ${joined}`;
}

function header(c, key, fallback) {
  if (!(key in c)) return fallback;
  return c[key]; // null: left out
}

function send(url, method, headers, body) {
  return new Promise((resolve, reject) => {
    const req = http.request(url, { method, headers }, (res) => {
      const chunks = [];
      res.on('data', (d) => chunks.push(d));
      res.on('end', () => resolve({ status: res.statusCode, headers: res.headers, body: Buffer.concat(chunks) }));
    });
    req.on('error', reject);
    req.end(body);
  });
}

let passed = 0;
let failed = 0;
for (const c of cases) {
  try {
    const client = new Client({ baseUrl, appKey: c.app_key, appSecret: c.app_secret });
    let xAksk;
    if (!('x_aksk' in c)) xAksk = client.sign().xAksk; // signed correctly now, by the SDK
    else if (c.x_aksk !== null) xAksk = renderXAksk(c, c.x_aksk);
    client.free();
    const headers = {};
    const type = header(c, 'content_type', 'application/json;charset=UTF-8');
    if (type !== null) headers['Content-Type'] = type;
    const auth = header(c, 'authorization', AUTHORIZATION);
    if (auth !== null) headers.Authorization = auth;
    if (xAksk !== undefined) headers['X-AKSK'] = xAksk;
    const body = typeof c.raw_body === 'string' ? c.raw_body : JSON.stringify(c.body);
    const url = baseUrl + (c.path ?? PATH);
    let res;
    for (let i = 0; i < (c.send_twice ? 2 : 1); i++) res = await send(url, c.method ?? 'POST', headers, body);
    const problems = [];
    if (res.status !== c.expect.status) problems.push(`status ${res.status}, want ${c.expect.status}`);
    if (res.headers['content-type'] !== 'application/json;charset=UTF-8') problems.push(`content-type ${res.headers['content-type']}`);
    const wire = JSON.parse(res.body.toString('utf8'));
    if (wire.resultcode !== c.expect.resultcode) problems.push(`resultcode ${wire.resultcode}, want ${c.expect.resultcode}`);
    if (c.expect.reason_contains !== undefined && !(res.headers['x-sandbox-reason'] ?? '').includes(c.expect.reason_contains)) {
      problems.push(`X-Sandbox-Reason lacks ${JSON.stringify(c.expect.reason_contains)}`);
    }
    // The SDK's reading of the same answer.
    try {
      const ok = parseCallVerifyResponse(res.status, new Uint8Array(res.body));
      if (c.expect.resultcode !== '0') problems.push(`SDK parsed a success (${ok.sessionId})`);
    } catch (e) {
      if (!isApiError(e)) problems.push(`SDK: ${e.name} ${e.code}: ${e.message}`);
      else if (e.resultCode !== c.expect.resultcode || e.httpStatus !== res.status) problems.push(`SDK: ApiError ${e.httpStatus} ${e.resultCode}`);
    }
    if (problems.length > 0) throw new Error(`${problems.join('; ')}${res.headers['x-sandbox-reason'] ? ` (sandbox: ${res.headers['x-sandbox-reason']})` : ''}`);
    passed++;
  } catch (e) {
    failed++;
    console.log(`FAIL sandbox.json ${c.name}: ${e.message}`);
  }
}
console.log(`sandbox vectors: ${passed} passed, ${failed} failed`);
process.exit(failed === 0 ? 0 : 1);
