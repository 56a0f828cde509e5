/**
 * Raw rows → an outline of indicators: each row's name sits in its deepest filled level column; the
 * level columns left of it name its ancestors, whether merged, repeated on every row, or left blank
 * below their first row (as WPS users write them). A different name there starts a new group.
 */
import type { RawRow, RawTable } from './readXlsx';
import { kindOfLabel, pointsInName, type RowKind, type TableProblem } from './layout';

export interface OutlineNode {
  name: string;
  raw: RawRow;
  kind?: RowKind;
  /** a group made from an ancestor cell, without its own row */
  implicit: boolean;
  children: OutlineNode[];
  /** 检查点 / 要点 rows */
  subs: RawRow[];
}

export interface Outline {
  roots: OutlineNode[];
  vetoes: RawRow[];
  problems: TableProblem[];
}

const VETO_SECTION = /^(单项否决|一票否决|否决项)/;

export function outline(table: RawTable): Outline {
  const problems: TableProblem[] = [];
  const at = (raw: RawRow, column: string | undefined, message: string) =>
    problems.push({ sheet: table.sheet, row: raw.row, column: column ?? '', message });
  const roots: OutlineNode[] = [];
  const vetoes: RawRow[] = [];
  const stack: OutlineNode[] = [];
  let inVetoes = false;
  let last: OutlineNode | undefined;

  const attach = (node: OutlineNode, level: number) => {
    stack.length = level;
    (level === 0 ? roots : (stack[level - 1] as OutlineNode).children).push(node);
    stack.push(node);
  };

  for (const raw of table.rows) {
    const label = raw.cells.类型 ?? '';
    const kind = label ? kindOfLabel(label) : undefined;
    if (label && !kind) {
      at(raw, table.columns.类型, `类型“${label}”无法识别：应为 分组、打分、扣分、清单、比率、加分、扣分项、检查点、要点、否决 之一`);
      continue;
    }
    if (kind === 'checkpoint' || kind === 'item') {
      if (!last) at(raw, table.columns.类型, `${label}行之前没有指标：${label}须写在所属指标的下一行`);
      else last.subs.push(raw);
      continue;
    }
    const k = raw.levels.reduce((deepest, v, i) => (v ? i : deepest), -1);
    const top = raw.levels[0] ?? '';
    if (k === 0 && VETO_SECTION.test(top) && (kind === undefined || kind === 'group')) {
      inVetoes = true;
      continue;
    }
    if (kind === 'veto' || (inVetoes && (k <= 0 || raw.levels[0] === '' || VETO_SECTION.test(top)))) {
      vetoes.push(raw);
      continue;
    }
    inVetoes = false;
    if (k < 0) {
      at(raw, table.levelColumns[0], '这一行没有指标名称：各级指标列都是空的');
      continue;
    }
    let broken = false;
    for (let j = 0; j < k; j++) {
      const v = raw.levels[j] ?? '';
      const open = stack[j];
      if (!v || open?.name === v) {
        if (!open) {
          at(raw, table.levelColumns[j], `第${j + 1}级指标为空，上面也没有可沿用的指标`);
          broken = true;
          break;
        }
        continue;
      }
      attach({ name: v, raw, implicit: true, kind: 'group', children: [], subs: [] }, j);
    }
    if (broken) continue;
    const node: OutlineNode = { name: raw.levels[k] as string, raw, implicit: false, children: [], subs: [], ...(kind && { kind }) };
    attach(node, k);
    last = node;
  }
  return { roots, vetoes, problems };
}

/** "基础信息公开（20分）" → name and points. */
export function splitPoints(name: string): { name: string; points?: number } {
  const m = name.match(pointsInName);
  return m ? { name: name.slice(0, m.index).trim(), points: Number(m[1]) } : { name };
}
