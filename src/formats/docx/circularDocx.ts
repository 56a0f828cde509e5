/**
 * The draft circular (考核情况通报) as .docx, laid out as a 公文 (GB/T 9704): 版头 with placeholders for
 * the issuing office and 文号, title, 主送机关, the generated sentences (overall situation per group, top
 * units in score order, full-score counts per indicator), 附件 list, signature and date placeholders, then
 * one attachment table per group on its own pages (landscape when the table is too wide for portrait).
 *
 * Everything not computed from results is a visible placeholder (XXXX, 〔  〕) to be filled before issue.
 */
import type * as Docx from 'docx';
import { groupSentences, indicatorSentences } from '../../report/circularText';
import type { GroupResult } from '../../engine';
import type { RuleSet } from '../../model/ruleSet';
import { flatColumns, flatText, groupTable, type FlatColumn, type GroupTable } from '../../report/reportTables';
import {
  A4,
  CHAR,
  FONTS,
  LANDSCAPE_MARGIN,
  LANDSCAPE_WIDTH_MM,
  PLACEHOLDER,
  PORTRAIT_MARGIN,
  PORTRAIT_WIDTH_MM,
  SIZE,
  bodyParagraph,
  mm,
  documentStyles,
  emptyParagraph,
  headingParagraph,
  loadDocx,
  packDocx,
  pageNumberFooters,
  run,
  table,
  titleParagraph,
  type DocxLib,
  type PageNumberPosition,
} from './gongwen';

export interface CircularGroup {
  ruleSet: RuleSet;
  result: GroupResult;
}

export interface CircularDocxOptions {
  /** the assessment year, used in the default title and attachment titles */
  year: number;
  /** default: 关于{year}年度政务公开工作考核结果的通报 */
  title?: string;
  /** 发文机关: shown in the 版头 and the signature; default "XXXX" */
  issuer?: string;
  /** 发文字号; default "XXXX〔  〕号" */
  docNumber?: string;
  /** 主送机关, without the colon; default "XXXX" */
  recipients?: string;
  /** 成文日期; default "XXXX年XX月XX日" */
  date?: string;
  /** paragraphs of 三、有关要求; default: one paragraph with placeholders */
  requirements?: string[];
  /** the document the assessment follows (依据), with or without 《》; default "XXXX" */
  basis?: string;
  /** the rectification deadline (整改期限) as a date, e.g. 2026年6月30日; default "XXXX年XX月XX日" */
  deadline?: string;
  /** 版记: 抄送机关 (optional) and 印发机关 with 印发日期; absent: no 版记 */
  banji?: Banji;
  /** short group labels in indicator sentences (省政府部门 → 部门) */
  shortNames?: Record<string, string>;
  /** page numbers outside (GB/T 9704) or centred */
  pageNumbers?: PageNumberPosition;
  /**
   * a mark such as 征求意见稿 put in the header of every page and before the title: a circular made
   * while results are provisional must not be mistakable for the issued one
   */
  draft?: string;
}

/** 版记 (GB/T 9704 7.4): who gets a copy, who printed it and when. */
export interface Banji {
  cc?: string;
  printer: string;
  printDate: string;
}

/** What the circular says, before layout: also what tests and the print view read. */
export interface CircularContent {
  issuerMark: string;
  docNumber: string;
  title: string;
  recipients: string;
  intro: string;
  sections: { heading: string; paragraphs: string[] }[];
  attachments: { label: string; title: string; table: GroupTable }[];
  signature: string;
  date: string;
  /** "抄送：…。" and "<印发机关>  <日期>印发", when a 版记 was asked for */
  banji?: { cc?: string; printer: string; printed: string };
}

/** 《title》 once, whether or not it was typed with its brackets. */
const bracketed = (title: string) => `《${title.replace(/^《/, '').replace(/》$/, '')}》`;

/** A deadline typed with or without its own 前 ("6月30日前") reads once as "于…前". */
const byDeadline = (deadline: string) => `于${deadline.replace(/前$/, '')}前`;

