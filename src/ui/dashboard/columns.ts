/** The ranking table's score columns, shared by the table, the what-if view and the presentation. */
import type { T } from '../useT';
import type { CompiledRuleSet, UnitResult } from '../../engine';

export interface Column {
  key: string;
  name: string;
  /** second header line: 满分20 / 最高5 / 扣分 */
  sub: string;
}

/**
 * The first-level indicators, then the top-level parts that are not indicators (加分, 重大扣分项), so
 * that the columns of a row add up to its total as the reader expects.
 */
export function rankColumns(c: CompiledRuleSet, t: T, num: (n: number) => string): Column[] {
  const maxText = (key: string) => num(c.maxOf(key).n / c.maxOf(key).d);
  const columns: Column[] = c.indicators.map((i) => ({ ...i, sub: t('rankings.max', { n: maxText(i.key) }) }));
  const holdsIndicator = new Set<string>();
  for (const i of c.indicators) for (let k = c.parent.get(i.key); k !== undefined; k = c.parent.get(k)) holdsIndicator.add(k);
  for (const child of c.ruleSet.root.children) {
    if (columns.some((col) => col.key === child.key) || holdsIndicator.has(child.key)) continue;
    const sub = child.type === 'penalty' ? t('rankings.deduct') : t('rankings.upTo', { n: maxText(child.key) });
    columns.push({ key: child.key, name: child.name, sub });
  }
  return columns;
}

export function indicatorCell(u: UnitResult, key: string, decimals: number, num: (n: number, d?: number) => string): string {
  const node = u.nodes[key];
  if (u.unscored || !node || !node.applicable) return '—';
  return num(node.score, decimals);
}
