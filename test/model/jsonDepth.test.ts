import { describe, expect, it } from 'vitest';
import { parseBundle } from '../../src/formats/bundle';
import { locateJsonError, parseJsonText } from '../../src/model/issues';
import { JSON_MAX_DEPTH, tooDeep } from '../../src/model/jsonDepth';
import { parseRuleSetText } from '../../src/engine/validate/ruleValidate';
import { makeRuleSet } from '../fixtures/ruleSets';

/** A rule set whose first indicator holds `levels` groups, each inside the one before. */
function nestedRuleFile(levels: number): string {
  const rs = makeRuleSet() as unknown as { root: { children: unknown[] } };
  let inner: Record<string, unknown> = { key: 'deep.leaf', name: '末级', type: 'points', max: 1 };
  for (let i = levels; i > 0; i--) inner = { key: `deep.g${i}`, name: `第${i}层`, type: 'group', children: [inner] };
  rs.root.children = [inner, ...rs.root.children];
  return JSON.stringify(rs);
}

describe('JSON nesting depth', () => {
  it('is limited to 64 levels, as docs/rules.md says', () => {
    expect(JSON_MAX_DEPTH).toBe(64);
  });

  it('accepts 64 levels and names the path of the 65th', () => {
    let ok: unknown = 0;
    for (let i = 0; i < 63; i++) ok = [ok];
    expect(tooDeep({ a: ok })).toBeUndefined();
    expect(tooDeep({ a: [ok] })).toEqual({ path: `a${'[0]'.repeat(63)}`, message: expect.stringContaining('超过 64 层') });
  });

  it('refuses a rule file of 2,000 nested groups by the path where the limit is passed, without overflowing the stack', () => {
    const r = parseRuleSetText(nestedRuleFile(2000), 'deep.json');
    expect(r.ok).toBe(false);
    const errors = r.ok ? [] : r.errors;
    expect(errors).toHaveLength(1);
    expect(errors[0]!.path.startsWith('root.children[0].children[0].children[0]')).toBe(true);
    expect(errors[0]!.message).toContain('嵌套超过 64 层');
  });

  it('accepts a rule file nested as deeply as real schemes are (five levels)', () => {
    expect(parseRuleSetText(nestedRuleFile(5), 'five.json').ok).toBe(true);
  });

  it('refuses a bundle of 800 nested arrays the same way', () => {
    const text = `{"type":"zwgk-kaohe-bundle","entries":${'['.repeat(800)}${']'.repeat(800)}}`;
    const r = parseBundle(text, 'deep-bundle.json');
    expect(r.ok).toBe(false);
    const errors = r.ok ? [] : r.errors;
    expect(errors).toEqual([{ path: `entries${'[0]'.repeat(63)}`, message: expect.stringContaining('嵌套超过 64 层') }]);
  });

  it('locates a syntax error after 100,000 open brackets without recursion', () => {
    const text = `${'['.repeat(100_000)}x`;
    expect(() => locateJsonError(text)).not.toThrow();
    const r = parseJsonText(text, 'deep.json');
    expect(r.ok).toBe(false);
    expect(r.ok ? '' : r.errors[0]!.message).toContain('嵌套超过 64 层');
    expect(r.ok ? '' : r.errors[0]!.path).toBe('deep.json:1:65');
  });
});
