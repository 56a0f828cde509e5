/**
 * 公文 layout (GB/T 9704-2012, 党政机关公文格式) for .docx files: A4, the version core's margins,
 * 22 lines of 28 characters, the official fonts and sizes, page numbers "— 1 —".
 *
 * The docx library is loaded on demand (`loadDocx`) so that the app's first screen does not carry it.
 * Font names are the official ones; machines without them substitute, so every run also declares its
 * text as zh-CN to make the substitute a CJK font. What each program does with a missing font (see
 * docs/deploy.md, 字体):
 * - Word tries the font table's w:altName, then matches panose, charset and family. It reads altName as
 *   ONE name of at most 31 characters, not a list ([MS-OI29500] 2.1.262), so each font gets the single
 *   most likely alternative; the same face's English name (FangSong for 仿宋) needs no entry, as the
 *   font answers to both.
 * - LibreOffice ignores altName and panose and asks fontconfig (checked with LibreOffice 7.4: a missing
 *   font with a serif altName still came out in the default sans CJK font).
 * - WPS does not document its substitution: an office checks it once with its own copy (docs/deploy.md).
 */
import type * as Docx from 'docx';

export type DocxLib = typeof Docx;

export const loadDocx = (): Promise<DocxLib> => import('docx');

/** Text the drafter replaces before issue (发文机关, 主送机关, dates). */
export const PLACEHOLDER = 'XXXX';

export const FONTS = {
  /** 标题: 2号方正小标宋简体 */
  title: '方正小标宋简体',
  /** 正文: 3号仿宋_GB2312 */
  body: '仿宋_GB2312',
  /** 一级标题: 3号黑体 */
  heading: '黑体',
  /** 二级标题: 3号楷体_GB2312 */
  subheading: '楷体_GB2312',
  /** 页码: 4号半角宋体 */
  pageNumber: '宋体',
} as const;

/** Font sizes in points by their Chinese names. */
export const SIZE = { 小初: 36, 二号: 22, 小二: 18, 三号: 16, 四号: 14, 小四: 12, 五号: 10.5 } as const;

/** Millimetres to twips (1/1440 inch). */
export const mm = (x: number): number => Math.round((x / 25.4) * 1440);

/** A4 in twips: the page size every 公文 uses. */
export const A4 = { width: 11906, height: 16838 } as const;

/** 版心 156 × 225 mm: 天头 37 mm, 订口 28 mm (GB/T 9704 7.1). */
export const PORTRAIT_MARGIN = { top: mm(37), bottom: mm(35), left: mm(28), right: mm(26), header: mm(15), footer: mm(24) };
/** Landscape pages for wide attachment tables. */
export const LANDSCAPE_MARGIN = { top: mm(28), bottom: mm(26), left: mm(26), right: mm(26), header: mm(12), footer: mm(14) };

export const PORTRAIT_WIDTH_MM = 210 - 28 - 26;
export const LANDSCAPE_WIDTH_MM = 297 - 26 - 26;

/** 22 lines in a 225 mm 版心: a fixed line pitch of 28.95 pt. */
export const BODY_LINE = 579;
/** One character of 3号 text, for indents. */
export const CHAR = SIZE.三号 * 20;

/**
 * Word's font table entries: the official name, the one alternative Word will try, and a panose so that
 * its own substitution stays close. The alternatives are what Windows (7 and later) and 信创 machines
 * commonly have when the official font is missing: 仿宋 (FangSong) and 楷体 (KaiTi) ship with Windows in
 * place of the GB2312 editions; 方正小标宋_GBK is the other edition of the title face, the one 信创
 * font packs and many offices install. 黑体 and 宋体 ship with Windows; their entries name the same face's
 * English name for systems that register only that.
 */
const FONT_TABLE: { name: string; altName: string; panose: string; family: 'roman' | 'modern' | 'swiss' }[] = [
  { name: FONTS.body, altName: '仿宋', panose: '02010609030101010101', family: 'roman' },
  { name: FONTS.title, altName: '方正小标宋_GBK', panose: '02000000000000000000', family: 'roman' },
  { name: FONTS.heading, altName: 'SimHei', panose: '02010609060101010101', family: 'swiss' },
  { name: FONTS.subheading, altName: '楷体', panose: '02010609030101010101', family: 'roman' },
  { name: FONTS.pageNumber, altName: 'SimSun', panose: '02010600030101010101', family: 'roman' },
];

