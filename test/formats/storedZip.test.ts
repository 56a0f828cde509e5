/** The quick zip path: what it writes any zip reader opens, and what it reads matches the entries. */
import JSZip from 'jszip';
import { describe, expect, it } from 'vitest';
import { crc32, storedEntries, writeZip } from '../../src/formats/storedZip';

const bytes = (n: number, seed: number) => Uint8Array.from({ length: n }, (_, i) => (i * 31 + seed) & 0xff);

describe('storedZip', () => {
  it('computes the standard CRC-32 ("123456789" → cbf43926)', () => {
    expect(crc32(new TextEncoder().encode('123456789')).toString(16)).toBe('cbf43926');
  });

  it('writes a zip JSZip reads back (text deflated, files stored), with CRCs checked', async () => {
    const text = new TextEncoder().encode('{"a":"评分"}'.repeat(200));
    const zip = (await writeZip([
      { name: 'bundle.json', bytes: text, deflate: true },
      { name: 'files/ab', bytes: bytes(5000, 1) },
      { name: '目录/图.png', bytes: bytes(10, 2) },
    ]))!;
    expect(zip.byteLength).toBeLessThan(text.byteLength + 5000 + 10 + 400);
    const read = await JSZip.loadAsync(zip, { checkCRC32: true });
    expect(Object.keys(read.files)).toEqual(['bundle.json', 'files/ab', '目录/图.png']);
    expect(await read.file('bundle.json')!.async('uint8array')).toEqual(text);
    expect(await read.file('files/ab')!.async('uint8array')).toEqual(bytes(5000, 1));
    const stored = storedEntries(zip)!;
    expect([...stored.keys()]).toEqual(['files/ab', '目录/图.png']);
    expect(stored.get('目录/图.png')).toEqual(bytes(10, 2));
  });

  it('reads the stored entries of a zip JSZip wrote, and gives up on one that is not a zip', async () => {
    const z = new JSZip();
    z.file('x.json', '{}', { compression: 'DEFLATE' });
    z.file('files/1', bytes(300, 3), { compression: 'STORE' });
    const stored = storedEntries(await z.generateAsync({ type: 'uint8array' }))!;
    // JSZip adds the folder as an empty stored entry
    expect([...stored.keys()]).toEqual(['files/', 'files/1']);
    expect(stored.get('files/1')).toEqual(bytes(300, 3));
    expect(storedEntries(new TextEncoder().encode('{"type":"not a zip"}'))).toBeNull();
  });
});
