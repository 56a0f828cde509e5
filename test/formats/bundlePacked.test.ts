/**
 * Bundle file version 2 (entries packed per unit × assessor) against version 1 (one list): the same data
 * in either gives the same bundle and the same results; a damaged version 2 file is refused with the
 * place of each problem in that file; upgrading is idempotent. The version 1 file is one written by the
 * version 1 writer and kept as it was (test/fixtures/bundle-v1.json).
 */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { parseBundle, serializeBundle } from '../../src/formats/bundle';
import { upgradeBundleText } from '../../src/cli/bundleUpgrade';
import { scoreBundleText, renderJson } from '../../src/cli/scoreReport';
import type { Bundle } from '../../src/model/assessment';
import type { ValidationIssue } from '../../src/model/issues';

const v1Text = readFileSync(new URL('../fixtures/bundle-v1.json', import.meta.url), 'utf8');

function parsed(text: string, name = 'b.json'): Bundle {
  const r = parseBundle(text, name);
  if (!r.ok) throw new Error(JSON.stringify(r.errors.slice(0, 5)));
  return r.bundle;
}

function errorsOf(text: string): ValidationIssue[] {
  const r = parseBundle(text, 'b.json');
  if (r.ok) throw new Error('expected the bundle to be refused');
  return r.errors;
}

const v2Text = serializeBundle(parsed(v1Text));
/** The version 2 file as parsed JSON, to damage one place of it. */
const v2Json = () => JSON.parse(v2Text) as { entryPacks: { unitId: string; assessorId: string; entries: Record<string, unknown>[] }[] };

describe('bundle file versions', () => {
  it('reads the kept version 1 file, and writes it as version 2 with the entries packed', () => {
    expect(JSON.parse(v1Text).schemaVersion).toBe(1);
    const json = v2Json();
    expect(JSON.parse(v2Text).schemaVersion).toBe(2);
    expect(JSON.parse(v2Text).entries).toBeUndefined();
    // 6 units × 3 assessors, each pack one unit × assessor
    expect(json.entryPacks.map((p) => `${p.unitId}/${p.assessorId}`)).toHaveLength(18);
    expect(new Set(json.entryPacks.map((p) => `${p.unitId}/${p.assessorId}`)).size).toBe(18);
    expect(v2Text.length).toBeLessThan(v1Text.length * 0.7);
  });

  it('gives the same bundle from either version, entries aside from their order', () => {
    const a = parsed(v1Text);
    const b = parsed(v2Text);
    const byId = (x: Bundle) => [...x.entries].sort((p, q) => (p.id < q.id ? -1 : 1));
    expect(byId(b)).toEqual(byId(a));
    expect({ ...b, entries: [], schemaVersion: 0 }).toEqual({ ...a, entries: [], schemaVersion: 0 });
    expect(b.removals).toHaveLength(1);
  });

  it('gives the same results from either version', () => {
    const one = scoreBundleText(v1Text, 'v1.json');
    const two = scoreBundleText(v2Text, 'v2.json');
    if ('errors' in one || 'errors' in two) throw new Error('expected both to score');
    expect(renderJson(two.groups)).toBe(renderJson(one.groups));
    expect(one.groups.map((g) => g.units.length)).toEqual([3, 3]);
  });

  it('keeps an entry id that is not its cell\'s own, revisions other than 1 and findings counted more than once', () => {
    const b = parsed(v1Text);
    const [first, second] = b.entries;
    const changed: Bundle = {
      ...b,
      entries: [
        { ...first!, id: 'kept-id', rev: 7 },
        { ...second!, rev: 0, findings: [{ id: 'f1', count: 3, points: 0.5, reason: '未公开' }] },
        ...b.entries.slice(2),
      ],
    };
    const again = parsed(serializeBundle(changed));
    const find = (id: string) => again.entries.find((e) => e.id === id);
    expect(find('kept-id')).toEqual({ ...first!, id: 'kept-id', rev: 7 });
    expect(find(second!.id)).toEqual({ ...second!, rev: 0, findings: [{ id: 'f1', count: 3, points: 0.5, reason: '未公开' }] });
  });
});

