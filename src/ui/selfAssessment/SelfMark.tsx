/** A unit's self score in small type in its grid cell, coloured where it differs from the assessors'. */
import { selfDifference } from '../../app/selfAssessment';
import type { NodeResult, UnitResult } from '../../engine';
import type { GridColumn } from '../grid/columns';
import { useI18n } from '../useT';
import './self.css';

export function SelfMark({ self, node, display }: { self: number | undefined; node: NodeResult | undefined; display: number }) {
  const { t, num } = useI18n();
  if (self === undefined) return null;
  const state = selfDifference(self, node);
  const shown = num(self, display);
  const title =
    state === 'differs' && node ? t('self.cellDiff', { self: shown, score: num(node.score, display) }) : t('self.cellSame', { self: shown });
  return (
    <span className={`cell-self${state === 'differs' ? ' diff' : ''}`} data-testid="cell-self" data-state={state ?? ''} title={title}>
      {t('self.cellSelf', { n: shown })}
    </span>
  );
}

/** The extra class of a leaf cell whose self score differs. */
export function selfCellClass(self: ReadonlyMap<string, number> | undefined, col: GridColumn, nodes: UnitResult['nodes'] | undefined): string {
  if (!self || col.kind !== 'leaf') return '';
  return selfDifference(self.get(col.leaf.key), nodes?.[col.leaf.key]) === 'differs' ? ' self-diff' : '';
}
