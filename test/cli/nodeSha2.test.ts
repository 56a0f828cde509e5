/**
 * The command-line tools hash with Node's SHA-256 in place of the script one (scripts/cli.cjs): every
 * digest must be the same, byte for byte, or a bundle the app wrote would be refused by the command line.
 */
import fc from 'fast-check';
import { sha256 as scriptSha256 } from '@noble/hashes/sha2.js';
import { describe, expect, it } from 'vitest';
import { sha256 as nodeSha256 } from '../../src/cli/nodeSha2';
import { canonicalJson } from '../../src/sync/contentHash';
import { readFileSync } from 'node:fs';
import { parseBundle } from '../../src/formats/bundle';

describe('nodeSha2', () => {
  it('gives the known digests of the empty message and of "abc"', () => {
    const hex = (b: Uint8Array) => Buffer.from(b).toString('hex');
    expect(hex(nodeSha256(new Uint8Array()))).toBe('e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855');
    expect(hex(nodeSha256(new TextEncoder().encode('abc')))).toBe('ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad');
  });

  it('gives the script version digest for any bytes, including views into a larger buffer', () => {
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 300 }), fc.nat(16), fc.nat(16), (bytes, before, after) => {
        const big = new Uint8Array(before + bytes.length + after).fill(0xab);
        big.set(bytes, before);
        const view = big.subarray(before, before + bytes.length);
        const digest = nodeSha256(view);
        expect(digest).toBeInstanceOf(Uint8Array);
        expect(digest.length).toBe(32);
        expect(Array.from(digest)).toEqual(Array.from(scriptSha256(bytes)));
      }),
      { numRuns: 300 },
    );
  });

  it('gives the rule set hashes the demo bundle records', () => {
    const parsed = parseBundle(readFileSync('public/demo/demo-bundle.json', 'utf8'), 'demo-bundle.json');
    if (!parsed.ok) throw new Error('the demo bundle does not read');
    const { ruleSets, assessment } = parsed.bundle;
    expect(assessment.groups.length).toBeGreaterThan(0);
    for (const g of assessment.groups) {
      const rs = ruleSets.find((r) => r.id === g.ruleSetId)!;
      const digest = nodeSha256(new TextEncoder().encode(canonicalJson(rs)));
      expect(`sha256:${Buffer.from(digest).toString('hex')}`).toBe(g.ruleSetHash);
    }
  });
});
