import { describe, expect, it } from 'vitest';
import { decodeFileText } from '../../src/formats/fileText';
import { encodeGb18030, encodeUtf16, utf8 } from '../fixtures/encodings';

const TEXT = '{"name":"政务公开年度考核"}';

describe('decodeFileText: one encoding policy for the app and the command line', () => {
  it('reads UTF-8 with or without a byte order mark', () => {
    expect(decodeFileText(utf8(TEXT), 'a.json')).toEqual({ ok: true, text: TEXT, encoding: 'UTF-8' });
    expect(decodeFileText(utf8(TEXT, true), 'a.json')).toEqual({ ok: true, text: TEXT, encoding: 'UTF-8' });
  });

  it('converts UTF-16 that carries its byte order mark (the encoding is then certain)', () => {
    expect(decodeFileText(encodeUtf16(TEXT, 'le'), 'a.json')).toEqual({ ok: true, text: TEXT, encoding: 'UTF-16LE' });
    expect(decodeFileText(encodeUtf16(TEXT, 'be'), 'a.json')).toEqual({ ok: true, text: TEXT, encoding: 'UTF-16BE' });
  });

  it('refuses GB18030 (GBK) text, naming the encoding found and how to save as UTF-8', () => {
    const r = decodeFileText(encodeGb18030(TEXT), 'gbk.json');
    expect(r.ok).toBe(false);
    const [issue] = r.ok ? [] : r.errors;
    expect(issue!.path).toBe('gbk.json');
    expect(issue!.message).toContain('GB18030');
    expect(issue!.message).toContain('UTF-8');
    expect(issue!.message).toContain('另存为');
  });

  it('says a renamed workbook or other binary file is not a text file at all', () => {
    const zip = new Uint8Array([0x50, 0x4b, 0x03, 0x04, 0x14, 0x00, 0x06, 0x00, 0xff, 0xfe, 0x00]);
    const r = decodeFileText(zip, 'book.json');
    expect(r.ok ? '' : r.errors[0]!.message).toContain('ZIP');
  });

  it('says other bytes are not UTF-8 and where the first unreadable byte is', () => {
    const r = decodeFileText(new Uint8Array([0x7b, 0x22, 0xff, 0x22, 0x7d]), 'odd.json');
    expect(r.ok ? '' : r.errors[0]!.message).toMatch(/不是 UTF-8.*第 3 个字节/);
  });
});
