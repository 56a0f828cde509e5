/**
 * Export figures at nation scale, in headless Chromium: the app writes its files in the browser with the
 * browser builds of exceljs and docx, so the page bench/exportsPage.ts is bundled for the browser
 * (esbuild, honouring the packages' "browser" fields as Vite does) and timed there. Each figure is the
 * median of a few runs after one warm-up export.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { build } from 'esbuild';
import { serveStatic } from '../test/e2e/staticServer';
import { launch } from '../test/e2e/harness';
import type { ExportTimings } from './exportsPage';
import { median, report } from './report';

export async function exportBench(units: number, leaves: number, assessors: number, runs = 3): Promise<void> {
  const work = mkdtempSync(join(tmpdir(), 'zwgk-bench-export-'));
  const server = await serveStatic(work);
  const b = await launch(join(work, 'profile'));
  try {
    await build({
      entryPoints: [fileURLToPath(new URL('./exportsPage.ts', import.meta.url))],
      bundle: true,
      format: 'esm',
      platform: 'browser',
      target: 'es2022',
      minify: true,
      define: { 'process.env.NODE_ENV': '"production"' },
      outfile: join(work, 'exports.js'),
      logLevel: 'error',
    });
    writeFileSync(join(work, 'index.html'), '<!doctype html><meta charset="utf-8"><script type="module" src="exports.js"></script>');
    await b.page.goto(`${server.url}index.html?units=${units}&leaves=${leaves}&assessors=${assessors}&runs=${runs}`);
    const handle = await b.page.waitForFunction(() => (globalThis as { __bench?: unknown }).__bench, undefined, { timeout: 600_000, polling: 250 });
    const t = (await handle.jsonValue()) as ExportTimings | { error: string };
    if ('error' in t) throw new Error(`export bench failed in the browser: ${t.error}`);
    const mb = (n: number) => (n / 2 ** 20).toFixed(1);
    const runsOf = (xs: number[]) => xs.map((x) => x.toFixed(0)).join(' / ');
    report('export_xlsx_nation', median(t.xlsx), 'ms', `${units} units in Chromium, results + findings sheets, ${mb(t.xlsxBytes)} MB; runs ${runsOf(t.xlsx)} ms`);
    report('export_docx_nation', median(t.docx), 'ms', `${units} units in Chromium, circular with attachment table, ${mb(t.docxBytes)} MB; runs ${runsOf(t.docx)} ms`);
  } finally {
    await b.close().catch(() => undefined);
    await server.close();
    rmSync(work, { recursive: true, force: true });
  }
}