const xmlEscape = (s: string): string => s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');

/** word/fontTable.xml naming every font the document uses, with GB2312 (charset 86) and fallbacks. */
export function fontTableXml(): string {
  const fonts = FONT_TABLE.map(
    (f) =>
      `<w:font w:name="${xmlEscape(f.name)}"><w:altName w:val="${xmlEscape(f.altName)}"/><w:panose1 w:val="${f.panose}"/>` +
      `<w:charset w:val="86"/><w:family w:val="${f.family}"/><w:pitch w:val="variable"/></w:font>`,
  ).join('');
  return (
    '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>' +
    '<w:fonts xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main" ' +
    'xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships">' +
    fonts +
    '</w:fonts>'
  );
}

export interface RunStyle {
  font?: string;
  /** points */
  size?: number;
  bold?: boolean;
  color?: string;
  /** a line break before the text */
  breakBefore?: boolean;
}

/** A run in one font for every script (CJK and the digits in it), declared as Simplified Chinese. */
export function run(d: DocxLib, text: string, style: RunStyle = {}): Docx.TextRun {
  const font = style.font ?? FONTS.body;
  return new d.TextRun({
    text,
    font: { ascii: font, hAnsi: font, eastAsia: font, cs: font },
    size: Math.round((style.size ?? SIZE.三号) * 2),
    ...(style.bold ? { bold: true } : {}),
    ...(style.color ? { color: style.color } : {}),
    ...(style.breakBefore ? { break: 1 } : {}),
    language: { value: 'zh-CN', eastAsia: 'zh-CN' },
  });
}

/** Document defaults: 3号仿宋 at the fixed 28.95 pt line pitch. */
export function documentStyles(): Docx.IStylesOptions {
  return {
    default: {
      document: {
        run: {
          font: { ascii: FONTS.body, hAnsi: FONTS.body, eastAsia: FONTS.body, cs: FONTS.body },
          size: SIZE.三号 * 2,
          language: { value: 'zh-CN', eastAsia: 'zh-CN' },
        },
        paragraph: { spacing: { line: BODY_LINE, lineRule: 'exact', before: 0, after: 0 } },
      },
    },
  };
}

/** Body paragraph: 3号仿宋, first line indented two characters, justified. */
export function bodyParagraph(d: DocxLib, text: string, style: RunStyle = {}, keepNext = false): Docx.Paragraph {
  return new d.Paragraph({
    alignment: d.AlignmentType.BOTH,
    indent: { firstLine: CHAR * 2 },
    ...(keepNext ? { keepNext: true } : {}),
    children: [run(d, text, style)],
  });
}

/** 一级标题 "一、总体情况": 3号黑体, indented like the body. */
export function headingParagraph(d: DocxLib, text: string): Docx.Paragraph {
  return new d.Paragraph({ indent: { firstLine: CHAR * 2 }, keepNext: true, children: [run(d, text, { font: FONTS.heading })] });
}

/** 标题: 2号方正小标宋简体, centred, 35 pt line pitch as long titles wrap. */
export function titleParagraph(d: DocxLib, text: string, size: number = SIZE.二号): Docx.Paragraph {
  return new d.Paragraph({
    alignment: d.AlignmentType.CENTER,
    spacing: { line: Math.round(size * 20 * 1.6), lineRule: 'exact' },
    children: [run(d, text, { font: FONTS.title, size })],
  });
}

export const emptyParagraph = (d: DocxLib, keepNext = false): Docx.Paragraph =>
  new d.Paragraph({ ...(keepNext ? { keepNext: true } : {}), children: [] });

/** A half-line gap, e.g. between a table and the next heading. */
export const gapParagraph = (d: DocxLib): Docx.Paragraph =>
  new d.Paragraph({ spacing: { line: BODY_LINE / 2, lineRule: 'exact' }, children: [] });

export type PageNumberPosition = 'outside' | 'center';

