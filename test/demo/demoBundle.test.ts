/**
 * The shipped demo bundle (public/demo/demo-bundle.json): a valid, self-consistent assessment that is
 * exactly what src/cli/demoBundle.ts generates, pinned to the shipped rule files, and spread the way
 * the demo promises (most units 80–98, a few weak ones, one city barred from 优秀 by a veto).
 */
import { readFileSync, statSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { DEMO_OPEN_CELLS, demoBundleJson, makeDemoBundle, mulberry32 } from '../../src/cli/demoBundle';
import { parseBundle, serializeBundle } from '../../src/formats/bundle';
import { BUNDLE_VERSION, type Bundle } from '../../src/model/assessment';
import { compileRuleSet } from '../../src/engine/rules/compile';
import { contentHash } from '../../src/sync/contentHash';
import { ruleSetSchema } from '../../src/model/ruleSet';
import { scoreGroup } from '../../src/engine/group/pipeline';

const file = fileURLToPath(new URL('../../public/demo/demo-bundle.json', import.meta.url));
const text = readFileSync(file, 'utf8');
const rulesDir = new URL('../../scoring-rules/', import.meta.url);

function shipped(): Bundle {
  const parsed = parseBundle(text, 'demo-bundle.json');
  if (!parsed.ok) throw new Error(JSON.stringify(parsed.errors.slice(0, 5)));
  return parsed.bundle;
}

describe('demo bundle file', () => {
  it('is in the current file version and passes every check', () => {
    expect(JSON.parse(text).schemaVersion).toBe(BUNDLE_VERSION);
    const parsed = parseBundle(text, 'demo-bundle.json');
    expect(parsed.ok ? [] : parsed.errors).toEqual([]);
  });

  it('is written in parsed form: reading and writing it again gives the same text', () => {
    expect(serializeBundle(shipped())).toBe(text);
  });

  it('is the generator output byte for byte', () => {
    expect(text).toBe(demoBundleJson());
  });

  it('stays under 2.5 MB', () => {
    expect(statSync(file).size).toBeLessThan(2.5 * 1024 * 1024);
  });

  it('says it is demo data', () => {
    expect(shipped().assessment.name).toContain('演示数据');
  });
});

describe('makeDemoBundle', () => {
  it('returns the same bundle on every call', () => {
    expect(JSON.stringify(makeDemoBundle())).toBe(JSON.stringify(makeDemoBundle()));
  });

  it('draws from a seeded generator, not Math.random', () => {
    const a = mulberry32(7);
    const b = mulberry32(7);
    const xs = [a(), a(), a()];
    expect([b(), b(), b()]).toEqual(xs);
    expect(xs.every((x) => x >= 0 && x < 1)).toBe(true);
  });
});

describe('demo assessment content', () => {
  const b = shipped();

  it('has 15 市（州） (14 市州 and 兰州新区) and over 30 省政府部门', () => {
    expect(b.units.filter((u) => u.group === 'city')).toHaveLength(15);
    expect(b.units.filter((u) => u.group === 'department').length).toBeGreaterThanOrEqual(30);
    expect(b.units.some((u) => u.name === '兰州新区')).toBe(true);
  });

  it('pins each group to the shipped rule file by content hash', () => {
    const files: Record<string, string> = {
      city: 'province-city-2022.json',
      department: 'province-department-2022.json',
    };
    for (const g of b.assessment.groups) {
      const rs = b.ruleSets.find((r) => r.id === g.ruleSetId);
      expect(rs, g.key).toBeDefined();
      expect(g.ruleSetHash).toBe(contentHash(rs));
      const fromFile = ruleSetSchema.parse(JSON.parse(readFileSync(new URL(files[g.key] ?? '', rulesDir), 'utf8')));
      expect(g.ruleSetHash, `${g.key} matches ${files[g.key]}`).toBe(contentHash(fromFile));
    }
  });

  it('has every leaf of every unit scored by exactly two assessors, but for the few cells left open', () => {
    let open = 0;
    for (const rs of b.ruleSets) {
      const c = compileRuleSet(rs);
      const units = b.units.filter((u) => u.group === rs.group.key);
      for (const u of units) {
        for (const leaf of c.leaves) {
          const who = b.entries.filter((e) => e.unitId === u.id && e.node === leaf.key).map((e) => e.assessorId);
          if (who.length === 0) open++;
          else expect(new Set(who).size, `${u.id} ${leaf.key}`).toBe(2);
        }
      }
    }
    expect(open).toBe(DEMO_OPEN_CELLS);
  });

  it('shows entry under way: the cities complete, two departments with cells open', () => {
    const results = b.ruleSets.map((rs) => scoreGroup(rs, b.units, b.entries, b.assessors));
    const [city, dept] = results;
    expect(city!.complete).toBe(true);
    expect(dept!.complete).toBe(false);
    const open = dept!.units.filter((u) => !u.complete);
    expect(open).toHaveLength(2);
    expect(open.reduce((n, u) => n + u.missing.length, 0)).toBe(DEMO_OPEN_CELLS);
  });

  it('records findings with a check point, a reason and mostly an evidence URL', () => {
    const findings = b.entries.flatMap((e) => e.findings ?? []);
    expect(findings.length).toBeGreaterThan(100);
    expect(findings.every((f) => f.checkpoint !== undefined && f.reason.length > 0)).toBe(true);
    const withUrl = findings.filter((f) => f.evidence?.startsWith('https://www.example.gov.cn/'));
    expect(withUrl.length / findings.length).toBeGreaterThan(0.5);
  });

  describe('scored', () => {
    const results = b.ruleSets.map((rs) => scoreGroup(rs, b.units, b.entries, b.assessors));

    it('puts most units of each group between 80 and 98, and at least one below 75', () => {
      for (const g of results) {
        const inBand = g.units.filter((u) => u.total >= 80 && u.total <= 98).length;
        expect(inBand / g.units.length, g.group).toBeGreaterThan(0.5);
        expect(g.units.some((u) => u.total < 75), g.group).toBe(true);
      }
    });

    it('has one city scoring 90 or more that a veto keeps out of 优秀', () => {
      const city = results.find((g) => g.group === 'city');
      const barred = city?.units.filter((u) => u.vetoes.some((v) => v.effects.some((e) => e.type === 'barTier'))) ?? [];
      expect(barred).toHaveLength(1);
      expect(barred[0]?.total).toBeGreaterThanOrEqual(90);
      expect(barred[0]?.tierName).toBe('合格');
    });
  });
});
