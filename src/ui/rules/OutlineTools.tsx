/** Buttons over the outline for what the keyboard does (for mouse users, and to show the keys). */
import type { RuleSet } from '../../engine';
import { addChild, addSibling, indent, moveBy, nodeAt, outdent, removeNode, type Edit, type NodePath } from '../../report/ruleDraft/outline';
import { useI18n } from '../useT';

export function OutlineTools({ ruleSet, selected, onEdit, onAdded }: { ruleSet: RuleSet; selected: NodePath; onEdit(e: Edit): void; onAdded(): void }) {
  const { t } = useI18n();
  const node = nodeAt(ruleSet, selected);
  const name = t('rules.newItem');
  const buttons: { label: string; keys: string; edit: Edit | null; added?: boolean; testId: string }[] = [
    { label: t('rules.addSibling'), keys: 'Enter', edit: selected.length ? addSibling(ruleSet, selected, 'deduction', name) : null, added: true, testId: 'tool-sibling' },
    { label: t('rules.addChild'), keys: 'Ctrl+Enter', edit: node?.type === 'group' ? addChild(ruleSet, selected, 'deduction', name) : null, added: true, testId: 'tool-child' },
    { label: '↑', keys: 'Alt+↑', edit: moveBy(ruleSet, selected, -1), testId: 'tool-up' },
    { label: '↓', keys: 'Alt+↓', edit: moveBy(ruleSet, selected, 1), testId: 'tool-down' },
    { label: '←', keys: 'Alt+←', edit: outdent(ruleSet, selected), testId: 'tool-outdent' },
    { label: '→', keys: 'Alt+→', edit: indent(ruleSet, selected), testId: 'tool-indent' },
    { label: t('common.delete'), keys: 'Delete', edit: removeNode(ruleSet, selected), testId: 'tool-delete' },
  ];
  return (
    <div className="outline-tools">
      {buttons.map((b) => (
        <button
          key={b.testId}
          type="button"
          className="secondary small"
          data-testid={b.testId}
          title={b.keys}
          disabled={!b.edit}
          onClick={() => {
            if (!b.edit) return;
            onEdit(b.edit);
            if (b.added) onAdded();
          }}
        >
          {b.label}
        </button>
      ))}
    </div>
  );
}