describe('a damaged version 2 file', () => {
  it('is refused when cut short, at the line and column where it ends', () => {
    const cut = v2Text.slice(0, Math.floor(v2Text.length * 0.6));
    const errors = errorsOf(cut);
    expect(errors).toHaveLength(1);
    expect(errors[0]!.path).toMatch(/^b\.json:\d+:\d+$/);
    expect(errors[0]!.message).toContain('JSON 语法错误');
  });

  it('names the entry in its pack for a wrong field, an unknown field and a cell the pack already gives', () => {
    const json = v2Json();
    json.entryPacks[2]!.entries[1]!.value = '35.5';
    json.entryPacks[4]!.entries[0]!.valeu = 1;
    json.entryPacks[5]!.entries[2]!.unitId = 'city-lanzhou';
    expect(errorsOf(JSON.stringify(json))).toEqual([
      { path: 'entryPacks[2].entries[1].value', message: '应为数字，实际为 字符串 "35.5"' },
      { path: 'entryPacks[4].entries[0].valeu', message: '不允许的字段 "valeu"' },
      { path: 'entryPacks[5].entries[2].unitId', message: '记录的单位由所在的包给出（entryPacks[5].unitId），记录内不应再写' },
    ]);
  });

  it('names the pack for a pack without its unit, and for an unknown unit or assessor', () => {
    const json = v2Json();
    delete (json.entryPacks[0] as Partial<(typeof json.entryPacks)[0]>).unitId;
    expect(errorsOf(JSON.stringify(json))).toEqual([{ path: 'entryPacks[0].unitId', message: expect.stringContaining('缺少必填字段') }]);
    const other = v2Json();
    other.entryPacks[1]!.unitId = 'nowhere';
    other.entryPacks[3]!.assessorId = 'a9';
    const errors = errorsOf(JSON.stringify(other));
    expect(new Set(errors.map((e) => e.path))).toEqual(new Set(['entryPacks[1].unitId', 'entryPacks[3].assessorId']));
    expect(errors.find((e) => e.path === 'entryPacks[1].unitId')?.message).toBe('未知的单位 "nowhere"');
  });

  it('names both places of a cell given twice', () => {
    const json = v2Json();
    const pack = json.entryPacks[0]!;
    pack.entries.push({ ...pack.entries[1]!, id: 'another-id' });
    const last = pack.entries.length - 1;
    expect(errorsOf(JSON.stringify(json))).toEqual([
      { path: `entryPacks[0].entries[${last}]`, message: '与 entryPacks[0].entries[1] 重复：同一考核人员对同一单位、指标只能有一条记录' },
    ]);
  });

  it('is refused when it also has a list of entries, or no packs', () => {
    const both = { ...JSON.parse(v2Text), entries: [] };
    expect(errorsOf(JSON.stringify(both))).toContainEqual({ path: 'entries', message: '第 2 版数据包的记录写在 entryPacks 中，不应有 entries' });
    const none = JSON.parse(v2Text);
    delete none.entryPacks;
    expect(errorsOf(JSON.stringify(none))).toEqual([{ path: 'entryPacks', message: '缺少必填字段（应为数组）' }]);
  });
});

describe('npm run bundle -- upgrade', () => {
  it('rewrites a version 1 file in version 2, and a version 2 file as it is', () => {
    const once = upgradeBundleText(v1Text, 'v1.json');
    if (!once.ok) throw new Error(once.errors.join('\n'));
    expect(once.text).toBe(v2Text);
    expect(upgradeBundleText(once.text, 'v2.json')).toEqual({ ok: true, text: once.text });
  });

  it('writes nothing for a file that is not valid, and says where', () => {
    expect(upgradeBundleText(v2Text.slice(0, 1000), 'cut.json')).toEqual({ ok: false, errors: [expect.stringMatching(/^cut\.json: cut\.json:\d+:\d+: JSON 语法错误/)] });
  });
});
