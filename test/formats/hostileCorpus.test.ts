/**
 * Hostile-input corpus: at least 250 seeded files through every import door (bundle merge, past-year
 * bundle, rule file, xlsx template) into a real (fake-indexeddb) database. Each must end accepted and
 * correct, or refused with a located message and the database byte-identical to before. The counts and
 * the slowest file are printed; a generous guard only catches a hang, it does not time anything.
 */
import { describe, expect, it } from 'vitest';
import { importBundle, exportBundle, loadAssessmentData, loadBundleAsNewAssessment, saveEntries, setGroupRuleSet, type KaoheDb } from '../../src/store/repo';
import { KaoheDbError } from '../../src/store/errors';
import { makeBundle as bundleOf, parseBundle, serializeBundle } from '../../src/formats/bundle';
import { decodeFileText } from '../../src/formats/fileText';
import { importTemplate } from '../../src/formats/xlsx/templateImport';
import { templateXlsx } from '../../src/formats/xlsx/templateXlsx';
import { contentHash } from '../../src/sync/contentHash';
import type { ValidationIssue } from '../../src/model/issues';
import { parseRuleSetText } from '../../src/engine/validate/ruleValidate';
import { makeBundle, makeEntry, makeTinyRuleSet } from '../fixtures/bundles';
import { hostileJson, hostileXlsx, seeded, type HostileFile } from '../fixtures/hostileFiles';
import { dump, freshDb } from '../store/testDb';
import { ASSESSORS, UNITS, exportEntries, exportRuleSet } from './exportFixtures';

const SEED = 20241101;
const HANG_GUARD_MS = 120_000;

type Outcome = { kind: 'accepted' } | { kind: 'refused'; issues: ValidationIssue[] };

interface Door {
  name: string;
  db: KaoheDb;
  files: HostileFile[];
  /** reads the file and writes it; returns refusal issues, or checks the accepted result itself */
  run(file: HostileFile): Promise<Outcome>;
}

const located = (issues: readonly ValidationIssue[]) => issues.length > 0 && issues.every((i) => i.path.trim() !== '' && i.message.trim() !== '');

/** A storage refusal (the repository's typed error) names what it refused in its message. */
async function orStorageRefusal(file: HostileFile, write: () => Promise<void>): Promise<Outcome> {
  try {
    await write();
    return { kind: 'accepted' };
  } catch (e) {
    if (e instanceof KaoheDbError) return { kind: 'refused', issues: [{ path: file.name, message: e.message }] };
    throw e;
  }
}

function textOf(file: HostileFile): { ok: true; text: string } | { ok: false; issues: ValidationIssue[] } {
  const decoded = decodeFileText(file.bytes, file.name);
  return decoded.ok ? { ok: true, text: decoded.text } : { ok: false, issues: decoded.errors };
}

const A = 'a-2024';