export function circularContent(groups: readonly CircularGroup[], options: CircularDocxOptions): CircularContent {
  const issuer = options.issuer ?? PLACEHOLDER;
  const results = groups.map((g) => g.result);
  const attachments = groups.map((g, i) => ({
    label: `附件${i + 1}`,
    title: `${options.year}年度${g.result.groupName}政务公开工作考核结果`,
    table: groupTable(g.ruleSet, g.result),
  }));
  return {
    issuerMark: `${issuer}文件`,
    docNumber: options.docNumber ?? `${PLACEHOLDER}〔\u3000\u3000〕号`,
    title: options.title ?? `关于${options.year}年度政务公开工作考核结果的通报`,
    recipients: `${options.recipients ?? PLACEHOLDER}：`,
    intro:
      `根据${bracketed(options.basis ?? PLACEHOLDER)}有关要求，${issuer}组织开展了${options.year}年度政务公开工作考核，` +
      `对${results.map((r) => r.groupName).join('、')}政务公开工作进行了评估。现将考核结果通报如下：`,
    sections: [
      { heading: '一、总体情况', paragraphs: results.map((r) => groupSentences(r).join('')).filter((p) => p !== '') },
      { heading: '二、各项指标情况', paragraphs: indicatorSentences(results, { shortNames: options.shortNames }) },
      {
        heading: '三、有关要求',
        paragraphs: options.requirements ?? [
          `各地各部门要对照考核反馈的问题清单，逐项分析原因，认真抓好整改落实，${byDeadline(options.deadline ?? `${PLACEHOLDER}年XX月XX日`)}将整改情况报送${issuer}。`,
        ],
      },
    ],
    attachments,
    signature: issuer,
    date: options.date ?? `${PLACEHOLDER}年XX月XX日`,
    ...(options.banji && {
      banji: {
        ...(options.banji.cc && { cc: `抄送：${options.banji.cc.replace(/[。.]$/, '')}。` }),
        printer: options.banji.printer,
        printed: `${options.banji.printDate.replace(/印发$/, '')}印发`,
      },
    }),
  };
}

/** Width of text in characters of its own size: CJK and full-width 1, ASCII ½. */
const textWidth = (s: string): number => [...s].reduce((w, ch) => w + (ch.charCodeAt(0) < 0x2000 ? 0.5 : 1), 0);

function attachmentList(d: DocxLib, attachments: CircularContent['attachments']): Docx.Paragraph[] {
  if (attachments.length === 0) return [];
  // "附件：1．…": later items' numbers under the first one's, and every wrapped line under the title's start
  const text = CHAR * 7;
  return attachments.map((a, i) =>
    i === 0
      ? new d.Paragraph({ keepNext: true, indent: { left: text, hanging: CHAR * 5 }, children: [run(d, `附件：${i + 1}．${a.title}`)] })
      : new d.Paragraph({ keepNext: true, indent: { left: text, hanging: CHAR * 2 }, children: [run(d, `${i + 1}．${a.title}`)] }),
  );
}

/** 发文机关署名 centred over 成文日期, which sits four characters in from the right (GB/T 9704 7.3.5). */
function signature(d: DocxLib, sig: string, date: string): Docx.Paragraph[] {
  const dateRight = 4;
  const sigRight = Math.max(0, dateRight + (textWidth(date) - textWidth(sig)) / 2);
  return [
    new d.Paragraph({ keepNext: true, alignment: d.AlignmentType.RIGHT, indent: { right: Math.round(CHAR * sigRight) }, children: [run(d, sig)] }),
    new d.Paragraph({ alignment: d.AlignmentType.RIGHT, indent: { right: CHAR * dateRight }, children: [run(d, date)] }),
  ];
}

/** Column widths (mm) for a results table, and whether it needs a landscape page. */
export function attachmentLayout(t: GroupTable, columns: readonly FlatColumn[]): { widths: number[]; landscape: boolean } {
  const longestUnit = Math.max(4, ...t.rows.map((r) => textWidth(r.unitName)));
  const fixed: Record<string, number> = { index: 10, rank: 11, tier: 13, bonus: 13, penalty: 13, total: 17 };
  const unit = Math.min(48, Math.max(24, longestUnit * 3.9 + 4));
  const base = columns.reduce((w, c) => w + (c.kind === 'unit' ? unit : (fixed[c.kind] ?? 0)), 0);
  const flexible = columns.filter((c) => c.kind === 'indicator' || c.kind === 'note');
  const minFlexible = flexible.reduce((w, c) => w + (c.kind === 'note' ? 30 : 18), 0);
  const landscape = base + minFlexible > PORTRAIT_WIDTH_MM;
  const available = (landscape ? LANDSCAPE_WIDTH_MM : PORTRAIT_WIDTH_MM) - base;
  const indicatorCount = flexible.filter((c) => c.kind === 'indicator').length;
  const hasNote = flexible.length > indicatorCount;
  // indicators up to 26 mm each; a note column takes what is left
  const perIndicator = indicatorCount === 0 ? 0 : Math.min(26, (available - (hasNote ? 30 : 0)) / indicatorCount);
  const note = hasNote ? available - perIndicator * indicatorCount : 0;
  const widths = columns.map((c) =>
    c.kind === 'unit' ? unit : c.kind === 'indicator' ? perIndicator : c.kind === 'note' ? note : (fixed[c.kind] ?? 12),
  );
  // spread any slack over all columns so that the table fills the version core's width
  const total = widths.reduce((a, b) => a + b, 0);
  const width = landscape ? LANDSCAPE_WIDTH_MM : PORTRAIT_WIDTH_MM;
  return { widths: widths.map((w) => (w * width) / total), landscape };
}

