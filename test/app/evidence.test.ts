/**
 * The names the results workbook gives a finding's files are the names of those files in its unit's
 * 佐证材料 zip, however many units, findings and same-named files there are.
 */
import 'fake-indexeddb/auto';
import JSZip from 'jszip';
import { afterEach, describe, expect, it } from 'vitest';
import { evidenceNames, exportUnitEvidence } from '../../src/app/evidence';
import { addAttachment, loadBundleAsNewAssessment, saveEntry, type KaoheDb } from '../../src/store/repo';
import { makeBundle, makeEntry } from '../fixtures/bundles';
import { freshDb } from '../store/testDb';

const A = 'a-2024';
const dbs: KaoheDb[] = [];
afterEach(() => dbs.splice(0).forEach((d) => d.close()));
const bytes = (seed: number) => Uint8Array.from({ length: 50 }, (_, i) => (i * 13 + seed) & 0xff);

describe('evidence names', () => {
  it('are the paths of the files in each unit’s evidence zip', async () => {
    const db = freshDb();
    dbs.push(db);
    await loadBundleAsNewAssessment(db, makeBundle());
    const finding = (id: string, unitId: string, fid: string) =>
      makeEntry({ id, unitId, node: 'website', value: undefined, findings: [{ id: `${fid}a`, reason: '链接失效' }, { id: `${fid}b`, reason: '未更新' }] });
    await saveEntry(db, A, finding('e1', 'u1', 'x'), '张三');
    await saveEntry(db, A, finding('e2', 'u2', 'y'), '张三');
    const add = (ownerId: string, unitId: string, name: string, seed: number) =>
      addAttachment(db, A, { ownerId, unitId, name, type: 'image/png', bytes: bytes(seed) }, '张三');
    await add('xb', 'u1', '截图.png', 1);
    await add('xa', 'u1', '截图.png', 2);
    await add('xb', 'u1', '截图.png', 3);
    await add('ya', 'u2', '首页.png', 4);

    const names = await evidenceNames(db, A);
    expect(Object.fromEntries(names)).toEqual({
      xa: ['甲市/政府网站监管/问题1-截图.png'],
      xb: ['甲市/政府网站监管/问题2-截图.png', '甲市/政府网站监管/问题2-截图（2）.png'],
      ya: ['乙市/政府网站监管/问题1-首页.png'],
    });
    for (const unitId of ['u1', 'u2']) {
      const zip = await JSZip.loadAsync((await exportUnitEvidence(db, A, unitId))!.bytes);
      const files = Object.keys(zip.files).filter((n) => !zip.files[n]!.dir);
      expect(files.sort()).toEqual([...names.values()].flat().filter((n) => n.startsWith(unitId === 'u1' ? '甲市/' : '乙市/')).sort());
    }
  });
});
