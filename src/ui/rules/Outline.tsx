/**
 * The indicator tree as an outline. Keyboard: ↑/↓ select, Alt+↑/↓ reorder, Alt+←/→ outdent/indent,
 * Enter adds an item below (at the same level), Insert or Ctrl+Enter adds a sub-item, F2 renames,
 * Delete removes (Ctrl+Z brings it back). Rows can also be dragged: onto the upper or lower edge of a
 * row to place before or after it, onto the middle of a group to put inside it.
 */
import { useRef, useState, type DragEvent, type KeyboardEvent } from 'react';
import type { RuleSet } from '../../engine';
import {
  addChild,
  addSibling,
  indent,
  moveBy,
  moveNode,
  nodeAt,
  outdent,
  outlineRows,
  pathId,
  removeNode,
  type Edit,
  type NodePath,
} from '../../report/ruleDraft/outline';
import { issuesOfNode, childrenSum, nodeMax, type PlacedIssue } from '../../report/ruleDraft/issues';
import { useI18n } from '../useT';
import { TypeChip } from './TypeChip';

export interface OutlineProps {
  ruleSet: RuleSet;
  issues: readonly PlacedIssue[];
  selected: NodePath;
  onSelect(path: NodePath): void;
  onEdit(edit: Edit): void;
  /** a node was added: its name box wants the focus */
  onAdded(path: NodePath): void;
  onRename(): void;
}

type Drop = { target: string; where: 'before' | 'after' | 'inside' };

