/** What a column header says about its column: maximum and kind, and in the tooltip how to enter it. */
import type { T } from '../useT';
import type { CompiledRuleSet } from '../../engine';
import type { GridColumn } from './columns';

const num = (c: CompiledRuleSet, key: string) => {
  const m = c.maxOf(key);
  return Math.round((m.n / m.d) * 100) / 100;
};

/** One short line under the name: "满分4 · 打分". */
export function columnMeta(t: T, c: CompiledRuleSet, col: GridColumn): string {
  if (col.kind === 'veto') return t('entry.grid.metaVeto');
  if (col.kind === 'subtotal') return t('entry.grid.maxShort', { n: num(c, col.indicator) });
  const leaf = col.leaf;
  const kind = t(`entry.leafTypes.${leaf.type}`);
  if (leaf.type === 'penalty') return leaf.cap === null ? t('entry.grid.metaPenaltyUncapped') : t('entry.grid.metaPenalty', { cap: leaf.cap });
  if (leaf.type === 'checklist') return t('entry.grid.metaChecklist', { n: num(c, leaf.key), items: leaf.items.length });
  return `${t('entry.grid.maxShort', { n: num(c, leaf.key) })} · ${kind}`;
}

/** The header's tooltip: the indicator's full path and what to type. */
export function columnHint(t: T, c: CompiledRuleSet, col: GridColumn): string {
  if (col.kind === 'subtotal') return t('entry.grid.hintSubtotal', { name: col.name });
  if (col.kind === 'veto') return t('entry.grid.hintVeto', { name: col.veto.name });
  const leaf = col.leaf;
  const path = col.path.join(' › ');
  let how: string;
  switch (leaf.type) {
    case 'points':
    case 'bonus':
      how = t('entry.grid.hintPoints', { max: leaf.max, step: leaf.step ?? c.ruleSet.precision.step });
      break;
    case 'ratio':
      how = t('entry.grid.hintRatio', { measure: leaf.measure ?? leaf.name });
      break;
    case 'checklist':
      how = t('entry.grid.hintChecklist', { items: leaf.items.map((i, n) => `${n + 1}. ${i.name}`).join('；') });
      break;
    case 'deduction':
      how = t('entry.grid.hintDeduction', { max: leaf.max });
      break;
    case 'penalty':
      how = t('entry.grid.hintPenalty');
      break;
  }
  return col.perObject ? `${path}\n${t('entry.grid.perObject')}` : `${path}\n${how}`;
}
