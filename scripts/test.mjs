#!/usr/bin/env node
/**
 * The whole test suite, as the README's single command: type check, lint, unit/property/storage tests,
 * then the production build, its check against the oldest supported browser, and the end-to-end tests in headless Chromium. Ends with one summary line
 * "tests: N passed, M failed" counting every test case of both vitest runs.
 * `--unit` skips the build and the browser tests (for quick runs while editing).
 */
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync } from 'node:fs';

const unitOnly = process.argv.includes('--unit');
mkdirSync('test-results', { recursive: true });

const failedSteps = [];
function step(label, cmd, args) {
  console.log(`\n▶ ${label}`);
  const r = spawnSync(cmd, args, { stdio: 'inherit', shell: false });
  if (r.status !== 0) failedSteps.push(label);
  return r.status === 0;
}

function counts(file) {
  if (!existsSync(file)) return { passed: 0, failed: 0, missing: true };
  const j = JSON.parse(readFileSync(file, 'utf8'));
  return { passed: j.numPassedTests ?? 0, failed: j.numFailedTests ?? 0, missing: false };
}

const npx = 'npx';
let ok = step('typecheck', npx, ['tsc', '-p', 'tsconfig.json', '--noEmit']);
ok = step('lint', npx, ['eslint', 'src', 'test', 'bench', 'scripts/*.ts']) && ok;
ok = step('unit, property and storage tests', npx, ['vitest', 'run', '--reporter=default', '--reporter=json', '--outputFile.json=test-results/unit.json']) && ok;
const files = ['test-results/unit.json'];
if (!unitOnly) {
  const built = step('production build', npx, ['vite', 'build']);
  ok = built && ok;
  if (built) {
    // the built JavaScript against the declared oldest browser (scripts/browserLine.ts)
    ok = step('browser support line', npx, ['tsx', 'scripts/checkBrowserLine.ts', 'dist']) && ok;
    ok = step('end-to-end tests (headless Chromium)', npx, ['vitest', 'run', '-c', 'vitest.e2e.config.ts', '--reporter=default', '--reporter=json', '--outputFile.json=test-results/e2e.json']) && ok;
    files.push('test-results/e2e.json');
  }
}
let passed = 0;
let failed = 0;
for (const f of files) {
  const c = counts(f);
  passed += c.passed;
  failed += c.failed;
  if (c.missing) failed += 1;
}
if (!ok && failed === 0) failed = 1; // a failed type check, lint or build counts as a failure
// a step that fails outside any test case (type check, lint, build, browser line) is named, so a short log still says why
if (failedSteps.length > 0) console.log(`\nfailed steps: ${failedSteps.join('; ')}`);
console.log(`\ntests: ${passed} passed, ${failed} failed`);
process.exit(ok && failed === 0 ? 0 : 1);