async function doors(): Promise<Door[]> {
  const rand = seeded(SEED);
  const rs = makeTinyRuleSet();
  const entries = [
    makeEntry({ id: 'e1', unitId: 'u1', node: 'basic', assessorId: 'as1', value: 8 }),
    makeEntry({ id: 'e2', unitId: 'u2', node: 'website', assessorId: 'as2', value: undefined, findings: [{ id: 'f1', count: 2, reason: '栏目未更新' }] }),
  ];

  // 1. merging a bundle into the open assessment
  const mergeDb = freshDb();
  await loadBundleAsNewAssessment(mergeDb, makeBundle({ entries }));
  const mergeBase = JSON.parse(serializeBundle(makeBundle({ entries: [...entries, makeEntry({ id: 'e3', unitId: 'u1', node: 'website', assessorId: 'as1', value: undefined, findings: [] })] })));
  // the unspoilt files pass their doors: every refusal below is the mutation's doing
  expect(parseBundle(JSON.stringify(mergeBase), 'base.json').ok).toBe(true);
  const merge: Door = {
    name: 'bundle merge',
    db: mergeDb,
    files: hostileJson(mergeBase, 'merge', 90, rand),
    async run(file) {
      const read = textOf(file);
      if (!read.ok) return { kind: 'refused', issues: read.issues };
      const parsed = parseBundle(read.text, file.name);
      if (!parsed.ok) return { kind: 'refused', issues: parsed.errors };
      const report = await importBundle(mergeDb, A, parsed.bundle, '协调人');
      if (report.refused) return { kind: 'refused', issues: [{ path: file.name, message: report.refused.message }] };
      // correct: what is stored still makes a valid bundle
      const again = parseBundle(serializeBundle(await exportBundle(mergeDb, A, { kind: 'full' })), 'again.json');
      expect(again.ok, `${file.name}: stored data no longer exports as a valid bundle`).toBe(true);
      return { kind: 'accepted' };
    },
  };

  // 2. opening another year's bundle as an assessment of its own
  const pastDb = freshDb();
  await loadBundleAsNewAssessment(pastDb, makeBundle({ entries }));
  const pastBase = JSON.parse(serializeBundle(makeBundle({ assessment: { id: 'a-2023', name: '2023年度政务公开考核', year: 2023, status: 'locked' }, entries })));
  expect(parseBundle(JSON.stringify(pastBase), 'base.json').ok).toBe(true);
  const past: Door = {
    name: 'past-year bundle',
    db: pastDb,
    files: hostileJson(pastBase, 'past', 50, rand),
    async run(file) {
      const read = textOf(file);
      if (!read.ok) return { kind: 'refused', issues: read.issues };
      const parsed = parseBundle(read.text, file.name);
      if (!parsed.ok) return { kind: 'refused', issues: parsed.errors };
      return orStorageRefusal(file, async () => {
        const id = await loadBundleAsNewAssessment(pastDb, parsed.bundle, { who: '协调人', asCopy: true });
        const stored = await loadAssessmentData(pastDb, id);
        expect(stored.entries.map((e) => e.id).sort()).toEqual(parsed.bundle.entries.map((e) => e.id).sort());
      });
    },
  };

  // 3. a rule file for the city group
  const rulesDb = freshDb();
  await loadBundleAsNewAssessment(rulesDb, makeBundle({ entries }));
  expect(parseRuleSetText(JSON.stringify(rs), 'base.json').ok).toBe(true);
  const rules: Door = {
    name: 'rule file',
    db: rulesDb,
    files: hostileJson(JSON.parse(JSON.stringify(rs)), 'rules', 60, rand),
    async run(file) {
      const read = textOf(file);
      if (!read.ok) return { kind: 'refused', issues: read.issues };
      const parsed = parseRuleSetText(read.text, file.name);
      if (!parsed.ok) return { kind: 'refused', issues: parsed.errors };
      return orStorageRefusal(file, async () => {
        const hash = await setGroupRuleSet(rulesDb, A, 'city', parsed.ruleSet, '协调人');
        expect(hash).toBe(contentHash(parsed.ruleSet));
      });
    },
  };

  // 4. an offline entry template
  const templateDb = freshDb();
  const ruleSet = exportRuleSet();
  const templateBundle = bundleOf({
    assessment: { id: 'y-2024', name: '2024年度', year: 2024, status: 'open' },
    ruleSets: [ruleSet],
    units: UNITS,
    assessors: ASSESSORS,
    entries: exportEntries(),
    exportedAt: '2024-11-01T08:00:00.000Z',
  });
  await loadBundleAsNewAssessment(templateDb, templateBundle);
  const template = await templateXlsx({ ruleSet, units: UNITS, assessor: ASSESSORS[0]!, entries: exportEntries() });
  const xlsx: Door = {
    name: 'xlsx template',
    db: templateDb,
    files: await hostileXlsx(template, 'template', 52, rand),
    async run(file) {
      const stored = await loadAssessmentData(templateDb, 'y-2024');
      const result = await importTemplate(file.bytes, { ruleSet, units: UNITS, assessorId: 'a1', entries: stored.entries });
      if (!result.ok) return { kind: 'refused', issues: result.errors };
      return orStorageRefusal(file, async () => {
        const saved = await saveEntries(templateDb, 'y-2024', result.entries, '张三', '导入模板');
        expect(saved.map((e) => e.id).sort()).toEqual(result.entries.map((e) => e.id).sort());
      });
    },
  };
  return [merge, past, rules, xlsx];
}

function guarded<T>(work: Promise<T>, name: string): Promise<T> {
  let timer: ReturnType<typeof setTimeout> | undefined;
  const guard = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`${name}: no answer within ${HANG_GUARD_MS / 1000} s (hang)`)), HANG_GUARD_MS);
  });
  return Promise.race([work, guard]).finally(() => clearTimeout(timer));
}

describe('hostile-input corpus', () => {
  it('ends every file accepted and correct, or refused with a located message and the database unchanged', { timeout: 1_800_000 }, async () => {
    const all = await doors();
    const totals = { tried: 0, accepted: 0, refusedLocated: 0, dataChanged: 0 };
    let slowest = { ms: 0, name: '' };
    const lines: string[] = [];
    for (const door of all) {
      const counts = { tried: 0, accepted: 0, refusedLocated: 0, dataChanged: 0 };
      for (const file of door.files) {
        const before = await dump(door.db);
        const started = performance.now();
        const outcome = await guarded(door.run(file), file.name);
        const ms = performance.now() - started;
        if (ms > slowest.ms) slowest = { ms, name: file.name };
        counts.tried++;
        expect(Object.prototype).not.toHaveProperty('polluted');
        if (outcome.kind === 'accepted') counts.accepted++;
        else {
          expect(located(outcome.issues), `${file.name}: ${JSON.stringify(outcome.issues).slice(0, 300)}`).toBe(true);
          for (const issue of outcome.issues) expect(issue.path.length + issue.message.length, `${file.name}: ${issue.path.slice(0, 80)} ${issue.message.slice(0, 200)}`).toBeLessThan(2_000);
          counts.refusedLocated++;
          const after = await dump(door.db);
          if (JSON.stringify(after) !== JSON.stringify(before)) counts.dataChanged++;
        }
      }
      lines.push(`CORPUS ${door.name}: tried ${counts.tried} / accepted ${counts.accepted} / refused with location ${counts.refusedLocated} / data changed ${counts.dataChanged}`);
      for (const k of Object.keys(totals) as (keyof typeof totals)[]) totals[k] += counts[k];
    }
    lines.push(
      `CORPUS total: tried ${totals.tried} / accepted ${totals.accepted} / refused with location ${totals.refusedLocated} / data changed ${totals.dataChanged}; slowest ${Math.round(slowest.ms)} ms (${slowest.name}), hang guard ${HANG_GUARD_MS / 1000} s per file`,
    );
    console.log(lines.join('\n'));
    expect(totals.tried).toBeGreaterThanOrEqual(250);
    expect(totals.accepted + totals.refusedLocated).toBe(totals.tried);
    expect(totals.dataChanged).toBe(0);
  });
});
