import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { DIST, dumpIndexedDb, navTo, screenshots } from './harness';
import { appSession } from './session';

interface DemoEntry {
  id: string;
  unitId: string;
  node: string;
  value?: number;
}
interface DemoBundle {
  schemaVersion: number;
  entries: DemoEntry[];
}

/** The demo bundle as shipped, changed by `edit`: a bundle that is right in every other way. */
function demoWith(edit: (b: DemoBundle) => void): string {
  const b = JSON.parse(readFileSync(join(DIST, 'demo', 'demo-bundle.json'), 'utf8')) as DemoBundle;
  edit(b);
  return JSON.stringify(b, null, 2);
}

const entryIndex = (b: DemoBundle, id: string) => {
  const i = b.entries.findIndex((e) => e.id === id);
  if (i < 0) throw new Error(`demo has no entry ${id}`);
  return i;
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
    const text = demoWith(() => undefined).replace('"schemaVersion": 1,', '"schemaVersion": 1');
    const issues = await importRejected('broken.json', text);
    expect(issues).toHaveLength(1);
    expect(issues[0]!.path).toBe('broken.json:4:3');
    expect(issues[0]!.message).toContain('第 4 行第 3 列');
  });

  it('names schemaVersion when the format version is unknown', async () => {
    const issues = await importRejected('version.json', demoWith((b) => (b.schemaVersion = 2)));
    expect(issues.map((i) => i.path)).toContain('schemaVersion');
    expect(issues.find((i) => i.path === 'schemaVersion')!.message).toContain('1');
  });

  it('names the entry whose score is above the maximum', async () => {
    let at = -1;
    const text = demoWith((b) => {
      at = entryIndex(b, 'city-lanzhou:basic.response:a1');
      b.entries[at]!.value = 9; // 政务舆情回应 is worth 4
    });
    const issues = await importRejected('too-high.json', text);
    expect(issues).toEqual([{ path: `entries[${at}].value`, message: expect.stringContaining('超出满分 4') as string }]);
  });

  it('names the entry of a unit that does not exist', async () => {
    let at = -1;
    const text = demoWith((b) => {
      at = entryIndex(b, 'city-tianshui:basic.response:a2');
      b.entries[at]!.unitId = 'city-atlantis';
    });
    const issues = await importRejected('unknown-unit.json', text);
    expect(issues).toContainEqual({ path: `entries[${at}].unitId`, message: expect.stringContaining('city-atlantis') as string });
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
