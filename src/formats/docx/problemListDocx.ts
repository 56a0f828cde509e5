/**
 * 问题清单: one .docx per unit for rectification (整改) — every deduction with its check point, reason,
 * evidence and points, the other items where points were lost, and any veto — or all of them in one zip.
 */
import { UniqueNames, zipSegment } from '../zipEntryName';
import { fitInto, imageSize } from '../imageSize';
import type * as Docx from 'docx';
import { scoreText, type UnitProblems } from '../../report/reportTables';
import {
  A4,
  PLACEHOLDER,
  PORTRAIT_MARGIN,
  bodyParagraph,
  documentStyles,
  emptyParagraph,
  gapParagraph,
  headingParagraph,
  loadDocx,
  packDocx,
  pageNumberFooters,
  table,
  titleParagraph,
  type DocxLib,
  type PageNumberPosition,
  FONTS,
  run,
} from './gongwen';
import { draftHeaders } from './circularDocx';

/** A file attached to a finding, as the problem list shows it: images embedded, other files named. */
export interface ProblemAttachment {
  name: string;
  type: string;
  bytes: Uint8Array;
}

export interface ProblemListOptions {
  /** attachments by finding id */
  evidence?: ReadonlyMap<string, readonly ProblemAttachment[]>;
  /** for the zip of every unit's list: reads one unit's attachments as its list is written */
  evidenceOf?: (unitId: string) => Promise<ReadonlyMap<string, readonly ProblemAttachment[]>>;
  year: number;
  /** who receives the 整改 report; default "XXXX" */
  issuer?: string;
  /** 整改期限; default "XXXX年XX月XX日" */
  deadline?: string;
  pageNumbers?: PageNumberPosition;
  /** 征求意见: a mark such as 征求意见稿 in the header of every page and under the title */
  draft?: string;
  /** the unit's appeals and their decisions, listed in their own section */
  appeals?: readonly ProblemListAppeal[];
}

/** One appeal as the unit's feedback lists it. */
export interface ProblemListAppeal {
  filedAt: string;
  appellant: string;
  /** the findings or cells appealed against, in words */
  targets: string[];
  reason: string;
  /** 待处理, 申诉成立, 申诉不成立 */
  status: string;
  reply?: string;
}

const CHINESE_ORDINALS = ['一', '二', '三', '四', '五', '六'];

/** The summary sentence at the top of a unit's list. */
export function problemSummary(p: UnitProblems, year: number, consultation = false): string {
  const head = `经考核，你单位${year}年度政务公开工作`;
  // a list sent while cells are open is a preliminary one, and must not read as the last word
  if (p.missing > 0) {
    return `${head}尚有${p.missing}项未评完，以下为初步结果：目前得分${p.totalText}分，暂列${p.groupSize}个${p.groupName}中第${p.rank}位，等次待评完后确定。现将目前发现的问题反馈如下。`;
  }
  if (consultation) {
    const result = p.unscored
      ? `因${p.vetoes.map((v) => `“${v.name}”`).join('、')}被一票否决，初步等次为${p.tierName}`
      : `初步得分${p.totalText}分，在${p.groupSize}个${p.groupName}中暂列第${p.rank}位，初步等次为${p.tierName}`;
    return `${head}${result}。现将初步结果和发现的问题反馈如下，征求你单位意见；如有异议，请在规定时间内提出申诉并附佐证材料，逾期视为无异议。`;
  }
  if (p.unscored) {
    return `${head}因${p.vetoes.map((v) => `“${v.name}”`).join('、')}被一票否决，考核等次为${p.tierName}。现将考核发现的问题反馈如下，请逐项整改。`;
  }
  return (
    `${head}考核得分${p.totalText}分，在${p.groupSize}个${p.groupName}中排名第${p.rank}位，考核等次为${p.tierName}。` +
    '现将考核发现的问题反馈如下，请逐项整改。'
  );
}

