/**
 * A full disk under a real browser: the profile lives on a small tmpfs, which is then filled. A grid
 * edit that cannot be stored keeps the typed value in its cell, marked 未保存, with a Chinese message
 * and a retry; once space is freed the retry stores it. While storage is failing the app never shows
 * the empty "no assessment" screen. Needs root to mount the tmpfs; skipped (and said so) otherwise.
 */
import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, statfsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { chooseAssessor, committed, gridCell, savesSoFar } from './appDriver';
import { dumpIndexedDb, launch, navTo, openApp, screenshots, startServer, type RunningBrowser } from './harness';
import type { StaticServer } from './staticServer';

const CELL = 'leaf:basic.response';

function mountTmpfs(): string | undefined {
  const dir = mkdtempSync(join(tmpdir(), 'zwgk-quota-'));
  try {
    execFileSync('mount', ['-t', 'tmpfs', '-o', 'size=300m', 'tmpfs', dir], { stdio: 'pipe' });
    return dir;
  } catch {
    rmSync(dir, { recursive: true, force: true });
    return undefined;
  }
}

const disk = process.getuid?.() === 0 ? mountTmpfs() : undefined;
if (!disk) console.log('quota test skipped: a tmpfs cannot be mounted here (needs root)');

/** Fills the disk with files until the system says it is full; returns the files to remove later. */
function fill(dir: string): string[] {
  const files: string[] = [];
  for (let i = 0; ; i++) {
    const f = join(dir, `filler-${i}`);
    files.push(f);
    try {
      execFileSync('dd', ['if=/dev/zero', `of=${f}`, 'bs=1M', 'count=64'], { stdio: 'pipe' });
    } catch {
      break; // no space left
    }
  }
  return files;
}

describe.skipIf(!disk)('a full disk', () => {
  let server: StaticServer;
  let browser: RunningBrowser | undefined;

  beforeAll(async () => {
    server = await startServer();
  });

  afterAll(async () => {
    await browser?.close();
    await server?.close();
    if (disk) {
      execFileSync('umount', ['-l', disk], { stdio: 'pipe' });
      rmSync(disk, { recursive: true, force: true });
    }
  });

  it('keeps the typed value marked unsaved with a retry, in Chinese, and stores it once space is freed', async () => {
    const profile = join(disk!, 'profile');
    mkdirSync(profile);
    browser = await launch(profile);
    const { page } = browser;
    await openApp(page, server.url);
    await chooseAssessor(page, '张敏');
    await navTo(page, 'entry');
    await page.click('[data-testid="group-tab-city"]');
    const unit = (await page.getAttribute('[data-testid="grid-row"]', 'data-unit-name'))!;
    const before = await page.textContent(`${gridCell(unit, CELL)} .cell-text`);
    let typed = before === '2.5' ? '1.5' : '2.5';

    const fillers = fill(disk!);
    console.log(`quota test: disk filled, ${statfsSync(disk!).bavail * statfsSync(disk!).bsize} bytes free`);
    // a small write can still fit in space the database's files already hold: edit until one needs more
    for (let tries = 1; ; tries++) {
      const saves = await savesSoFar(page);
      await page.click(gridCell(unit, CELL));
      await page.keyboard.type(typed);
      await page.keyboard.press('Enter');
      const outcome = await page
        .waitForFunction(
          (n) => {
            if (document.querySelector('[data-testid="grid-message"][data-kind="error"]')) return 'refused';
            const el = document.querySelector('[data-testid="save-state"]');
            return !!el && Number(el.getAttribute('data-saves')) > n && el.getAttribute('data-state') === 'saved' ? 'saved' : false;
          },
          saves,
          { timeout: 60_000, polling: 100 },
        )
        .then((h) => h.jsonValue());
      if (outcome === 'refused') {
        console.log(`quota test: edit ${tries} refused`);
        break;
      }
      expect(tries, 'an edit refused on a full disk').toBeLessThan(40);
      typed = typed === '2.5' ? '1.5' : '2.5';
    }

    const message = page.locator('[data-testid="grid-message"][data-kind="error"]');
    const text = (await message.textContent()) ?? '';
    console.log(`quota test: message shown: ${text}`);
    expect(text).toMatch(/[\u4e00-\u9fff]/);
    expect(text).not.toMatch(/transaction was aborted|QuotaExceededError:/i);
    expect(text).toContain('未保存');
    // worded as a storage failure (quota, or the disk refusing the write), never as an internal error
    expect(text).toMatch(/存储空间不足|未能完成读写/);
    const cell = page.locator(gridCell(unit, CELL));
    expect(await cell.getAttribute('data-state')).toBe('error');
    expect(await cell.locator('.cell-text').textContent()).toBe(typed);
    expect(await cell.locator('[data-testid="cell-unsaved"]').count()).toBe(1);
    await screenshots(page, 'quota-unsaved-cell');
    expect(await page.locator('[data-testid="app-empty"]').count()).toBe(0);

    for (const f of fillers) rmSync(f, { force: true });
    await committed(page, () => page.click('[data-testid="grid-retry"]'));
    expect(await cell.getAttribute('data-state')).not.toBe('error');
    const stored = (await dumpIndexedDb(page))['zwgk-kaohe']!.entries as { unitId: string; node: string; assessorId: string; value?: number }[];
    const unitId = await page.getAttribute(`[data-testid="grid-row"][data-unit-name="${unit}"]`, 'data-unit-id');
    expect(stored.find((e) => e.unitId === unitId && e.node === 'basic.response' && e.assessorId === 'a1')?.value).toBe(Number(typed));
  });
});