/** mm per character of 五号 (10.5 pt) text, the size of table cells */
const CELL_CHAR_MM = 10.5 * (25.4 / 72);

/**
 * An indicator's header in lines of even length ("重点领域" / "信息公开"), its points on a line of their
 * own: a narrow column would otherwise leave one character alone on a line or break inside "（20分）".
 */
export function indicatorHeader(c: FlatColumn, widthMm: number): string {
  const perLine = Math.max(2, Math.floor((widthMm - 1) / CELL_CHAR_MM));
  const chars = [...c.name];
  const lines = Math.ceil(chars.length / perLine);
  const size = Math.ceil(chars.length / lines);
  const name: string[] = [];
  for (let i = 0; i < chars.length; i += size) name.push(chars.slice(i, i + size).join(''));
  return [...name, c.header.slice(c.name.length)].join('\n');
}

/** The draft mark in the header of every page (odd and even), red and bold so a printout keeps it. */
export function draftHeaders(d: DocxLib, mark: string | undefined): { headers?: { default: Docx.Header; even: Docx.Header } } {
  if (!mark) return {};
  const header = () =>
    new d.Header({ children: [new d.Paragraph({ alignment: d.AlignmentType.RIGHT, children: [run(d, mark, { font: FONTS.heading, size: SIZE.三号, color: 'E60000' })] })] });
  return { headers: { default: header(), even: header() } };
}

function attachmentSection(
  d: DocxLib,
  a: CircularContent['attachments'][number],
  footers: ReturnType<typeof pageNumberFooters>,
  draft?: string,
): Docx.ISectionOptions {
  const columns = flatColumns(a.table);
  const { widths, landscape } = attachmentLayout(a.table, columns);
  const rows = a.table.rows.map((r) =>
    columns.map((c) => ({
      text: flatText(a.table, r, c),
      align: c.kind === 'unit' || c.kind === 'note' ? ('left' as const) : ('center' as const),
    })),
  );
  return {
    properties: {
      type: d.SectionType.NEXT_PAGE,
      page: {
        size: { width: A4.width, height: A4.height, orientation: landscape ? d.PageOrientation.LANDSCAPE : d.PageOrientation.PORTRAIT },
        margin: landscape ? LANDSCAPE_MARGIN : PORTRAIT_MARGIN,
      },
    },
    footers,
    ...draftHeaders(d, draft),
    children: [
      new d.Paragraph({ children: [run(d, a.label, { font: FONTS.heading })] }),
      titleParagraph(d, a.title, landscape ? SIZE.小二 : SIZE.二号),
      emptyParagraph(d),
      table(d, {
        widths,
        header: columns.map((c, i) => (c.kind === 'indicator' ? indicatorHeader(c, widths[i] ?? 20) : c.header)),
        rows,
      }),
    ],
  };
}

