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
