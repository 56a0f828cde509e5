/**
 * Self-assessment round trip between the office's machine and a unit's: the package carries one unit
 * and nothing of the others, a bad package or result is refused with its place, the unit's copy holds
 * only its unit, and a returned result is stored — or refused with the database unchanged.
 */
import 'fake-indexeddb/auto';
import JSZip from 'jszip';
import { afterEach, describe, expect, it } from 'vitest';
import {
  exportAllSelfPackages,
  exportSelfPackage,
  exportSelfResult,
  importSelfResultFile,
  openSelfPackageFile,
  saveSelfAssessmentItem,
  selfScoresByUnit,
} from '../../src/app/selfAssessment';
import { parseSelfPackage, readSelfResult } from '../../src/formats/selfAssessmentPackage';
import {
  addAttachment,
  getAssessment,
  getCurrentAssessmentId,
  listAttachments,
  listSelfAssessments,
  loadAssessmentData,
  loadBundleAsNewAssessment,
  selfOwnerId,
  type KaoheDb,
} from '../../src/store/repo';
import { makeBundle, makeEntry, makeTinyRuleSet } from '../fixtures/bundles';
import { dump, freshDb } from '../store/testDb';

const A = 'a-2024';
const dbs: KaoheDb[] = [];
afterEach(() => dbs.splice(0).forEach((d) => d.close()));

async function office(): Promise<KaoheDb> {
  const db = freshDb();
  dbs.push(db);
  await loadBundleAsNewAssessment(
    db,
    makeBundle({
      units: [
        { id: 'u1', name: '甲市', group: 'city' },
        { id: 'u2', name: '乙市', group: 'city' },
      ],
      entries: [makeEntry({ id: 'e1', value: 8 }), makeEntry({ id: 'e2', unitId: 'u2', value: 3, note: '乙市的备注' })],
    }),
  );
  return db;
}

function unitMachine(): KaoheDb {
  const db = freshDb();
  dbs.push(db);
  return db;
}

const bytesOf = (s: string) => new TextEncoder().encode(s);
const png = (seed: number) => Uint8Array.from({ length: 80 }, (_, i) => (i * 17 + seed) & 0xff);

describe('self-assessment package', () => {
  it("carries the rule set, its unit and its items, and nothing of another unit", async () => {
    const db = await office();
    const { text, fileName } = await exportSelfPackage(db, A, 'u1', '考核办');
    expect(fileName).toBe('2024年度政务公开考核自评包-甲市.json');
    expect(text).toContain('甲市');
    expect(text).not.toContain('乙市');
    expect(text).not.toContain('u2');
    expect(text).not.toContain('e1'); // no entries at all, not even its own
    const p = parseSelfPackage(text, fileName);
    expect(p.ok).toBe(true);
    if (!p.ok) return;
    expect(p.value.unit.id).toBe('u1');
    expect(p.value.indicators.map((i) => [i.key, i.max])).toEqual([
      ['basic', 10],
      ['website', 10],
    ]);
    expect(p.value.assessment).toEqual({ id: A, name: '2024年度政务公开考核', year: 2024 });
  });

  it('exports every unit as a file of its own in one zip', async () => {
    const db = await office();
    const { bytes } = await exportAllSelfPackages(db, A, '考核办');
    const zip = await JSZip.loadAsync(bytes);
    const names = Object.keys(zip.files).filter((n) => !zip.files[n]!.dir).sort();
    expect(names).toEqual(['市（州）政府/2024年度政务公开考核自评包-乙市.json', '市（州）政府/2024年度政务公开考核自评包-甲市.json']);
    expect(await zip.file(names[1]!)!.async('string')).not.toContain('乙市');
  });

  it('refuses a bad package with the place of each problem', async () => {
    const db = await office();
    const { text } = await exportSelfPackage(db, A, 'u1', '考核办');
    const json = JSON.parse(text) as Record<string, unknown>;
    const bad = parseSelfPackage(JSON.stringify({ ...json, indicators: [{ key: 'nope', name: 'x', max: 1, path: [] }], unit: { ...(json.unit as object), group: 'county' } }), 'p.json');
    expect(bad.ok).toBe(false);
    if (bad.ok) return;
    expect(bad.errors).toEqual([
      { path: 'p.json › unit.group', message: '单位属于分组 "county"，与包的分组 "city" 不符' },
      { path: 'p.json › indicators[0].key', message: '规则集中没有评分项 "nope"' },
    ]);
    const tampered = parseSelfPackage(text.replace('"max": 10', '"max": 12'), 'p.json');
    expect(tampered.ok ? [] : tampered.errors.map((e) => e.path)).toContain('p.json › ruleSetHash');
    const wrong = parseSelfPackage(JSON.stringify({ type: 'zwgk-assessment-bundle' }), 'b.json');
    expect(wrong.ok ? '' : wrong.errors[0]!.message).toBe('不是自评包：文件类型为 "zwgk-assessment-bundle"');
    const syntax = parseSelfPackage('{"type": ', 's.json');
    expect(syntax.ok ? '' : syntax.errors[0]!.path).toMatch(/^s\.json:1:/);
  });
});

