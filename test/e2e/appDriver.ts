/**
 * What a user does in the app, as test steps: choose who is working, open a unit, type a score. Each
 * edit waits until the header has counted one more committed write, so a step ends when the edit is
 * on disk — the same moment the user sees 已保存.
 */
import type { Download, Page } from 'playwright-core';
import { navTo } from './harness';

export async function savesSoFar(page: Page): Promise<number> {
  return Number(await page.getAttribute('[data-testid="save-state"]', 'data-saves'));
}

/** Runs `edit` and waits until it has been committed (one more write counted, nothing pending). */
export async function committed(page: Page, edit: () => Promise<void>): Promise<void> {
  const before = await savesSoFar(page);
  await edit();
  await page.waitForFunction(
    (n) => {
      const el = document.querySelector('[data-testid="save-state"]');
      return !!el && Number(el.getAttribute('data-saves')) > n && el.getAttribute('data-state') === 'saved';
    },
    before,
    { timeout: 15_000, polling: 50 },
  );
}

export async function chooseAssessor(page: Page, name: string): Promise<void> {
  await page.selectOption('[data-testid="assessor-picker"]', { label: name });
  await page.waitForFunction(
    (n) => {
      const s = document.querySelector<HTMLSelectElement>('[data-testid="assessor-picker"]');
      return s?.selectedOptions[0]?.textContent === n;
    },
    name,
  );
}

/** Opens a unit's detail page the way a user does: find it in the score grid by name, click its name. */
export async function openUnit(page: Page, group: string, unitName: string): Promise<void> {
  await navTo(page, 'entry');
  await page.click(`[data-testid="group-tab-${group}"]`);
  await page.fill('[data-testid="grid-search"]', unitName);
  await page.click(`[data-testid="grid-row"][data-unit-name="${unitName}"] [data-testid="unit-link"]`);
  await page.waitForFunction(
    (n) => document.querySelector('[data-testid="unit-summary"]')?.textContent?.startsWith(n) ?? false,
    unitName,
  );
}

const input = (node: string) => `[data-testid="leaf-input-${node}"]`;

/** Types a value into a number cell and presses Enter; waits for the save. */
export async function setValue(page: Page, node: string, value: string): Promise<void> {
  await committed(page, async () => {
    await page.fill(input(node), value);
    await page.press(input(node), 'Enter');
  });
}

export async function valueOf(page: Page, node: string): Promise<string> {
  return page.inputValue(input(node));
}

export async function addFinding(page: Page, node: string, reason: string): Promise<void> {
  await committed(page, async () => {
    await page.fill(`[data-testid="finding-reason-${node}"]`, reason);
    await page.click(`[data-testid="finding-add-${node}"]`);
  });
}

export async function download(page: Page, button: string, saveTo: string): Promise<string> {
  const [dl]: [Download, void] = await Promise.all([page.waitForEvent('download'), page.click(button)]);
  await dl.saveAs(saveTo);
  return dl.suggestedFilename();
}

/** A cell of the score grid, by unit name and column id ("leaf:basic.response", "veto:leak", "sub:basic"). */
export const gridCell = (unitName: string, colId: string) => `[data-testid="grid-row"][data-unit-name="${unitName}"] [data-col="${colId}"]`;

/** Which cell the grid's keyboard is on, as its label says: "兰州市 / 政务舆情回应". */
export async function activeCell(page: Page): Promise<string> {
  const label = (await page.getAttribute('[data-testid="grid-editor"]', 'aria-label')) ?? '';
  return label.replace(/^当前单元格：/, '');
}

/** Types into the active grid cell and presses a key (Enter by default); waits until it is on disk. */
export async function typeInGrid(page: Page, text: string, key = 'Enter'): Promise<void> {
  await committed(page, async () => {
    await page.keyboard.type(text);
    await page.keyboard.press(key);
  });
}

/** A paste as Excel or WPS delivers it: a real paste event carrying the text, at the grid's focused field. */
export async function pasteInGrid(page: Page, text: string): Promise<void> {
  await page.evaluate((t) => {
    const data = new DataTransfer();
    data.setData('text/plain', t);
    const target = document.activeElement ?? document.body;
    target.dispatchEvent(new ClipboardEvent('paste', { clipboardData: data, bubbles: true, cancelable: true }));
  }, text);
}

/**
 * Locks (定稿) with the entry page's button, settling each thing the refusal lists first, as an office
 * would: an open appeal is rejected with a reply, an incomplete unit's open cells are confirmed as
 * 本项无问题. Returns what was settled, in order.
 */
export async function lockThroughBlockers(page: Page): Promise<string[]> {
  const settled: string[] = [];
  for (let round = 0; round < 12; round++) {
    if ((await page.locator('[data-testid="page-entry"]').count()) === 0) await navTo(page, 'entry');
    if ((await page.locator('[data-testid="lock-dialog"]').count()) === 0) await page.click('[data-testid="lock-open"]');
    await page.click('[data-testid="lock-confirm"]');
    const outcome = await Promise.race([
      page.waitForSelector('[data-testid="locked-badge"]').then(() => 'locked'),
      page.waitForSelector('[data-testid="lock-blockers"]').then(() => 'blocked'),
    ]);
    if (outcome === 'locked') return settled;
    const first = page.locator('[data-testid="lock-blockers"] a').first();
    const kind = await first.getAttribute('data-kind');
    settled.push(`${kind}: ${await first.textContent()}`);
    await first.click();
    if (kind === 'openAppeal') {
      await page.click('[data-testid="appeal-row"][data-status="open"] [data-testid="appeal-decide"]');
      await page.check('[data-testid="appeal-rejected"]');
      await page.fill('[data-testid="appeal-reply"]', '经复核，维持原评分');
      await committed(page, () => page.click('[data-testid="appeal-confirm"]'));
    } else {
      await page.waitForSelector('[data-testid="confirm-unit"]');
      await committed(page, () => page.click('[data-testid="confirm-unit"]'));
      await page.waitForSelector('[data-testid="missing-none"]');
    }
  }
  throw new Error(`定稿 still refused after settling ${settled.join('; ')}`);
}
