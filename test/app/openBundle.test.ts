/**
 * 打开为新考核 and merging a file with another rule set, against fake-indexeddb: a zip read by the
 * worker's own handler opens with everything it carries beside an assessment already here; the same id
 * asks for a copy or a merge; a merge whose file lowers a maximum goes through the impact decisions in
 * the same transaction as the entries; anything refused leaves the database as it was.
 */
import 'fake-indexeddb/auto';
import { afterEach, describe, expect, it } from 'vitest';
import { handleIngestRequest, type IngestMessage, type IngestResult } from '../../src/app/bundleIngest';
import { applyBundleMerge, planBundleMerge } from '../../src/app/exchange';
import { openBundleAsNew, sameAssessment } from '../../src/app/openBundle';
import { lockAssessment, verifyLock } from '../../src/app/lock';
import { writeBundleZip } from '../../src/formats/bundleZip';
import { serializeBundle } from '../../src/formats/bundle';
import type { Bundle } from '../../src/model/assessment';
import { contentHash } from '../../src/sync/contentHash';
import {
  AssessmentExistsError,
  addAttachment,
  auditLog,
  deleteEntry,
  exportBundleWithFiles,
  getCurrentAssessmentId,
  listAppeals,
  listAssessments,
  listAttachments,
  loadAssessmentData,
  loadBundleAsNewAssessment,
  LockedError,
  recordAppeal,
  saveEntry,
  setStage,
  type KaoheDb,
} from '../../src/store/repo';
import { makeBundle, makeEntry } from '../fixtures/bundles';
import { ENTRIES, UNITS, children, rules } from '../engine/change/changeFixtures';
import { dump, freshDb } from '../store/testDb';

const A = 'a-2024';
const dbs: KaoheDb[] = [];
afterEach(() => dbs.splice(0).forEach((d) => d.close()));

function fresh(): KaoheDb {
  const db = freshDb();
  dbs.push(db);
  return db;
}

const png = (seed: number, size = 96) => Uint8Array.from({ length: size }, (_, i) => (i * 17 + seed) & 0xff);

/** Reads a file as the import does, through the worker's handler (no worker in Node). */
async function ingest(bytes: Uint8Array, name: string, present?: ReadonlySet<string>): Promise<IngestResult> {
  const messages: IngestMessage[] = [];
  await handleIngestRequest({ file: new File([bytes as Uint8Array<ArrayBuffer>], name), fileName: name, ...(present && { present }) }, (m) => messages.push(m));
  const last = messages.at(-1);
  if (last?.kind !== 'result') throw new Error(JSON.stringify(last));
  return last.result;
}

/** A laptop's assessment with a finding and its screenshot, a deletion, an appeal, in 征求意见: exported as a zip. */
async function laptopZip(): Promise<{ zip: Uint8Array; bundle: Bundle; shot: Uint8Array }> {
  const laptop = fresh();
  await loadBundleAsNewAssessment(laptop, makeBundle({ entries: [makeEntry({ id: 'e0', value: 6 })] }));
  await saveEntry(laptop, A, makeEntry({ id: 'e1', node: 'website', value: undefined, findings: [{ id: 'f1', reason: '首页链接失效' }] }), '张三');
  await saveEntry(laptop, A, makeEntry({ id: 'e2', unitId: 'u2', value: 7 }), '张三');
  await deleteEntry(laptop, A, 'e2', '张三');
  const shot = png(3);
  await addAttachment(laptop, A, { ownerId: 'f1', unitId: 'u1', name: '首页截图.png', type: 'image/png', bytes: shot }, '张三');
  await setStage(laptop, A, 'consultation', '办公室');
  await recordAppeal(laptop, A, { unitId: 'u1', targets: [{ entryId: 'e1', node: 'website', findingId: 'f1' }], appellant: '甲市办公室', filedAt: '2024-12-01', reason: '链接当日已修复' }, '办公室');
  const { bundle, files } = await exportBundleWithFiles(laptop, A, { kind: 'full' }, '办公室');
  return { zip: await writeBundleZip(bundle, [...files].map(([hash, bytes]) => ({ hash, bytes }))), bundle, shot };
}

/** A browser that already holds another assessment (as a fresh profile holds the demo). */
async function browserWithDemo(): Promise<KaoheDb> {
  const db = fresh();
  await loadBundleAsNewAssessment(db, makeBundle({ assessment: { id: 'demo', name: '演示考核' } }));
  return db;
}