export async function circularDocx(groups: readonly CircularGroup[], options: CircularDocxOptions): Promise<Uint8Array> {
  const d = await loadDocx();
  const c = circularContent(groups, options);
  const footers = pageNumberFooters(d, options.pageNumbers ?? 'outside');
  const main: Docx.Paragraph[] = [
    new d.Paragraph({
      alignment: d.AlignmentType.CENTER,
      spacing: { line: SIZE.小初 * 20 * 1.4, lineRule: 'exact' },
      children: [run(d, c.issuerMark, { font: FONTS.title, size: SIZE.小初, color: 'E60000' })],
    }),
    emptyParagraph(d),
    new d.Paragraph({ alignment: d.AlignmentType.CENTER, children: [run(d, c.docNumber)] }),
    // 红色分隔线 under the 文号
    new d.Paragraph({ border: { bottom: { style: d.BorderStyle.SINGLE, size: 12, color: 'E60000', space: 1 } }, children: [] }),
    emptyParagraph(d),
    ...(options.draft ? [new d.Paragraph({ alignment: d.AlignmentType.CENTER, children: [run(d, `（${options.draft}）`, { font: FONTS.heading, color: 'E60000' })] })] : []),
    titleParagraph(d, c.title),
    emptyParagraph(d),
    new d.Paragraph({ children: [run(d, c.recipients)] }),
    bodyParagraph(d, c.intro),
  ];
  c.sections.forEach((s) => {
    main.push(headingParagraph(d, s.heading));
    // the text runs on freely: chaining the last section to the signature moved the whole section to
    // the next page and left half a page empty; the 附件说明 kept with the signature (below) means a
    // page never holds only the signature and date
    s.paragraphs.forEach((p) => main.push(bodyParagraph(d, p)));
  });
  // one blank line before the 附件说明 and one before the signature (GB/T 9704 7.3.4, 7.3.5.2): no more,
  // so that the block stays small enough to follow the text on its page
  main.push(emptyParagraph(d, true), ...attachmentList(d, c.attachments), emptyParagraph(d, true), ...signature(d, c.signature, c.date));

  const doc = new d.Document({
    title: c.title,
    creator: c.signature,
    styles: documentStyles(),
    evenAndOddHeaderAndFooters: (options.pageNumbers ?? 'outside') === 'outside',
    sections: [
      {
        properties: {
          page: { size: { width: A4.width, height: A4.height, orientation: d.PageOrientation.PORTRAIT }, margin: PORTRAIT_MARGIN },
          grid: { type: d.DocumentGridType.LINES, linePitch: 579 },
        },
        footers,
        ...draftHeaders(d, options.draft),
        children: main,
      },
      ...c.attachments.map((a) => attachmentSection(d, a, footers, options.draft)),
      ...(c.banji ? [banjiSection(d, c.banji, footers)] : []),
    ],
  });
  return packDocx(d, doc);
}

/**
 * 版记 on the last page, at its foot (GB/T 9704 7.4): 四号仿宋, one character in from both sides,
 * between a thick first and last line with a thin line between 抄送 and 印发.
 */
function banjiSection(d: DocxLib, b: NonNullable<CircularContent['banji']>, footers: ReturnType<typeof pageNumberFooters>): Docx.ISectionOptions {
  const thick = { style: d.BorderStyle.SINGLE, size: 8, color: '000000', space: 4 };
  const thin = { style: d.BorderStyle.SINGLE, size: 4, color: '000000', space: 4 };
  const size = SIZE.四号;
  const label = Math.round(size * 20 * 3); // "抄送：" in 四号
  // pushed to the foot of the page by space above it (section bottom alignment is not honoured everywhere):
  // the 版心 height less the 版记's lines
  const lines = b.cc ? 1 + Math.ceil((textWidth(b.cc) * size * 0.3528) / (PORTRAIT_WIDTH_MM - 2 * 5.6)) : 1;
  const before = mm(225 - 12 - lines * 12);
  const paragraphs: Docx.Paragraph[] = [];
  if (b.cc)
    paragraphs.push(
      new d.Paragraph({
        keepNext: true,
        spacing: { before },
        indent: { left: CHAR + label, right: CHAR, hanging: label },
        border: { top: thick, bottom: thin },
        children: [run(d, b.cc, { size })],
      }),
    );
  // 印发机关 at the left, 印发日期 at the right, on one line: a right tab stop at the text's right edge
  const right = mm(PORTRAIT_WIDTH_MM) - CHAR * 2;
  paragraphs.push(
    new d.Paragraph({
      ...(b.cc ? {} : { spacing: { before } }),
      indent: { left: CHAR, right: CHAR },
      tabStops: [{ type: d.TabStopType.RIGHT, position: right }],
      border: { ...(b.cc ? {} : { top: thick }), bottom: thick },
      children: [run(d, b.printer, { size }), new d.TextRun({ children: [new d.Tab()] }), run(d, b.printed, { size })],
    }),
  );
  return {
    properties: {
      type: d.SectionType.NEXT_PAGE,
      verticalAlign: d.VerticalAlignSection.BOTTOM,
      page: { size: { width: A4.width, height: A4.height, orientation: d.PageOrientation.PORTRAIT }, margin: PORTRAIT_MARGIN },
    },
    footers,
    children: paragraphs,
  };
}
