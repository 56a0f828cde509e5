/**
 * 指定负责指标: an assessor's owned indicators, ticked on the indicator tree of each group's rule set.
 * Owning a node owns every check point under it (the "owner" aggregation and the entry page's "my
 * columns" read `owns` that way), so a node under a ticked one shows ticked and cannot be unticked.
 */
import { useMemo, useState } from 'react';
import { upsertAssessor } from '../../app/setup';
import { trackSave } from '../../app/saveStatus';
import type { Assessor, CompiledRuleSet } from '../../engine';
import { useI18n } from '../useT';
import { useApp } from '../appContext';
import { useAssessment } from '../useAssessment';
import { errorText } from '../errorText';
import { Modal } from './Modal';

interface TreeRow {
  key: string;
  name: string;
  level: number;
  leaves: number;
}

/** Nodes below the root down to `depth` levels, in tree order, with how many check points each holds. */
export function indicatorRows(c: CompiledRuleSet, depth = 3): TreeRow[] {
  const rows: TreeRow[] = [];
  const leavesUnder = (key: string) => c.leaves.filter((l) => ancestors(c, l.key).includes(key)).length;
  const visit = (key: string, level: number) => {
    const node = c.byKey.get(key);
    if (!node) return;
    if (level > 0) rows.push({ key, name: node.name, level, leaves: leavesUnder(key) });
    if (node.type === 'group' && level < depth) for (const child of node.children) visit(child.key, level + 1);
  };
  visit(c.ruleSet.root.key, 0);
  return rows;
}

function ancestors(c: CompiledRuleSet, key: string): string[] {
  const out: string[] = [];
  for (let k: string | undefined = key; k !== undefined; k = c.parent.get(k)) out.push(k);
  return out;
}

export function OwnsChooser({ assessor, onClose, onSaved }: { assessor: Assessor; onClose(): void; onSaved(message: string): void }) {
  const { t } = useI18n();
  const { db, assessment, who } = useApp();
  const view = useAssessment();
  const [owns, setOwns] = useState<ReadonlySet<string>>(new Set(assessor.owns));
  const [error, setError] = useState<string | null>(null);
  const trees = useMemo(() => view.groups.map((g) => ({ key: g.group.key, name: g.group.name, c: g.compiled, rows: indicatorRows(g.compiled) })), [view.groups]);

  const inherited = (c: CompiledRuleSet, key: string) => ancestors(c, key).slice(1).some((k) => owns.has(k));
  const owned = new Set<string>();
  for (const tree of trees) for (const l of tree.c.leaves) if (ancestors(tree.c, l.key).some((k) => owns.has(k))) owned.add(`${tree.key}\u0000${l.key}`);

  const toggle = (c: CompiledRuleSet, key: string, on: boolean) => {
    const next = new Set(owns);
    if (on) {
      next.add(key);
      // a ticked node owns its subtree: ticks below it say nothing more
      for (const k of [...next]) if (k !== key && ancestors(c, k).includes(key)) next.delete(k);
    } else next.delete(key);
    setOwns(next);
  };

  const save = async () => {
    // in tree order, each key once (several groups may share indicator keys)
    const order = trees.flatMap((tree) => tree.rows.map((r) => r.key));
    const list = [...new Set([...order.filter((k) => owns.has(k)), ...[...owns].filter((k) => !order.includes(k))])];
    try {
      await trackSave(() => upsertAssessor(db, assessment.id, { ...assessor, owns: list }, who));
      onSaved(t('year.ownsSaved', { name: assessor.name, n: list.length }));
    } catch (e) {
      setError(errorText(e, t, 'save'));
    }
  };

  return (
    <Modal title={t('year.ownsTitle', { name: assessor.name })} testId="owns-dialog" onClose={onClose}>
      <p className="muted">{t('year.ownsHelp')}</p>
      {trees.map((tree) => (
        <section key={tree.key}>
          <p className="owns-group">{tree.name}</p>
          <ul className="owns-tree">
            {tree.rows.map((r) => {
              const byParent = inherited(tree.c, r.key);
              return (
                <li key={r.key} className={`level-${r.level}`}>
                  <label>
                    <input
                      type="checkbox"
                      data-testid={`owns-${tree.key}-${r.key}`}
                      checked={byParent || owns.has(r.key)}
                      disabled={byParent}
                      onChange={(e) => toggle(tree.c, r.key, e.target.checked)}
                    />
                    {r.name}
                    <span className="muted">
                      {byParent ? t('year.ownsInherited') : r.level < 3 && r.leaves > 1 ? t('year.ownsCount', { n: r.leaves }) : ''}
                    </span>
                  </label>
                </li>
              );
            })}
          </ul>
        </section>
      ))}
      <p className="muted" data-testid="owns-total">
        {t('year.ownsCount', { n: owned.size })}
      </p>
      {error && (
        <p className="field-error" role="alert">
          {error}
        </p>
      )}
      <div className="actions">
        <button type="button" data-testid="owns-save" onClick={() => void save()}>
          {t('common.save')}
        </button>
        <button type="button" className="secondary" onClick={onClose}>
          {t('common.cancel')}
        </button>
      </div>
    </Modal>
  );
}
