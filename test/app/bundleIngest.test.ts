/**
 * The worker's handler gives exactly what the page's own path gave (readTextFile, then parseBundle):
 * the same bundle for a sound file, the same problems with the same places for a spoilt one. It is
 * called here without a worker; the worker only passes messages to it.
 */
import { Buffer } from 'node:buffer';
import { readFileSync } from 'node:fs';
import { describe, expect, it, vi } from 'vitest';
import { CHUNK_BYTES, handleIngestRequest, readBytes, type IngestMessage, type IngestProgress } from '../../src/app/bundleIngest';
import { readTextFile } from '../../src/app/readTextFile';
import { makeBundle, parseBundle, serializeBundle, type BundleParse } from '../../src/formats/bundle';
import { isCheckedBundle } from '../../src/model/checkedBundle';
import { synthetic } from '../../bench/synthetic';
import { hostileJson, seeded } from '../fixtures/hostileFiles';

const demoText = readFileSync(new URL('../../public/demo/demo-bundle.json', import.meta.url), 'utf8');
const demo = JSON.parse(demoText) as Record<string, unknown>;

async function viaWorkerHandler(bytes: Uint8Array, name: string, file: File = new File([bytes as Uint8Array<ArrayBuffer>], name)): Promise<{ messages: IngestMessage[]; result: BundleParse }> {
  const messages: IngestMessage[] = [];
  await handleIngestRequest({ file, fileName: name }, (m) => messages.push(m));
  const last = messages.at(-1);
  if (last?.kind !== 'result') throw new Error(`no result: ${JSON.stringify(last)}`);
  return { messages, result: last.result };
}

/** The file in parts of a megabyte: its stream comes in pieces of that size, as a file on disk does. */
function inParts(bytes: Uint8Array, name: string): File {
  const parts: Uint8Array<ArrayBuffer>[] = [];
  for (let at = 0; at < bytes.length; at += 1 << 20) parts.push(bytes.slice(at, at + (1 << 20)));
  return new File(parts, name);
}

/** today's path on the page, as ImportSection called it */
async function onThePage(bytes: Uint8Array, name: string): Promise<BundleParse> {
  const read = await readTextFile(new File([bytes as Uint8Array<ArrayBuffer>], name));
  return read.ok ? parseBundle(read.text, name) : read;
}

const utf8 = (s: string) => new TextEncoder().encode(s);

