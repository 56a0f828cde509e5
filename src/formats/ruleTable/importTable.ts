/**
 * 导入考核细则: a filled workbook → a validated rule set, or the list of located problems (nothing is
 * used then). The hidden 规则参数 sheet, when present, supplies what the table cannot carry; without it
 * the defaults of carried.ts apply and are listed, so the user checks them in the review step.
 */
import { parseRuleSet, type RuleSet, type RuleWarning, type RuleNode } from '../../engine';
import { DEFAULTS_USED, defaultHead, semanticsOutsideTable, type TableParams } from './carried';
import { buildTree, resolveEffects } from './build';
import { PARAMS_SHEET, type TableProblem } from './layout';
import { outline } from './outline';
import { readRuleTable, type RawTable } from './readXlsx';

export interface TableImportOptions {
  /** used when the workbook has no 规则参数 sheet */
  fallback: { id: string; name?: string; year: number; group: { key: string; name: string } };
}

export type TableImport =
  | {
      ok: true;
      ruleSet: RuleSet;
      warnings: RuleWarning[];
      /** true when the 规则参数 sheet supplied the fields outside the table */
      withParams: boolean;
      /** with params: the semantics only that sheet keeps; without: the defaults that were assumed */
      outsideTable: string[];
    }
  | { ok: false; problems: TableProblem[] };

function parseParams(text: string): TableParams | undefined {
  try {
    const v = JSON.parse(text) as unknown;
    if (typeof v !== 'object' || v === null) return undefined;
    const p = v as Partial<TableParams>;
    return p.head && p.root && p.nodes && p.vetoes && p.subs ? (p as TableParams) : undefined;
  } catch {
    return undefined;
  }
}

const titleName = (title: string) => title.replace(/考核细则$/, '').trim();

/** JSON path of a validator issue → the row it came from (the longest known prefix). */
function rowOf(rows: Map<string, number>, path: string): number | undefined {
  let best: string | undefined;
  for (const p of rows.keys()) if ((path === p || path.startsWith(`${p}.`) || path.startsWith(`${p}[`)) && (!best || p.length > best.length)) best = p;
  return best === undefined ? undefined : rows.get(best);
}

export function tableToRuleSet(table: RawTable, options: TableImportOptions): TableImport {
  const o = outline(table);
  const built = buildTree(table, o.roots, o.vetoes);
  const problems = [...o.problems, ...built.problems];
  let params: TableParams | undefined;
  if (table.params !== undefined) {
    params = parseParams(table.params);
    if (!params) problems.push({ sheet: PARAMS_SHEET, row: 2, column: 'A', message: '隐藏的“规则参数”表已损坏：请从导出的原表恢复，或删除该表（删除后等次等按示例值设置）' });
  }
  if (o.roots.length === 0 && problems.length === 0) problems.push({ sheet: table.sheet, row: 0, column: '', message: '表中没有任何指标行' });
  if (problems.length > 0) return { ok: false, problems };

  const name = titleName(table.title) || options.fallback.name || '导入的考核细则';
  const year = Number(table.title.match(/(20\d\d)年/)?.[1] ?? options.fallback.year);
  const head = params?.head ?? defaultHead({ ...options.fallback, name, year });
  const names = new Map<string, string>();
  const enrich = (n: RuleNode): RuleNode => {
    names.set(n.key, n.name);
    const extra = params?.nodes[n.key] ?? {};
    const subSource = <T extends { key: string }>(s: T): T => {
      const src = params?.subs[`${n.key}/${s.key}`];
      return src === undefined ? s : { ...s, source: src };
    };
    if (n.type === 'group') return { ...n, ...extra, children: n.children.map(enrich) };
    if ((n.type === 'deduction' || n.type === 'penalty') && n.checkpoints) return { ...n, ...extra, checkpoints: n.checkpoints.map(subSource) } as RuleNode;
    if (n.type === 'checklist') return { ...n, ...extra, items: n.items.map(subSource) };
    return { ...n, ...extra } as RuleNode;
  };
  const children = built.root.map(enrich);
  const vetoProblems: TableProblem[] = [];
  const vetoes = built.vetoes.map((v, i) => {
    const r = resolveEffects(v.effects, head.tiers, names);
    for (const u of r.unknown) vetoProblems.push({ sheet: table.sheet, row: built.rows.get(`vetoes[${i}]`) ?? 0, column: table.columns.扣分方法 ?? '', message: u });
    const extra = params?.vetoes[v.key] ?? {};
    const { description, ...rest } = extra as { description?: string };
    const effects = r.effects.map((e) => (e.type === 'fail' && description !== undefined ? { ...e, description } : e));
    return { key: v.key, name: v.name, ...rest, ...(effects.length === 1 ? { effect: effects[0] } : { effects }) };
  });
  if (vetoProblems.length > 0) return { ok: false, problems: vetoProblems };

  const root = params ? { ...params.root, children } : { key: 'total', name: '总分', type: 'group' as const, children };
  const parsed = parseRuleSet({ ...head, root, vetoes });
  if (!parsed.ok) {
    return {
      ok: false,
      problems: parsed.errors.map((e) => {
        const row = rowOf(built.rows, e.path);
        return row === undefined
          ? { sheet: params ? PARAMS_SHEET : table.sheet, row: 0, column: '', message: `${e.path}：${e.message}` }
          : { sheet: table.sheet, row, column: '', message: `${e.message}（规则集位置 ${e.path}）` };
      }),
    };
  }
  return {
    ok: true,
    ruleSet: parsed.ruleSet,
    warnings: parsed.warnings,
    withParams: params !== undefined,
    outsideTable: params ? semanticsOutsideTable(parsed.ruleSet) : DEFAULTS_USED,
  };
}

export async function importRuleTable(bytes: Uint8Array, file: string, options: TableImportOptions): Promise<TableImport> {
  const read = await readRuleTable(bytes, file);
  return read.ok ? tableToRuleSet(read.table, options) : read;
}

/** A problem as one line: "考核细则 第5行 F列：…". */
export function problemText(p: TableProblem): string {
  const place = p.row > 0 ? `第${p.row}行${p.column ? ` ${p.column}列` : ''}` : '';
  return `${p.sheet}${place ? ` ${place}` : ''}：${p.message}`;
}
