/** The type of an indicator as a small coloured word: 分组, 打分, 扣分, 清单, 比率, 加分, 扣分项. */
import type { RuleNode } from '../../engine';
import { useI18n } from '../useT';
import type { MessageKey } from '../../i18n/messages';

export const TYPE_LABEL: Record<RuleNode['type'], MessageKey> = {
  group: 'rules.type.group',
  points: 'rules.type.points',
  deduction: 'rules.type.deduction',
  checklist: 'rules.type.checklist',
  ratio: 'rules.type.ratio',
  bonus: 'rules.type.bonus',
  penalty: 'rules.type.penalty',
};

export function TypeChip({ type }: { type: RuleNode['type'] }) {
  const { t } = useI18n();
  return <span className={`type-chip type-${type}`}>{t(TYPE_LABEL[type])}</span>;
}