/**
 * Page numbers "— 1 —" in 4号宋体 below the version core: odd pages right and even pages left, each one
 * character in from the edge (GB/T 9704 7.5), or centred on every page.
 */
export function pageNumberFooters(d: DocxLib, position: PageNumberPosition): { default: Docx.Footer; even?: Docx.Footer } {
  const indent = SIZE.四号 * 20;
  const make = (alignment: 'left' | 'right' | 'center') =>
    new d.Footer({
      children: [
        new d.Paragraph({
          alignment: alignment === 'left' ? d.AlignmentType.LEFT : alignment === 'right' ? d.AlignmentType.RIGHT : d.AlignmentType.CENTER,
          spacing: { line: 240, lineRule: 'auto' },
          indent: alignment === 'left' ? { left: indent } : alignment === 'right' ? { right: indent } : {},
          children: [
            new d.TextRun({
              children: ['— ', d.PageNumber.CURRENT, ' —'],
              font: { ascii: FONTS.pageNumber, hAnsi: FONTS.pageNumber, eastAsia: FONTS.pageNumber, cs: FONTS.pageNumber },
              size: SIZE.四号 * 2,
            }),
          ],
        }),
      ],
    });
  return position === 'center' ? { default: make('center') } : { default: make('right'), even: make('left') };
}

/** Packs a document with the font table above. */
export async function packDocx(d: DocxLib, doc: Docx.Document): Promise<Uint8Array> {
  const buf = await d.Packer.toArrayBuffer(doc, false, [{ path: 'word/fontTable.xml', data: fontTableXml() }]);
  return new Uint8Array(buf);
}

/* ---------- tables ---------- */

export interface TableSpec {
  /** column widths in millimetres */
  widths: number[];
  header: string[];
  rows: { text: string; align?: 'left' | 'center' | 'right' }[][];
  /** points; 五号 by default */
  size?: number;
}

/** A bordered table: 黑体 header repeated on every page, 仿宋 cells, rows that never split across pages. */
export function table(d: DocxLib, spec: TableSpec): Docx.Table {
  const size = spec.size ?? SIZE.五号;
  const widths = spec.widths.map(mm);
  const cellParagraph = (text: string, align: 'left' | 'center' | 'right', font: string) =>
    new d.Paragraph({
      alignment: align === 'left' ? d.AlignmentType.LEFT : align === 'right' ? d.AlignmentType.RIGHT : d.AlignmentType.CENTER,
      spacing: { line: Math.round(size * 20 * 1.25), lineRule: 'atLeast', before: 20, after: 20 },
      // the paragraph mark's size too: an empty cell would otherwise be as tall as a line of 3号 text
      run: { size: size * 2, font: { ascii: font, hAnsi: font, eastAsia: font, cs: font } },
      // "\n" breaks the line inside a cell (a header's points under its name)
      children: text.split('\n').map((line, i) => (i === 0 ? run(d, line, { font, size }) : run(d, line, { font, size, breakBefore: true }))),
    });
  const cell = (text: string, i: number, align: 'left' | 'center' | 'right', font: string, shaded = false) =>
    new d.TableCell({
      width: { size: widths[i] ?? 0, type: d.WidthType.DXA },
      verticalAlign: d.VerticalAlignTable.CENTER,
      margins: { left: 28, right: 28 },
      ...(shaded ? { shading: { type: d.ShadingType.CLEAR, fill: 'F2F2F2', color: 'auto' } } : {}),
      children: [cellParagraph(text, align, font)],
    });
  const header = new d.TableRow({
    tableHeader: true,
    cantSplit: true,
    children: spec.header.map((h, i) => cell(h, i, 'center', FONTS.heading, true)),
  });
  const rows = spec.rows.map(
    (r) => new d.TableRow({ cantSplit: true, children: r.map((c, i) => cell(c.text, i, c.align ?? 'center', FONTS.body)) }),
  );
  return new d.Table({
    width: { size: widths.reduce((a, b) => a + b, 0), type: d.WidthType.DXA },
    columnWidths: widths,
    layout: d.TableLayoutType.FIXED,
    alignment: d.AlignmentType.CENTER,
    rows: [header, ...rows],
  });
}
