// Drives headless Chromium (Debian's /usr/bin/chromium via playwright-core from NODE_PATH) to run
// the browser suite against the package's browser build, served from 127.0.0.1.
//
//   node run.mjs <package dir> <tests dir> <vectors dir>
//
// Prints the failures and, last, "browser: N passed, M failed"; exits non-zero on any failure.
import http from 'node:http';
import { createRequire } from 'node:module';
import { mkdtempSync, readFileSync, readdirSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { extname, join, normalize, sep } from 'node:path';

const [pkgDir, testsDir, vectorsDir] = process.argv.slice(2);
if (!pkgDir || !testsDir || !vectorsDir) {
  console.error('usage: node run.mjs <package dir> <tests dir> <vectors dir>');
  process.exit(2);
}
// playwright-core lives in .tools/node (NODE_PATH), which only require() consults.
const { chromium } = createRequire(import.meta.url)('playwright-core');

const TYPES = { '.html': 'text/html', '.js': 'text/javascript', '.mjs': 'text/javascript', '.json': 'application/json', '.wasm': 'application/wasm' };

function serveFile(res, root, rel) {
  const path = normalize(join(root, rel));
  if (!path.startsWith(normalize(root) + sep) || !statSync(path, { throwIfNoEntry: false })?.isFile()) {
    res.writeHead(404).end();
    return;
  }
  res.writeHead(200, { 'content-type': TYPES[extname(path)] ?? 'application/octet-stream', 'cache-control': 'no-store' });
  res.end(readFileSync(path));
}

const server = http.createServer((req, res) => {
  const url = new URL(req.url, 'http://127.0.0.1');
  const p = decodeURIComponent(url.pathname);
  if (p === '/') return serveFile(res, join(testsDir, 'browser'), 'index.html');
  if (p === '/favicon.ico') return res.writeHead(204).end();
  if (p === '/page.mjs') return serveFile(res, join(testsDir, 'browser'), 'page.mjs');
  if (p === '/vectors-runner.mjs') return serveFile(res, testsDir, 'vectors-runner.mjs');
  if (p === '/vectors/') {
    const list = readdirSync(vectorsDir).filter((f) => f.endsWith('.json')).sort();
    res.writeHead(200, { 'content-type': 'application/json' });
    return res.end(JSON.stringify(list));
  }
  if (p.startsWith('/vectors/')) return serveFile(res, vectorsDir, p.slice('/vectors/'.length));
  if (p.startsWith('/pkg/')) return serveFile(res, pkgDir, p.slice('/pkg/'.length));
  res.writeHead(404).end();
});
await new Promise((resolve) => server.listen(0, '127.0.0.1', resolve));
const origin = `http://127.0.0.1:${server.address().port}`;

const userDataDir = mkdtempSync(join(tmpdir(), 'callverify-chromium-'));
let context;
let code = 1;
try {
  context = await chromium.launchPersistentContext(userDataDir, {
    executablePath: process.env.CHROMIUM || '/usr/bin/chromium',
    headless: true,
    args: [
      '--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run',
      '--disable-background-networking', '--disable-component-update', '--disable-sync',
    ],
  });
  const page = await context.newPage();
  const pageErrors = [];
  page.on('pageerror', (e) => pageErrors.push(String(e)));
  page.on('console', (m) => {
    if (m.type() === 'error' || m.type() === 'warning') pageErrors.push(`console ${m.type()}: ${m.text()}`);
  });
  page.on('requestfailed', (r) => pageErrors.push(`request failed: ${r.url()}`));
  page.on('response', (r) => {
    if (r.status() >= 400) pageErrors.push(`HTTP ${r.status()} for ${r.url()}`);
  });
  await page.goto(`${origin}/`);
  await page.waitForFunction(() => window.__callverifyResult !== undefined, null, { timeout: 120_000 });
  const result = await page.evaluate(() => window.__callverifyResult);
  const version = context.browser()?.version() ?? 'chromium';
  for (const f of result.failures) console.log(`FAIL ${f}`);
  for (const e of pageErrors) console.log(`PAGE ERROR ${e}`);
  const failed = result.failed + pageErrors.length;
  console.log(`browser (${version}): vector files ${result.files.join(', ')}`);
  console.log(`browser: ${result.passed} passed, ${failed} failed`);
  code = failed === 0 && result.passed > 0 ? 0 : 1;
} catch (e) {
  console.log(`browser: error ${e && e.stack}`);
  console.log('browser: 0 passed, 1 failed');
} finally {
  await context?.close().catch(() => {});
  server.close();
  rmSync(userDataDir, { recursive: true, force: true });
}
process.exit(code);