describe('self-assessment round trip', () => {
  async function filledResult() {
    const db = await office();
    const pkg = await exportSelfPackage(db, A, 'u1', '考核办');
    const unit = unitMachine();
    const opened = await openSelfPackageFile(unit, pkg.text, pkg.fileName, '甲市');
    expect(opened).toEqual({ ok: true, unitName: '甲市', existed: false });
    const id = await getCurrentAssessmentId(unit);
    const copy = await getAssessment(unit, id!);
    expect(copy.self).toMatchObject({ assessmentId: A, unitId: 'u1' });
    const data = await loadAssessmentData(unit, copy.id);
    expect(data.units.map((u) => u.name)).toEqual(['甲市']);
    expect(data.entries).toEqual([]);
    await saveSelfAssessmentItem(unit, copy, { node: 'basic', score: 9.5, explanation: '目录已全部更新' }, '甲市');
    await saveSelfAssessmentItem(unit, copy, { node: 'website', score: 10 }, '甲市');
    await expect(saveSelfAssessmentItem(unit, copy, { node: 'website', score: 11 }, '甲市')).rejects.toThrow('超过该项分值 10');
    await addAttachment(unit, copy.id, { ownerId: selfOwnerId('u1', 'basic'), unitId: 'u1', name: '目录截图.png', type: 'image/png', bytes: png(1) }, '甲市');
    return { db, unit, copy, result: await exportSelfResult(unit, copy, '甲市') };
  }

  it('stores the returned scores, explanations and material in the office assessment', async () => {
    const { db, result } = await filledResult();
    expect(result.fileName).toBe('2024年度政务公开考核自评结果-甲市.zip');
    const out = await importSelfResultFile(db, A, result.bytes, result.fileName, '考核办');
    expect(out).toEqual({ ok: true, unitId: 'u1', unitName: '甲市', items: 2, files: 1 });
    const rows = await listSelfAssessments(db, A);
    expect(rows).toHaveLength(1);
    expect(rows[0]!.items).toEqual([
      { node: 'basic', score: 9.5, explanation: '目录已全部更新' },
      { node: 'website', score: 10 },
    ]);
    expect(selfScoresByUnit(rows)).toEqual(new Map([['u1', new Map([['basic', 9.5], ['website', 10]])]]));
    const files = await listAttachments(db, A);
    expect(files.map((f) => [f.ownerId, f.unitId, f.name])).toEqual([['self:u1:basic', 'u1', '目录截图.png']]);
    // importing the same file again replaces, it does not add
    await importSelfResultFile(db, A, result.bytes, result.fileName, '考核办');
    expect(await listAttachments(db, A)).toHaveLength(1);
    expect(await listSelfAssessments(db, A)).toHaveLength(1);
  });

  it('refuses a result for another assessment, unit or rule set, and changes nothing', async () => {
    const { db, result } = await filledResult();
    const zip = await JSZip.loadAsync(result.bytes);
    const json = JSON.parse(await zip.file('result.json')!.async('string')) as Record<string, unknown>;
    const variant = async (change: Record<string, unknown>) => {
      zip.file('result.json', JSON.stringify({ ...json, ...change }));
      return zip.generateAsync({ type: 'uint8array' });
    };
    const before = await dump(db);
    const cases: [Record<string, unknown>, string, RegExp][] = [
      [{ assessmentId: 'a-2023' }, 'r.zip › assessmentId', /另一项考核/],
      [{ unitId: 'u9' }, 'r.zip › unitId', /没有单位 u9/],
      [{ ruleSetHash: `sha256:${'0'.repeat(64)}` }, 'r.zip › ruleSetHash', /规则集/],
      [{ items: [{ node: 'basic', score: 10.5 }, { node: 'website' }] }, 'r.zip › items[0].score', /超过该项分值 10/],
    ];
    for (const [change, path, message] of cases) {
      const out = await importSelfResultFile(db, A, await variant(change), 'r.zip', '考核办');
      expect(out.ok).toBe(false);
      if (out.ok) continue;
      expect(out.errors[0]!.path).toBe(path);
      expect(out.errors[0]!.message).toMatch(message);
    }
    expect(await dump(db)).toEqual(before);
  });

  it('refuses a damaged material file with its place, and a plain JSON that names files', async () => {
    const { db, result } = await filledResult();
    const zip = await JSZip.loadAsync(result.bytes);
    const name = Object.keys(zip.files).find((n) => n.startsWith('files/') && !zip.files[n]!.dir)!;
    zip.file(name, png(2));
    const before = await dump(db);
    const out = await readSelfResult(await zip.generateAsync({ type: 'uint8array' }), 'r.zip');
    expect(out.ok ? [] : out.errors).toContainEqual({ path: `r.zip › ${name}`, message: '材料文件内容与其哈希不符（文件已损坏或被改动）' });
    const json = await zip.file('result.json')!.async('string');
    const plain = await importSelfResultFile(db, A, bytesOf(json), 'r.json', '考核办');
    expect(plain.ok ? '' : plain.errors[0]!.message).toMatch(/应为 \.zip 文件/);
    expect(await dump(db)).toEqual(before);
  });

  it('keeps what the unit filled in when the same package is opened again', async () => {
    const { unit, copy } = await filledResult();
    const db = await office();
    const pkg = await exportSelfPackage(db, A, 'u1', '考核办');
    const again = await openSelfPackageFile(unit, pkg.text, pkg.fileName, '甲市');
    expect(again).toMatchObject({ ok: true, existed: true });
    const rows = await listSelfAssessments(unit, copy.id);
    expect(rows[0]!.items).toHaveLength(2);
  });

  it('is not imported into a rule set changed since the package went out', async () => {
    const { db, result } = await filledResult();
    const { setGroupRuleSet } = await import('../../src/store/repo');
    await setGroupRuleSet(db, A, 'city', makeTinyRuleSet({ version: '2' }), '考核办');
    const out = await importSelfResultFile(db, A, result.bytes, result.fileName, '考核办');
    expect(out.ok ? '' : out.errors[0]!.path).toBe(`${result.fileName} › ruleSetHash`);
  });
});
