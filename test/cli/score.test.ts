import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { runScore } from '../../src/cli/scoreReport';
import { encodeGb18030, encodeUtf16, utf8 } from '../fixtures/encodings';

const DEMO = readFileSync('public/demo/demo-bundle.json', 'utf8');

/** Runs `npm run score` on a file holding `bytes`. */
const score = (bytes: Uint8Array, ...args: string[]) => runScore(['bundle.json', ...args], () => bytes);

describe('npm run score: encodings, as the app reads them', () => {
  it('scores the demo bundle saved as UTF-8, UTF-8 with BOM, or UTF-16 with BOM alike', () => {
    const plain = score(utf8(DEMO));
    expect(plain.code).toBe(0);
    expect(score(utf8(DEMO, true)).stdout).toBe(plain.stdout);
    expect(score(encodeUtf16(DEMO, 'le')).stdout).toBe(plain.stdout);
  });

  it('refuses a GB18030 bundle as an encoding problem, not as another version of the rule set', () => {
    const out = score(encodeGb18030(DEMO));
    expect(out.code).toBe(1);
    expect(out.stderr).toContain('GB18030');
    expect(out.stderr).not.toContain('另一版本');
  });
});
