/**
 * Opening a bundle file as an assessment of its own, as the worker does it (here with the page's
 * connection, the path where no worker starts): a sound file is stored whole and told by name and
 * year; a spoilt one or one already here changes nothing and says why.
 */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { openBundle, type OpenMessage } from '../../src/app/bundleOpen';
import { scoreEditions } from '../../src/app/editions';
import { computeView } from '../../src/app/assessmentView';
import { loadAssessmentData } from '../../src/store/repo';
import { dump, freshDb } from '../store/testDb';

const demoText = readFileSync(new URL('../../public/demo/demo-bundle.json', import.meta.url), 'utf8');
const demo = JSON.parse(demoText) as { assessment: { id: string; name: string; year: number } };

async function open(db: ReturnType<typeof freshDb>, text: string): Promise<OpenMessage[]> {
  const messages: OpenMessage[] = [];
  const file = new File([text], 'last-year.json');
  await openBundle({ file, fileName: file.name, open: { dbName: db.name, who: '办公室' } }, (m) => messages.push(m), undefined, db);
  return messages;
}

describe('opening a bundle as an assessment of its own', () => {
  it('stores the demo whole, after reading and checking, and tells its name and year', async () => {
    const db = freshDb();
    const messages = await open(db, demoText);
    const stages = messages.flatMap((m) => (m.kind === 'step' ? [m.step.stage] : []));
    expect(stages.at(-1)).toBe('store');
    expect(stages.indexOf('check')).toBeLessThan(stages.indexOf('store'));
    expect(messages.at(-1)).toEqual({ kind: 'opened', opened: { ok: true, id: demo.assessment.id, name: demo.assessment.name, year: demo.assessment.year } });
    const data = await loadAssessmentData(db, demo.assessment.id);
    expect(data.entries.length).toBeGreaterThan(0);
    // scored from the store as the year-over-year worker does: the same ranks as the open assessment's view
    const [edition] = await scoreEditions(db, [demo.assessment.id]);
    const view = computeView(data);
    expect(edition!.groups.map((g) => g.units.map((u) => [u.unitId, u.rank, u.display]))).toEqual(
      view.groups.map((g) => g.result.units.map((u) => [u.unitId, u.rank, u.display])),
    );
  });

  it('refuses a spoilt file with its place and stores nothing', async () => {
    const db = freshDb();
    const before = await dump(db);
    const spoilt = JSON.parse(demoText) as { units: { group: string }[] };
    spoilt.units[0]!.group = 'nowhere';
    const messages = await open(db, JSON.stringify(spoilt));
    const last = messages.at(-1);
    expect(last?.kind).toBe('opened');
    if (last?.kind !== 'opened' || last.opened.ok) throw new Error('not refused');
    expect(last.opened.errors.map((e) => e.path)).toContain('units[0].group');
    expect(messages.some((m) => m.kind === 'step' && m.step.stage === 'store')).toBe(false);
    expect(await dump(db)).toEqual(before);
  });

  it('refuses an assessment already on this machine in words for the user, changing nothing', async () => {
    const db = freshDb();
    await open(db, demoText);
    const before = await dump(db);
    const messages = await open(db, demoText);
    const last = messages.at(-1);
    expect(last?.kind).toBe('refused');
    if (last?.kind !== 'refused') throw new Error('not refused');
    expect('text' in last.failure && last.failure.text).toContain(demo.assessment.name);
    expect(await dump(db)).toEqual(before);
  });
});