function sections(d: DocxLib, p: UnitProblems, options: ProblemListOptions): (Docx.Paragraph | Docx.Table)[] {
  const out: (Docx.Paragraph | Docx.Table)[] = [];
  let n = 0;
  const heading = (text: string) => out.push(headingParagraph(d, `${CHINESE_ORDINALS[n++] ?? n}、${text}`));

  if (p.vetoes.length > 0) {
    heading('否决事项');
    p.vetoes.forEach((v, i) =>
      out.push(bodyParagraph(d, `${i + 1}．${v.name}${v.reason ? `：${v.reason}` : ''}（${v.effect}）。`)),
    );
  }

  heading('扣分问题');
  if (p.findings.length === 0) out.push(bodyParagraph(d, '无扣分问题。'));
  else {
    out.push(
      table(d, {
        widths: [10, 24, 28, 48, 32, 14],
        header: ['序号', '指标', '检查点', '问题描述', '佐证', '扣分'],
        rows: p.findings.map((f, i) => [
          { text: String(i + 1) },
          { text: f.indicator, align: 'left' },
          { text: f.checkpoint ? `${f.item}：${f.checkpoint}` : f.item, align: 'left' },
          { text: f.object ? `【${f.object}】${f.reason}` : f.reason, align: 'left' },
          { text: f.evidence, align: 'left' },
          { text: scoreText(f.points, p.decimals) },
        ]),
      }),
      gapParagraph(d),
    );
  }

  const evidence = evidenceParagraphs(d, p, options.evidence);
  if (evidence.length > 0) {
    heading('问题佐证材料');
    out.push(...evidence);
  }

  if (p.losses.length > 0) {
    heading('其他失分情况');
    out.push(
      table(d, {
        widths: [10, 26, 32, 15, 15, 15, 43],
        header: ['序号', '指标', '检查点', '得分', '满分', '失分', '说明'],
        rows: p.losses.map((l, i) => [
          { text: String(i + 1) },
          { text: l.indicator, align: 'left' },
          { text: l.item, align: 'left' },
          { text: scoreText(l.score, p.decimals) },
          { text: scoreText(l.max, p.decimals) },
          { text: scoreText(l.lost, p.decimals) },
          { text: l.note, align: 'left' },
        ]),
      }),
      gapParagraph(d),
    );
  }

  if (options.appeals && options.appeals.length > 0) {
    heading('申诉及处理情况');
    out.push(
      table(d, {
        widths: [10, 22, 40, 40, 18, 34],
        header: ['序号', '申诉时间及申诉人', '申诉事项', '申诉理由', '处理结果', '处理意见'],
        rows: options.appeals.map((a, i) => [
          { text: String(i + 1) },
          { text: `${a.filedAt}\n${a.appellant}`, align: 'left' },
          { text: a.targets.join('\n'), align: 'left' },
          { text: a.reason, align: 'left' },
          { text: a.status },
          { text: a.reply ?? '', align: 'left' },
        ]),
      }),
      gapParagraph(d),
    );
  }

  heading('整改要求');
  out.push(
    bodyParagraph(
      d,
      `请对照以上问题逐项整改，于${options.deadline ?? `${PLACEHOLDER}年XX月XX日`}前将整改情况书面报送${options.issuer ?? PLACEHOLDER}。`,
    ),
  );
  return out;
}

/** Images at most 15 cm wide and 12 cm high (A4 text width is 15.6 cm): a screenshot's text stays readable. */
const IMAGE_BOX = { width: 567, height: 454 };
const IMAGE_TYPES: Record<string, 'png' | 'jpg' | 'gif'> = { 'image/png': 'png', 'image/jpeg': 'jpg', 'image/gif': 'gif' };