describe('opening a bundle as a new assessment', () => {
  it('brings in everything a zip carries, beside the assessment already here, and opens it', async () => {
    const { zip, shot } = await laptopZip();
    const db = await browserWithDemo();
    const read = await ingest(zip, '评分文件.zip');
    if (!read.ok) throw new Error(JSON.stringify(read.errors));
    expect(await sameAssessment(db, read.bundle)).toBeUndefined();
    const opened = await openBundleAsNew(db, read, '协调人');
    expect(opened).toMatchObject({ id: A, locked: false, attachments: 1, filesAdded: 1 });
    expect((await listAssessments(db)).map((a) => a.id).sort()).toEqual([A, 'demo']);
    expect(await getCurrentAssessmentId(db)).toBe(A);

    const data = await loadAssessmentData(db, A);
    expect(data.entries.map((e) => e.id)).toEqual(['e0', 'e1']);
    expect(data.units.map((u) => u.name)).toEqual(['甲市', '乙市']);
    expect(data.assessors.map((a) => a.name)).toEqual(['张三', '李四']);
    expect(data.assessment.stage).toBe('consultation');
    expect((await db.removals.where('assessmentId').equals(A).toArray()).map((r) => r.id)).toEqual(['e2']);
    expect((await listAppeals(db, A)).map((a) => a.reason)).toEqual(['链接当日已修复']);
    const [att] = await listAttachments(db, A, ['f1']);
    expect(att).toMatchObject({ name: '首页截图.png', unitId: 'u1' });
    expect(new Uint8Array(await (await db.files.get(att!.hash))!.bytes.arrayBuffer())).toEqual(shot);
    const log = await auditLog(db, A);
    expect(log.map((r) => r.action).sort()).toEqual(['assessment.load', 'attachment.add']);
  });

  it('refuses the plain open when the id is here, and opens a copy under a new id sharing the stored file', async () => {
    const { zip } = await laptopZip();
    const db = fresh();
    const read = await ingest(zip, 'a.zip');
    if (!read.ok) throw new Error('unreadable');
    await openBundleAsNew(db, read, '协调人');
    expect((await sameAssessment(db, read.bundle))?.name).toBe('2024年度政务公开考核');

    const before = await dump(db);
    await expect(openBundleAsNew(db, read, '协调人')).rejects.toBeInstanceOf(AssessmentExistsError);
    expect(await dump(db)).toEqual(before);

    // the file is stored here now: a zip without it still opens, as a copy
    const again = await ingest(zip, 'a.zip', new Set((await db.files.toArray()).map((f) => f.hash)));
    if (!again.ok) throw new Error('unreadable');
    const copy = await openBundleAsNew(db, again, '协调人', true);
    expect(copy.id).not.toBe(A);
    expect(copy.filesAdded).toBe(0);
    const data = await loadAssessmentData(db, copy.id);
    expect(data.assessment.name).toBe('2024年度政务公开考核（副本）');
    expect(data.entries).toHaveLength(2);
    expect(await listAttachments(db, copy.id, ['f1'])).toHaveLength(1);
    expect(await db.files.count()).toBe(1);
    expect(await getCurrentAssessmentId(db)).toBe(copy.id);
  });

  it('refuses a bundle whose attachment has no file, naming it, and stores nothing', async () => {
    const { bundle } = await laptopZip();
    const db = await browserWithDemo();
    const before = await dump(db);
    // a plain JSON bundle listing an attachment whose bytes this browser does not have
    const read = await ingest(new TextEncoder().encode(serializeBundle(bundle)), 'a.json');
    if (!read.ok) throw new Error('unreadable');
    await expect(openBundleAsNew(db, read, '协调人')).rejects.toThrow('缺少附件“首页截图.png”的文件');
    expect(await dump(db)).toEqual(before);
  });

  it('keeps the lock of a locked file, with a snapshot that 核验 finds unchanged', async () => {
    const source = fresh();
    await loadBundleAsNewAssessment(source, makeBundle({ entries: [makeEntry({ id: 'e0', value: 6 })] }));
    await lockAssessment(source, A, '办公室');
    const { bundle } = await exportBundleWithFiles(source, A, { kind: 'full' });
    const db = await browserWithDemo();
    const opened = await openBundleAsNew(db, { bundle }, '协调人');
    expect(opened.locked).toBe(true);
    expect((await loadAssessmentData(db, A)).assessment.status).toBe('locked');
    expect((await verifyLock(db, A)).kind).toBe('same');
    expect(await db.snapshots.where('assessmentId').equals(A).count()).toBe(1);
  });
});

