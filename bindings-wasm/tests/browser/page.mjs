// Runs in headless Chromium: the shared vector suite plus browser-specific checks, against the
// package's browser build (web/, instantiated with top-level await). Results go to
// window.__callverifyResult for the Node driver (run.mjs).
import * as cv from 'callverify';
import { EXTERNAL, runAll } from '/vectors-runner.mjs';

const result = { passed: 0, failed: 0, failures: [], files: [] };

function check(name, f) {
  try {
    f();
    result.passed++;
  } catch (e) {
    result.failed++;
    result.failures.push(`browser ${name}: ${e && e.message}`);
  }
}
function ok(cond, message) {
  if (!cond) throw new Error(message);
}

try {
  const list = await (await fetch('/vectors/')).json();
  const files = {};
  for (const f of list) {
    if (EXTERNAL[f] !== undefined) continue;
    files[f] = await (await fetch(`/vectors/${f}`)).json();
    result.files.push(f);
  }
  const vectors = runAll(files, cv);
  result.passed += vectors.passed;
  result.failed += vectors.failed;
  result.failures.push(...vectors.failures);

  const BASE_URL = 'https://rtccall.cn-north-1.myhuaweicloud.cn:443';
  const REQUEST = { displayNbr: '+8675528000088', calleeNbr: '+8618900000007', verifyCode: '123456', preTone: 'welcome.wav' };

  check('random nonce and Date.now() time', () => {
    const client = new cv.Client({ baseUrl: BASE_URL, appKey: 'k', appSecret: 's' });
    const a = client.callVerify(REQUEST).headers['X-AKSK'];
    const b = client.callVerify(REQUEST).headers['X-AKSK'];
    ok(a !== b, 'two calls signed alike');
    ok(/Nonce="[0-9a-f]{32}"/.test(a), a);
    const created = Date.parse(client.sign().created);
    ok(Math.abs(created - Date.now()) < 5000, 'Created is not now');
    client.free();
  });
  check('generateVerifyCode uses crypto.getRandomValues', () => {
    ok(/^[0-9]{6}$/.test(cv.generateVerifyCode()), 'not 6 digits');
  });
  check('a Request can be built from callVerify output', () => {
    const client = new cv.Client({ baseUrl: BASE_URL, appKey: 'k', appSecret: 's' });
    const r = client.callVerify(REQUEST);
    const req = new Request(r.url, { method: r.method, headers: r.headers, body: r.body });
    ok(req.headers.get('X-AKSK') === r.headers['X-AKSK'], 'header lost');
    client.free();
  });
  check('verifyPush with a Headers instance', () => {
    const url = 'https://callback.example.com/status';
    const created = '2024-03-01T12:00:00Z';
    const digest = cv.hmacSha256Base64('s', `${url}\n9f\n${created}`);
    const headers = new Headers({
      Authorization: 'AKSK realm="SDP",profile="UsernameToken",type="Appkey"',
      'X-AKSK': `UsernameToken Username="k",PasswordDigest="${digest}",Nonce="9f",Created="${created}"`,
    });
    const v = cv.verifyPush(headers, url, { appKey: 'k', appSecret: 's' }, { now: Date.parse(created) / 1000 });
    ok(v.verified && v.digestForm === 'newline', JSON.stringify(v));
  });
  check('errors are typed in the browser too', () => {
    for (const f of [() => cv.parsePush(new Uint8Array([0xff])), () => cv.parseCallVerifyResponse(502, '<html>'), () => cv.explain('1010010')]) {
      try {
        f();
        throw new Error('no error');
      } catch (e) {
        ok(cv.isCallVerifyError(e) && e instanceof Error && typeof e.code === 'string', `${e && e.name}`);
      }
    }
    try {
      cv.parsePush(42);
    } catch (e) {
      ok(e instanceof TypeError && e.code === 'ERR_INVALID_ARG_TYPE', 'not a TypeError');
    }
  });
  check('Uint8Array body from a Response', () => {
    // Synchronous check of ArrayBuffer handling (Response bodies arrive as ArrayBuffer).
    const buf = new TextEncoder().encode('{"resultcode":"0","sessionId":"s"}').buffer;
    ok(cv.parseCallVerifyResponse(200, buf).sessionId === 's', 'ArrayBuffer body');
  });
} catch (e) {
  result.failed++;
  result.failures.push(`page: ${e && e.stack}`);
}

document.getElementById('out').textContent = JSON.stringify(result, null, 2);
window.__callverifyResult = result;
