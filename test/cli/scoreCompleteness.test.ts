/** `npm run score` says how final its numbers are: 初步结果 and 未完成 until every required cell is entered. */
import { describe, expect, it } from 'vitest';
import { runScore } from '../../src/cli/scoreReport';
import { makeBundle, makeEntry } from '../fixtures/bundles';

const run = (b: object, format: string) => runScore(['b.json', '--format', format], () => JSON.stringify(b));
const empty = makeBundle({ entries: [] });
// the tiny rule set: 基础信息公开 (points) and 政府网站监管 (deduction); [] is a confirmed 本项无问题
const done = makeBundle({
  entries: (['u1', 'u2'] as const).flatMap((unitId) => [
    makeEntry({ id: `${unitId}-b`, unitId, value: 8 }),
    makeEntry({ id: `${unitId}-w`, unitId, node: 'website', value: undefined, findings: [] }),
  ]),
});

describe('score: a bundle with units and no entries', () => {
  it('json: "complete": false for every unit and the group, with the missing cells', () => {
    const json = JSON.parse(run(empty, 'json').stdout);
    expect(json.complete).toBe(false);
    expect(json.title).toBe('初步结果，尚有 2 个单位未评完');
    for (const g of json.groups) {
      expect(g.complete).toBe(false);
      for (const u of g.units) {
        expect(u.complete).toBe(false);
        expect(u.missingCount).toBe(2);
        expect(u.missing).toEqual([{ node: 'basic' }, { node: 'website' }]);
      }
    }
    // no tier is stated as a result while units are open
    expect(JSON.stringify(json.circular)).not.toMatch(/全部合格|均为满分/);
  });

  it('text: an 初步结果 title and 未完成 on every unit', () => {
    const out = run(empty, 'text').stdout;
    expect(out.split('\n')[0]).toContain('初步结果');
    expect(out.match(/未完成$/gm)).toHaveLength(2);
    expect(out).not.toMatch(/全部合格|均为满分/);
  });

  it('csv: a title line and a status column', () => {
    const lines = run(empty, 'csv').stdout.replace('\uFEFF', '').split('\r\n');
    expect(lines[0]).toBe('初步结果，尚有 2 个单位未评完');
    expect(lines[1]!.split(',').at(-1)).toBe('状态');
    expect(lines[2]!.split(',').at(-1)).toBe('未完成');
  });
});

describe('score: every cell entered', () => {
  it('says so, and states the tiers as results', () => {
    const json = JSON.parse(run(done, 'json').stdout);
    expect(json.complete).toBe(true);
    expect(json.groups[0].units.every((u: { complete: boolean }) => u.complete)).toBe(true);
    const text = run(done, 'text').stdout;
    expect(text).not.toContain('初步结果');
    expect(text).not.toContain('未完成');
  });
});