/** Under each finding's number and reason, its images one under another, then its other files by name. */
function evidenceParagraphs(d: DocxLib, p: UnitProblems, evidence: ProblemListOptions['evidence']): Docx.Paragraph[] {
  if (!evidence || evidence.size === 0) return [];
  const out: Docx.Paragraph[] = [];
  p.findings.forEach((f, i) => {
    const files = f.ids.flatMap((id) => evidence.get(id) ?? []);
    if (files.length === 0) return;
    out.push(bodyParagraph(d, `${i + 1}．${f.item}：${f.reason}`, {}, true));
    const named: string[] = [];
    for (const file of files) {
      const kind = IMAGE_TYPES[file.type];
      const size = kind ? imageSize(file.bytes) : undefined;
      if (!kind || !size) {
        named.push(file.name);
        continue;
      }
      const shown = fitInto(size, IMAGE_BOX.width, IMAGE_BOX.height);
      out.push(
        // the body's exact line pitch would clip a picture to one line's height: this paragraph sizes to it
        new d.Paragraph({ alignment: d.AlignmentType.CENTER, keepNext: true, spacing: { line: 240, lineRule: d.LineRuleType.AUTO, before: 120 }, children: [new d.ImageRun({ type: kind, data: file.bytes, transformation: shown, altText: { name: file.name, title: file.name, description: f.reason } })] }),
        new d.Paragraph({ alignment: d.AlignmentType.CENTER, children: [new d.TextRun({ text: file.name, size: 21 })] }),
      );
    }
    if (named.length > 0) out.push(bodyParagraph(d, `附件：${named.join('；')}`));
  });
  return out;
}

async function buildDocument(d: DocxLib, p: UnitProblems, options: ProblemListOptions): Promise<Uint8Array> {
  const position = options.pageNumbers ?? 'outside';
  const title = options.draft
    ? `${p.unitName}${options.year}年度政务公开工作考核初步结果及问题清单`
    : `${p.unitName}${options.year}年度政务公开工作考核问题清单${p.missing > 0 ? '（初步）' : ''}`;
  const doc = new d.Document({
    title,
    styles: documentStyles(),
    evenAndOddHeaderAndFooters: position === 'outside',
    sections: [
      {
        properties: {
          page: { size: { width: A4.width, height: A4.height, orientation: d.PageOrientation.PORTRAIT }, margin: PORTRAIT_MARGIN },
        },
        footers: pageNumberFooters(d, position),
        ...draftHeaders(d, options.draft),
        children: [titleParagraph(d, title), ...draftLine(d, options.draft), emptyParagraph(d), bodyParagraph(d, problemSummary(p, options.year, options.draft !== undefined)), ...sections(d, p, options)],
      },
    ],
  });
  return packDocx(d, doc);
}

/** The mark under the title, red, as the circular's draft carries it. */
function draftLine(d: DocxLib, mark: string | undefined): Docx.Paragraph[] {
  return mark ? [new d.Paragraph({ alignment: d.AlignmentType.CENTER, children: [run(d, `（${mark}）`, { font: FONTS.heading, color: 'E60000' })] })] : [];
}

/** One unit's 问题清单. */
export async function problemListDocx(p: UnitProblems, options: ProblemListOptions): Promise<Uint8Array> {
  return buildDocument(await loadDocx(), p, options);
}

/** A file name that every system accepts: 03-兰州市-问题清单.docx. */
export function problemListFileName(p: UnitProblems, index: number): string {
  return `${String(index + 1).padStart(2, '0')}-${zipSegment(p.unitName, zipSegment(p.unitId, '单位'))}-问题清单.docx`;
}

/**
 * Every unit's list in one zip, a folder per group (lists in display order). `groups` maps a group
 * name to its units' lists.
 */
export async function problemListsZip(
  groups: readonly { groupName: string; lists: readonly UnitProblems[] }[],
  options: ProblemListOptions,
): Promise<Uint8Array> {
  const [d, { default: JSZip }] = await Promise.all([loadDocx(), import('jszip')]);
  const zip = new JSZip();
  const folders = new UniqueNames();
  for (const [k, g] of groups.entries()) {
    const folder = folders.take(zipSegment(g.groupName, `分组${k + 1}`));
    const files = new UniqueNames();
    for (const [i, p] of g.lists.entries()) {
      const evidence = options.evidenceOf ? await options.evidenceOf(p.unitId) : options.evidence;
      zip.file(`${folder}/${files.take(problemListFileName(p, i))}`, await buildDocument(d, p, { ...options, ...(evidence && { evidence }) }));
    }
  }
  return zip.generateAsync({ type: 'uint8array', compression: 'DEFLATE' });
}