export function Outline({ ruleSet, issues, selected, onSelect, onEdit, onAdded, onRename }: OutlineProps) {
  const { t, num } = useI18n();
  const rows = outlineRows(ruleSet);
  const selectedId = pathId(selected);
  const index = Math.max(0, rows.findIndex((r) => pathId(r.path) === selectedId));
  const [drag, setDrag] = useState<NodePath | null>(null);
  const [drop, setDrop] = useState<Drop | null>(null);
  const tree = useRef<HTMLDivElement>(null);
  const newName = t('rules.newItem');

  const act = (edit: Edit | null, added = false) => {
    if (!edit) return;
    onEdit(edit);
    if (added) onAdded(edit.at);
  };

  const onKeyDown = (e: KeyboardEvent) => {
    const path = rows[index]?.path ?? [];
    const node = nodeAt(ruleSet, path);
    const key = e.key;
    let handled = true;
    if (e.altKey && key === 'ArrowUp') act(moveBy(ruleSet, path, -1));
    else if (e.altKey && key === 'ArrowDown') act(moveBy(ruleSet, path, 1));
    else if (e.altKey && key === 'ArrowLeft') act(outdent(ruleSet, path));
    else if (e.altKey && key === 'ArrowRight') act(indent(ruleSet, path));
    else if (key === 'ArrowUp') onSelect(rows[Math.max(0, index - 1)]!.path);
    else if (key === 'ArrowDown') onSelect(rows[Math.min(rows.length - 1, index + 1)]!.path);
    else if (key === 'Home') onSelect(rows[0]!.path);
    else if (key === 'End') onSelect(rows[rows.length - 1]!.path);
    else if (key === 'Insert' || (key === 'Enter' && (e.ctrlKey || e.metaKey))) {
      act(node?.type === 'group' ? addChild(ruleSet, path, 'deduction', newName) : null, true);
    } else if (key === 'Enter') {
      act(path.length === 0 ? addChild(ruleSet, path, 'deduction', newName) : addSibling(ruleSet, path, 'deduction', newName), true);
    } else if (key === 'Delete') act(removeNode(ruleSet, path));
    else if (key === 'F2') onRename();
    else handled = false;
    if (handled) e.preventDefault();
  };

  const whereOf = (e: DragEvent, isGroup: boolean): Drop['where'] => {
    const box = (e.currentTarget as HTMLElement).getBoundingClientRect();
    const y = (e.clientY - box.top) / box.height;
    if (isGroup && y > 0.3 && y < 0.7) return 'inside';
    return y < 0.5 ? 'before' : 'after';
  };
  const dropOn = (target: NodePath, where: Drop['where']) => {
    if (!drag) return;
    const node = nodeAt(ruleSet, target);
    if (where === 'inside' && node?.type === 'group') act(moveNode(ruleSet, drag, target, node.children.length));
    else if (target.length > 0) {
      const parent = target.slice(0, -1);
      let i = target[target.length - 1]! + (where === 'after' ? 1 : 0);
      // counted after the dragged node left: one less when it came from earlier in the same group
      if (pathId(drag.slice(0, -1)) === pathId(parent) && drag[drag.length - 1]! < i) i -= 1;
      act(moveNode(ruleSet, drag, parent, i));
    }
    setDrag(null);
    setDrop(null);
  };

  return (
    <div
      className="outline"
      role="tree"
      tabIndex={0}
      ref={tree}
      aria-label={t('rules.outline')}
      aria-activedescendant={`node-${selectedId}`}
      data-testid="rule-outline"
      onKeyDown={onKeyDown}
    >
      {rows.map(({ path, node }) => {
        const id = pathId(path);
        const own = issuesOfNode(issues, path);
        const errors = own.filter((i) => i.severity === 'error').length;
        const warnings = own.length - errors;
        const isGroup = node.type === 'group';
        const d = drop?.target === id ? ` drop-${drop.where}` : '';
        return (
          <div
            key={id}
            id={`node-${id}`}
            role="treeitem"
            aria-level={path.length + 1}
            aria-selected={id === selectedId}
            className={`outline-row level-${Math.min(path.length, 5)}${id === selectedId ? ' selected' : ''}${d}`}
            style={{ paddingLeft: 8 + path.length * 22 }}
            data-testid="outline-row"
            data-path={id}
            data-key={node.key}
            draggable={path.length > 0}
            onClick={() => {
              onSelect(path);
              tree.current?.focus();
            }}
            onDragStart={(e) => {
              setDrag(path);
              e.dataTransfer.effectAllowed = 'move';
              e.dataTransfer.setData('text/plain', node.key);
            }}
            onDragOver={(e) => {
              if (!drag) return;
              e.preventDefault();
              const where = whereOf(e, isGroup);
              if (drop?.target !== id || drop.where !== where) setDrop({ target: id, where });
            }}
            onDragLeave={() => setDrop((x) => (x?.target === id ? null : x))}
            onDrop={(e) => {
              e.preventDefault();
              dropOn(path, whereOf(e, isGroup));
            }}
            onDragEnd={() => {
              setDrag(null);
              setDrop(null);
            }}
          >
            <TypeChip type={node.type} />
            <span className="outline-name">{node.name || <em className="muted">{t('rules.unnamed')}</em>}</span>
            <span className="outline-key">{node.key}</span>
            {errors > 0 && (
              <span className="outline-badge error" title={own.filter((i) => i.severity === 'error').map((i) => i.message).join('\n')} data-testid="outline-error">
                {errors}
              </span>
            )}
            {warnings > 0 && (
              <span className="outline-badge warning" title={own.filter((i) => i.severity === 'warning').map((i) => i.message).join('\n')}>
                !
              </span>
            )}
            <span className="outline-points" data-testid="outline-points">
              {node.type === 'penalty'
                ? t('rules.penaltyPoints', { n: node.cap === null ? t('rules.uncapped') : num(node.cap ?? 0) })
                : isGroup && node.max !== undefined && childrenSum(node) !== node.max
                  ? t('rules.groupPointsOf', { sum: num(childrenSum(node)), max: num(node.max) })
                  : t('common.points', { n: num(nodeMax(node)) })}
              {node.weight !== undefined && <span className="outline-weight">×{num(node.weight)}</span>}
            </span>
          </div>
        );
      })}
    </div>
  );
}
