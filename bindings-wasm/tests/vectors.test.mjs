// Every case of every shared vector file (tests/vectors/*.json) against the installed package.
// The folder comes from CALLVERIFY_VECTORS (set by scripts/test-wasm.sh).
import { test, describe } from 'node:test';
import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import * as cv from 'callverify';
import { EXTERNAL, RUNNERS } from './vectors-runner.mjs';

const dir = process.env.CALLVERIFY_VECTORS;
assert.ok(dir, 'set CALLVERIFY_VECTORS to the tests/vectors folder');
const files = readdirSync(dir).filter((f) => f.endsWith('.json')).sort();

// Every file a runner exists for must be there: a missing file would otherwise pass silently.
test('vector files are present', () => {
  for (const required of [...Object.keys(RUNNERS), ...Object.keys(EXTERNAL)]) {
    assert.ok(files.includes(required), `${required} is missing from ${dir}`);
  }
});

for (const file of files) {
  const cases = JSON.parse(readFileSync(join(dir, file), 'utf8'));
  if (EXTERNAL[file] !== undefined) {
    test(`${file}: not an SDK vector file`, { skip: EXTERNAL[file] }, () => {});
    continue;
  }
  describe(file, () => {
    test('has a runner', () => {
      assert.ok(RUNNERS[file], `no runner for ${file}: add one to vectors-runner.mjs`);
    });
    test('is a non-empty array of uniquely named cases', () => {
      assert.ok(Array.isArray(cases) && cases.length > 0);
      assert.equal(new Set(cases.map((c) => c.name)).size, cases.length);
    });
    const runner = RUNNERS[file];
    if (!runner) return;
    for (const c of cases) {
      test(c.name, () => runner(c, cv));
    }
  });
}
