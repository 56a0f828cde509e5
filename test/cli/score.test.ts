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

describe('npm run score: a bundle the engine cannot compute', () => {
  /** The demo with one finding of 0.3 points counted 2^53 − 1 times: valid, but beyond exact arithmetic. */
  function hugeCount(): string {
    // the demo is written in bundle version 2: entries packed per unit × assessor
    const b = JSON.parse(DEMO) as { entryPacks: { entries: { findings?: { count?: number; points?: number }[] }[] }[] };
    const e = b.entryPacks.flatMap((p) => p.entries).find((x) => x.findings && x.findings.length > 0)!;
    e.findings![0]!.count = Number.MAX_SAFE_INTEGER;
    e.findings![0]!.points = 0.3;
    return JSON.stringify(b);
  }

  it('ends with exit code 2 and a message naming the number that is too large, without a stack trace', () => {
    const out = score(utf8(hugeCount()));
    expect(out.code).toBe(2);
    expect(out.stdout).toBe('');
    expect(out.stderr).toContain('2^53');
    expect(out.stderr).toMatch(/entryPacks\[\d+\]\.entries\[\d+\]\.findings\[0\]\.count/);
    expect(out.stderr).not.toContain('weights or steps');
    expect(out.stderr).not.toMatch(/\n\s+at /);
  });

  it('ends any other internal failure with exit code 2 and a message, never a stack trace', () => {
    const out = runScore(['bundle.json'], () => {
      throw new RangeError('Maximum call stack size exceeded');
    });
    expect(out.code).toBe(2);
    expect(out.stderr).not.toMatch(/\n\s+at /);
  });
});