describe('merging a bundle that carries another rule set', () => {
  /** here: the change fixtures (甲市 has 3.5 in basic, max 4); the file: basic lowered to 2.5 and one new entry */
  const lowered = rules((r) => Object.assign(children(r)[0]!, { max: 2.5 }));
  const here = () => makeBundle({ ruleSet: rules(), units: UNITS, entries: ENTRIES, assessors: [{ id: 'as1', name: '张三', owns: [] }] });
  const file = () =>
    makeBundle({
      ruleSet: lowered,
      units: UNITS,
      assessors: [{ id: 'as1', name: '张三', owns: [] }],
      entries: [makeEntry({ id: 'e9', unitId: 'u2', node: 'guide', value: undefined, checks: { complete: true, search: true } })],
    });

  async function seeded(): Promise<KaoheDb> {
    const db = fresh();
    await loadBundleAsNewAssessment(db, here());
    return db;
  }

  it('lists the entries the file’s rule set affects, then clamps and merges in one go, logging both hashes', async () => {
    const db = await seeded();
    const oldHash = contentHash(rules());
    const plan = await planBundleMerge(db, A, { bundle: file() });
    expect(plan.refused).toBeUndefined();
    expect(plan.ruleChanges).toHaveLength(1);
    const [change] = plan.ruleChanges;
    expect(change!.kinds).toEqual([{ kind: 'aboveMax', count: 1 }]);
    expect(change!.items[0]).toMatchObject({ unitId: 'u1', node: 'basic' });

    const out = await applyBundleMerge(db, plan, { city: { aboveMax: 'clamp' } }, '协调人');
    expect(out).toMatchObject({ merged: true, ruleSetsChanged: 1, report: { added: 1 } });
    const data = await loadAssessmentData(db, A);
    expect(data.assessment.groups[0]!.ruleSetHash).toBe(contentHash(lowered));
    expect(data.entries.find((e) => e.id === 'e1')?.value).toBe(2.5);
    expect(data.entries.some((e) => e.id === 'e9')).toBe(true);
    const set = (await auditLog(db, A)).find((r) => r.action === 'ruleSet.set');
    expect(set?.before).toMatchObject({ ruleSetHash: oldHash });
    expect(set?.after).toMatchObject({ ruleSetHash: contentHash(lowered), oldRuleSetHash: oldHash, decisions: { aboveMax: 'clamp' } });
    expect(set?.why).toContain('随评分文件合并更换规则集');
  });

  it('changes nothing when a kind is cancelled or left undecided', async () => {
    const db = await seeded();
    const before = await dump(db);
    const plan = await planBundleMerge(db, A, { bundle: file() });
    expect(await applyBundleMerge(db, plan, { city: { aboveMax: 'cancel' } }, '协调人')).toEqual({ merged: false, reason: 'cancelled' });
    expect(await applyBundleMerge(db, plan, {}, '协调人')).toEqual({ merged: false, reason: 'undecided' });
    expect(await dump(db)).toEqual(before);
  });

  it('refuses a locked assessment, whatever the decisions', async () => {
    const db = await seeded();
    await lockAssessment(db, A, '协调人');
    const plan = await planBundleMerge(db, A, { bundle: file() });
    expect(plan.ruleChanges[0]!.locked).toBe(true);
    const before = await dump(db);
    await expect(applyBundleMerge(db, plan, { city: { aboveMax: 'clamp' } }, '协调人')).rejects.toBeInstanceOf(LockedError);
    expect(await dump(db)).toEqual(before);
  });

  it('undoes the rule-set change when the merge itself is refused (a group this assessment lacks)', async () => {
    const db = await seeded();
    const other = file();
    const withGroup: Bundle = {
      ...other,
      assessment: { ...other.assessment, groups: [...other.assessment.groups, { ...other.assessment.groups[0]!, key: 'dept', name: '省政府部门' }] },
    };
    const plan = await planBundleMerge(db, A, { bundle: withGroup });
    expect(plan.refused).toContain('本考核中没有');
    const before = await dump(db);
    expect(await applyBundleMerge(db, plan, { city: { aboveMax: 'clamp' } }, '协调人')).toMatchObject({ merged: false, reason: 'refused' });
    expect(await dump(db)).toEqual(before);
  });
});
