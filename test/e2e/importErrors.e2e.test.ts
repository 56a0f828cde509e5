import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { DIST, dumpIndexedDb, navTo, screenshots } from './harness';
import { appSession } from './session';

interface DemoEntry {
  node: string;
  value?: number;
}
/** The demo is written in bundle version 2: entries packed per unit × assessor. */
interface DemoPack {
  unitId: string;
  assessorId: string;
  entries: DemoEntry[];
}
interface DemoBundle {
  schemaVersion: number;
  entryPacks: DemoPack[];
}

/** The demo bundle as shipped, changed by `edit`: a bundle that is right in every other way. */
function demoWith(edit: (b: DemoBundle) => void): string {
  const b = JSON.parse(readFileSync(join(DIST, 'demo', 'demo-bundle.json'), 'utf8')) as DemoBundle;
  edit(b);
  return JSON.stringify(b, null, 2);
}

/** The pack of a unit × assessor and the place of a node's entry in it. */
const entryPlace = (b: DemoBundle, unitId: string, node: string, assessorId: string): [number, number] => {
  const p = b.entryPacks.findIndex((x) => x.unitId === unitId && x.assessorId === assessorId);
  const k = p < 0 ? -1 : b.entryPacks[p]!.entries.findIndex((e) => e.node === node);
  if (k < 0) throw new Error(`demo has no entry ${unitId}:${node}:${assessorId}`);
  return [p, k];
};

describe('importing a malformed bundle', () => {
  const s = appSession('import-errors', async () => {
    await navTo(s.browser.page, 'export');
  });

  /** Imports a file and returns the listed problems; asserts the database is exactly as before. */
  async function importRejected(name: string, text: string): Promise<{ path: string; message: string }[]> {
    const { page } = s.browser;
    const file = join(s.files, name);
    writeFileSync(file, text);
    const before = await dumpIndexedDb(page);
    await page.setInputFiles('[data-testid="import-file"]', file);
    // the list for this file (not the one left from the previous file)
    await page.waitForFunction(
      (n) => document.querySelector('[data-testid="import-errors"] .issues-title')?.textContent?.includes(`“${n}”`) ?? false,
      name,
    );
    const issues = await page.locator('[data-testid="import-errors"] [data-testid="issue"]').evaluateAll((trs) =>
      trs.map((tr) => ({ path: tr.children[0]?.textContent ?? '', message: tr.children[1]?.textContent ?? '' })),
    );
    expect(await dumpIndexedDb(page)).toEqual(before);
    return issues;
  }

  it('names the line and column of broken JSON', async () => {
    const text = demoWith(() => undefined).replace('"schemaVersion": 2,', '"schemaVersion": 2');
    const issues = await importRejected('broken.json', text);
    expect(issues).toHaveLength(1);
    expect(issues[0]!.path).toBe('broken.json:4:3');
    expect(issues[0]!.message).toContain('第 4 行第 3 列');
  });

  it('names schemaVersion when the format version is unknown', async () => {
    const issues = await importRejected('version.json', demoWith((b) => (b.schemaVersion = 3)));
    expect(issues.map((i) => i.path)).toContain('schemaVersion');
    expect(issues.find((i) => i.path === 'schemaVersion')!.message).toContain('1');
  });

  it('names the entry whose score is above the maximum', async () => {
    let at = [-1, -1];
    const text = demoWith((b) => {
      at = entryPlace(b, 'city-lanzhou', 'basic.response', 'a1');
      b.entryPacks[at[0]!]!.entries[at[1]!]!.value = 9; // 政务舆情回应 is worth 4
    });
    const issues = await importRejected('too-high.json', text);
    expect(issues).toEqual([{ path: `entryPacks[${at[0]}].entries[${at[1]}].value`, message: expect.stringContaining('超出满分 4') as string }]);
  });

  it('names the pack of a unit that does not exist', async () => {
    let at = [-1, -1];
    const text = demoWith((b) => {
      at = entryPlace(b, 'city-tianshui', 'basic.response', 'a2');
      b.entryPacks[at[0]!]!.unitId = 'city-atlantis';
    });
    const issues = await importRejected('unknown-unit.json', text);
    expect(issues).toContainEqual({ path: `entryPacks[${at[0]}].unitId`, message: expect.stringContaining('city-atlantis') as string });
    await screenshots(s.browser.page, 'import-errors');
  });

  it('imports the untouched demo as "nothing new"', async () => {
    const { page } = s.browser;
    const file = join(s.files, 'demo.json');
    writeFileSync(file, demoWith(() => undefined));
    await page.setInputFiles('[data-testid="import-file"]', file);
    await page.waitForSelector('[data-testid="import-done"]');
    // every entry of the demo: each leaf by two assessors, each veto decided, three cells still open
    expect(await page.textContent('[data-testid="import-done"]')).toContain('新增 0 条，更新 0 条，删除 0 条，相同 2340 条，冲突 0 条');
  });
});
