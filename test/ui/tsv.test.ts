import { describe, expect, it } from 'vitest';
import { parseTsv, toTsv } from '../../src/ui/grid/tsv';

describe('parseTsv', () => {
  it('splits cells on tabs and rows on CRLF as Excel copies them, without an extra row for the last line break', () => {
    expect(parseTsv('3.5\t4\r\n2\t1.5\r\n')).toEqual([
      ['3.5', '4'],
      ['2', '1.5'],
    ]);
  });

  it('accepts LF and CR line ends and text without a trailing line break', () => {
    expect(parseTsv('1\t2\n3\t4')).toEqual([
      ['1', '2'],
      ['3', '4'],
    ]);
    expect(parseTsv('1\r2\r')).toEqual([['1'], ['2']]);
  });

  it('keeps empty cells, including empty cells at the end of a row', () => {
    expect(parseTsv('\t5\t\r\n\t\t\r\n')).toEqual([
      ['', '5', ''],
      ['', '', ''],
    ]);
  });

  it('reads a single copied cell, and a single empty cell', () => {
    expect(parseTsv('88.5\r\n')).toEqual([['88.5']]);
    expect(parseTsv('\r\n')).toEqual([['']]);
  });

  it('unquotes cells holding line breaks, tabs or quotes, with doubled inner quotes', () => {
    expect(parseTsv('"第一行\r\n第二行"\t"a\tb"\t"说""明"""\r\n')).toEqual([['第一行\r\n第二行', 'a\tb', '说"明"']]);
  });

  it('keeps a quote that does not open a quoted cell as text', () => {
    expect(parseTsv('"未闭合\t2\r\n')).toEqual([['"未闭合', '2']]);
    expect(parseTsv('5"\t"x"y\r\n')).toEqual([['5"', 'xy']]);
  });

  it('keeps full-width digits as typed (the cell parser converts them) and drops a byte-order mark', () => {
    expect(parseTsv('\uFEFF３．５\t１００％\r\n')).toEqual([['３．５', '１００％']]);
  });
});

describe('toTsv', () => {
  it('writes what parseTsv reads back, quoting only where needed', () => {
    const rows = [
      ['3.5', '是', ''],
      ['a\tb', '说"明"', '两\r\n行'],
    ];
    const text = toTsv(rows);
    expect(text).toBe('3.5\t是\t\r\n"a\tb"\t"说""明"""\t"两\r\n行"\r\n');
    expect(parseTsv(text)).toEqual(rows);
  });
});