describe('reading a bundle for import off the page', () => {
  it('gives the demo bundle exactly as the page read it, with the stages in order', async () => {
    // trailing blanks are valid JSON: the file is in parts of a megabyte, whose edges fall inside Chinese characters
    const bytes = utf8(demoText + ' '.repeat(2 * CHUNK_BYTES));
    const { messages, result } = await viaWorkerHandler(bytes, 'demo.json', inParts(bytes, 'demo.json'));
    expect(result.ok).toBe(true);
    expect(result).toEqual(await onThePage(bytes, 'demo.json'));
    const progress = messages.flatMap((m) => (m.kind === 'progress' ? [m.progress] : []));
    const reads = progress.filter((p) => p.stage === 'read');
    // a file of this size is read in one call: told at the start and at the end
    expect(reads.map((p) => p.loaded)).toEqual([0, bytes.length]);
    expect(reads.every((p) => p.total === bytes.length)).toBe(true);
    expect(progress.slice(reads.length).map((p) => p.stage)).toEqual(['parse', 'check']);
  });

  it('reads a file above the size read in one call as a stream, telling progress each chunk, and stops between chunks', async () => {
    const bytes = utf8(demoText + ' '.repeat(2 * CHUNK_BYTES));
    const told: IngestProgress[] = [];
    // the limit of a whole read put below this file's size, as for a file above it
    const read = await readBytes(inParts(bytes, 'demo.json'), (p) => told.push(p), () => false, CHUNK_BYTES);
    expect(read && Buffer.from(read).equals(bytes)).toBe(true);
    // told about every CHUNK_BYTES: at the first piece that reaches the next mark, and at the end
    expect(told.map((p) => p.loaded)).toEqual([0, CHUNK_BYTES, 2 * CHUNK_BYTES, bytes.length]);
    expect(told.every((p) => p.stage === 'read' && p.total === bytes.length)).toBe(true);
    // a stop asked once the first chunk is told: nothing is given, and no later chunk is told
    const stopped: IngestProgress[] = [];
    const none = await readBytes(inParts(bytes, 'demo.json'), (p) => stopped.push(p), () => stopped.length > 1, CHUNK_BYTES);
    expect(none).toBeUndefined();
    expect(stopped.map((p) => p.loaded)).toEqual([0, CHUNK_BYTES]);
    // read whole, a stop asked meanwhile gives nothing either
    expect(await readBytes(new File([bytes as Uint8Array<ArrayBuffer>], 'demo.json'), () => undefined, () => true)).toBeUndefined();
  });

  it('refuses a file in another encoding with the same message, before parsing', async () => {
    const gbk = new Uint8Array([0x7b, 0x22, 0xd5, 0xc5, 0xc3, 0xf4, 0x22, 0x7d]); // {"张敏"} in GBK
    const { messages, result } = await viaWorkerHandler(gbk, 'gbk.json');
    expect(result.ok).toBe(false);
    expect(result).toEqual(await onThePage(gbk, 'gbk.json'));
    expect(messages.some((m) => m.kind === 'progress' && m.progress.stage === 'parse')).toBe(false);
  });

  it('names broken JSON at the same line and column, without a check stage', async () => {
    const bytes = utf8(demoText.replace('"schemaVersion": 2,', '"schemaVersion": 2'));
    const { messages, result } = await viaWorkerHandler(bytes, 'broken.json');
    expect(result).toEqual(await onThePage(bytes, 'broken.json'));
    expect(result.ok ? [] : result.errors.map((e) => e.path)).toEqual(['broken.json:4:3']);
    expect(messages.some((m) => m.kind === 'progress' && m.progress.stage === 'check')).toBe(false);
  });

  it('reads a file in the layout this program writes from its bytes, and a spoilt one as the page does', async () => {
    const syn = synthetic(5, 24, 2);
    const text = serializeBundle(
      makeBundle({ assessment: { id: 's', name: '考核', year: 2025, status: 'open' }, ruleSets: [syn.ruleSet], units: syn.units, assessors: syn.assessors, entries: syn.entries, exportedAt: '2025-01-01T00:00:00.000Z' }),
    );
    const parse = vi.spyOn(JSON, 'parse');
    const sound = await viaWorkerHandler(utf8(text), 's.json');
    // read from its bytes: the text with its packs is never made, let alone parsed
    const longest = Math.max(...parse.mock.calls.map(([t]) => t.length));
    parse.mockRestore();
    expect(longest).toBeLessThan(text.indexOf('"entryPacks"') + 100);
    expect(sound.result).toEqual(await onThePage(utf8(text), 's.json'));
    expect(sound.result.ok && isCheckedBundle(sound.result.bundle)).toBe(true);
    expect(sound.messages.flatMap((m) => (m.kind === 'progress' ? [m.progress.stage] : [])).slice(-2)).toEqual(['parse', 'check']);
    const spoilt = [
      text.replace('"value":0.1}', '"value":7}'),
      text.replace('"unitId":"u00001"', '"unitId":"ghost"'),
      text.replace('"reason":"问题"', '"reason":"问\\u9898"'),
      text.slice(0, text.length - 10),
      text.replace(/\n\}\n$/, ',\n  "entryPacks": []\n}\n'),
    ];
    for (const [i, t] of spoilt.entries()) {
      const { result } = await viaWorkerHandler(utf8(t), 'b.json');
      expect(result, `file ${i}`).toEqual(await onThePage(utf8(t), 'b.json'));
    }
  });

  it('gives the same outcome as the page for each of 12 spoilt demo bundles', async () => {
    const files = hostileJson(demo, 'worker', 12, seeded(20261203));
    let refused = 0;
    for (const f of files) {
      const { result } = await viaWorkerHandler(f.bytes, f.name);
      expect(result, f.name).toEqual(await onThePage(f.bytes, f.name));
      if (!result.ok) refused++;
    }
    // the corpus is mostly refusals: the comparison covers problem lists, not only sound files
    expect(refused).toBeGreaterThan(5);
  }, 120_000);
});
