/**
 * Evidence in bundles at province scale: 50 units × 120 check points × 3 assessors, and 500 screenshots
 * of 150–300 KB (deterministic bytes behind a PNG signature: hashing and zipping cost what real ones do).
 * Export = read the attachments and files from storage and write the zip; import = read and check the zip
 * (every file hashed) and merge it with its files in one transaction. Storage is fake-indexeddb in Node,
 * not Chromium's IndexedDB; peak memory is the process's resident set sampled every 10 ms during the step.
 */
import 'fake-indexeddb/auto';
import { IDBKeyRange, indexedDB } from 'fake-indexeddb';
import { makeBundle } from '../src/formats/bundle';
import { readBundleZip, writeBundleZip } from '../src/formats/bundleZip';
import { mulberry32 } from '../src/cli/demoBundle';
import { KaoheDb } from '../src/store/database';
import { addAttachment, exportBundleWithFiles, importBundleWithFiles, loadBundleAsNewAssessment } from '../src/store/repo';
import { report } from './report';
import { synthetic } from './synthetic';

const SHOTS = 500;

function screenshot(rnd: () => number): Uint8Array {
  const size = 150 * 1024 + Math.floor(rnd() * 150 * 1024);
  const bytes = new Uint8Array(size);
  for (let i = 0; i < size; i += 4) {
    const v = (rnd() * 0x100000000) >>> 0;
    bytes[i] = v & 0xff;
    bytes[i + 1] = (v >>> 8) & 0xff;
    bytes[i + 2] = (v >>> 16) & 0xff;
    bytes[i + 3] = v >>> 24;
  }
  bytes.set([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);
  return bytes;
}

/** Runs a step and its peak resident set size (MB) as sampled while it ran. */
async function measured<T>(step: () => Promise<T>): Promise<{ value: T; ms: number; peakMb: number }> {
  let peak = process.memoryUsage().rss;
  const timer = setInterval(() => (peak = Math.max(peak, process.memoryUsage().rss)), 10);
  const t = performance.now();
  try {
    const value = await step();
    const ms = performance.now() - t;
    peak = Math.max(peak, process.memoryUsage().rss);
    return { value, ms, peakMb: peak / 1024 / 1024 };
  } finally {
    clearInterval(timer);
  }
}

export async function evidenceBench(units = 50, leaves = 120, assessors = 3): Promise<void> {
  const s = synthetic(units, leaves, assessors);
  const bundle = makeBundle({
    assessment: { id: 'bench-evidence', name: '基准测试：佐证材料', year: 2025, status: 'open' },
    ruleSets: [s.ruleSet],
    units: s.units,
    assessors: s.assessors,
    entries: s.entries,
    exportedAt: '2025-01-01T00:00:00.000Z',
  });
  const owners = s.entries.flatMap((e) => (e.findings ?? []).map((f) => ({ ownerId: f.id, unitId: e.unitId })));
  if (owners.length === 0) throw new Error('the synthetic sheets have no findings to attach to');

  const laptop = new KaoheDb('bench-evidence-laptop', { indexedDB, IDBKeyRange });
  await loadBundleAsNewAssessment(laptop, bundle);
  const rnd = mulberry32(20251203);
  let total = 0;
  for (let i = 0; i < SHOTS; i++) {
    const bytes = screenshot(rnd);
    total += bytes.byteLength;
    await addAttachment(laptop, bundle.assessment.id, { ...owners[i % owners.length]!, name: `截图${i}.png`, type: 'image/png', bytes }, '评分人0');
  }
  const note = `${s.entries.length} entries, ${SHOTS} screenshots, ${(total / 1024 / 1024).toFixed(0)} MB`;

  const exported = await measured(async () => {
    const { bundle: b, files } = await exportBundleWithFiles(laptop, bundle.assessment.id, { kind: 'full' });
    return writeBundleZip(b, [...files].map(([hash, bytes]) => ({ hash, bytes })));
  });
  report('evidence_export_zip_province', exported.ms, 'ms', `${note}; zip ${(exported.value.byteLength / 1024 / 1024).toFixed(0)} MB`);
  report('evidence_export_zip_province_peak_rss', exported.peakMb, 'MB', 'resident set while exporting');
  laptop.close();

  const office = new KaoheDb('bench-evidence-office', { indexedDB, IDBKeyRange });
  await loadBundleAsNewAssessment(office, bundle);
  const zip = exported.value;
  const imported = await measured(async () => {
    const read = await readBundleZip(zip, 'bench.zip');
    if (!read.ok) throw new Error(JSON.stringify(read.errors.slice(0, 3)));
    return importBundleWithFiles(office, bundle.assessment.id, read, '办公室');
  });
  if (imported.value.attachmentsAdded !== SHOTS) throw new Error(`imported ${imported.value.attachmentsAdded} attachments, expected ${SHOTS}`);
  report('evidence_import_zip_province', imported.ms, 'ms', `${note}: unzip, hash every file, merge in one transaction`);
  report('evidence_import_zip_province_peak_rss', imported.peakMb, 'MB', 'resident set while importing');
  office.close();
}

if (import.meta.url === `file://${process.argv[1]}`) await evidenceBench();
