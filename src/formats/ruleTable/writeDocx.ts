/**
 * The 考核细则 as a Word table to annex to the 考核方案: 附件 mark, title in 小标宋, a landscape table in
 * 仿宋 with 黑体 headers; 一级/二级 cells merged down over their items with the points in the name
 * ("基础信息公开（20分）"), check points under their item, 单项否决 at the end, and the 合计 line.
 */
import type * as Docx from 'docx';
import type { RuleSet } from '../../model/ruleSet';
import { A4, FONTS, LANDSCAPE_MARGIN, LANDSCAPE_WIDTH_MM, SIZE, documentStyles, emptyParagraph, loadDocx, mm, packDocx, pageNumberFooters, run, titleParagraph, type DocxLib } from '../docx/gongwen';
import { levelHeader, tableTitle } from './layout';
import { nodePoints, tableRows, type TableRow } from './rows';
import { levelCount } from './writeXlsx';

interface GridCell {
  id: string;
  text: string;
  align: 'left' | 'center';
}

const pointsText = (n: number | null) => (n === null ? '' : String(n));
const round = (n: number) => Number(n.toFixed(4));

/** Rows of the Word table: leaves and their sub-rows, each with the cell identity per level column. */
function grid(ruleSet: RuleSet, levels: number): GridCell[][] {
  const rows = tableRows(ruleSet);
  const out: GridCell[][] = [];
  const ancestors: TableRow[] = [];
  let leaf: TableRow | undefined;
  rows.forEach((r, i) => {
    if (r.kind === 'group') {
      ancestors.length = r.level;
      ancestors.push(r);
      return;
    }
    if (r.kind !== 'checkpoint' && r.kind !== 'item') {
      ancestors.length = r.level;
      leaf = r;
    }
    const owner = leaf as TableRow;
    const cells: GridCell[] = [];
    for (let j = 0; j < levels; j++) {
      const a = ancestors[j];
      if (a && j < owner.level) cells.push({ id: `g:${a.key || a.name}:${j}`, text: a.total !== undefined ? `${a.name}（${round(a.total)}分）` : a.name, align: 'center' });
      else cells.push({ id: `l:${owner.key}`, text: owner.name, align: 'left' });
    }
    const sub = r !== owner;
    cells.push({ id: `p${i}`, text: pointsText(sub && r.kind === 'checkpoint' ? null : r.points), align: 'center' });
    cells.push({ id: `s${i}`, text: r.standard, align: 'left' });
    cells.push({ id: `m${i}`, text: r.method, align: 'left' });
    out.push(cells);
  });
  return out;
}

export async function ruleTableDocx(ruleSet: RuleSet): Promise<Uint8Array> {
  const d: DocxLib = await loadDocx();
  const levels = levelCount(ruleSet);
  const rest = LANDSCAPE_WIDTH_MM - levels * 28;
  const widthsMm = [...Array.from({ length: levels }, () => 28), 14, Math.round((rest - 14) * 0.55), rest - 14 - Math.round((rest - 14) * 0.55)];
  const widths = widthsMm.map(mm);
  const size = SIZE.五号;
  const para = (text: string, align: 'left' | 'center', font: string) =>
    new d.Paragraph({
      alignment: align === 'left' ? d.AlignmentType.LEFT : d.AlignmentType.CENTER,
      spacing: { line: Math.round(size * 20 * 1.25), lineRule: 'atLeast', before: 20, after: 20 },
      run: { size: size * 2, font: { ascii: font, hAnsi: font, eastAsia: font, cs: font } },
      children: [run(d, text, { font, size })],
    });
  const cell = (text: string, from: number, span: number, align: 'left' | 'center', font: string, rowSpan = 1, shaded = false) =>
    new d.TableCell({
      width: { size: widths.slice(from, from + span).reduce((a, b) => a + b, 0), type: d.WidthType.DXA },
      verticalAlign: d.VerticalAlignTable.CENTER,
      margins: { left: 40, right: 40 },
      ...(span > 1 && { columnSpan: span }),
      ...(rowSpan > 1 && { rowSpan }),
      ...(shaded && { shading: { type: d.ShadingType.CLEAR, fill: 'F2F2F2', color: 'auto' } }),
      children: [para(text, align, font)],
    });

  const headers = [...Array.from({ length: levels }, (_, i) => levelHeader(i, levels)), '分值', '评分标准', '扣分方法'];
  const header = new d.TableRow({ tableHeader: true, cantSplit: true, children: headers.map((h, i) => cell(h, i, 1, 'center', FONTS.heading, 1, true)) });
  const g = grid(ruleSet, levels);
  const body: Docx.TableRow[] = g.map((cells, r) => {
    const children: Docx.TableCell[] = [];
    for (let j = 0; j < cells.length; ) {
      const c = cells[j] as GridCell;
      let span = 1;
      while (j + span < levels && cells[j + span]?.id === c.id) span++;
      const above = g[r - 1]?.[j];
      if (above?.id !== c.id || j >= levels) {
        let rowSpan = 1;
        if (j < levels) while (g[r + rowSpan]?.[j]?.id === c.id) rowSpan++;
        children.push(cell(c.text, j, span, c.align, FONTS.body, rowSpan));
      }
      j += span;
    }
    return new d.TableRow({ cantSplit: true, children });
  });
  const total = round(nodePoints(ruleSet.root));
  {
    body.push(new d.TableRow({ cantSplit: true, children: [cell('合计', 0, levels, 'center', FONTS.heading), cell(String(total), levels, 1, 'center', FONTS.body), cell('', levels + 1, 2, 'left', FONTS.body)] }));
  }
  const table = new d.Table({
    width: { size: widths.reduce((a, b) => a + b, 0), type: d.WidthType.DXA },
    columnWidths: widths,
    layout: d.TableLayoutType.FIXED,
    alignment: d.AlignmentType.CENTER,
    rows: [header, ...body],
  });
  const doc = new d.Document({
    title: tableTitle(ruleSet.name),
    styles: documentStyles(),
    sections: [
      {
        properties: { page: { size: { width: A4.width, height: A4.height, orientation: d.PageOrientation.LANDSCAPE }, margin: LANDSCAPE_MARGIN } },
        footers: pageNumberFooters(d, 'center'),
        children: [
          new d.Paragraph({ children: [run(d, '附件', { font: FONTS.heading })] }),
          titleParagraph(d, tableTitle(ruleSet.name)),
          emptyParagraph(d),
          table,
        ],
      },
    ],
  });
  return packDocx(d, doc);
}
