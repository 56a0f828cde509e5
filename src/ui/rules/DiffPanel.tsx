/** What the draft changes against the rule set in use, one line per change, in the coordinator's words. */
import type { RuleSet } from '../../engine';
import { diffRuleSets, type RuleChange } from '../../report/ruleDraft/diff';
import { useI18n, type I18n } from '../useT';
import { TYPE_LABEL } from './TypeChip';

export function DiffPanel({ inUse, draft }: { inUse: RuleSet | null; draft: RuleSet }) {
  const i18n = useI18n();
  const { t } = i18n;
  if (!inUse) return <p className="notice" data-testid="rule-diff-none">{t('rules.diffNoGroup', { group: draft.group.name || draft.group.key })}</p>;
  const changes = diffRuleSets(inUse, draft);
  return (
    <div className="rule-diff" data-testid="rule-diff">
      <p className="muted">{t('rules.diffAgainst', { name: inUse.name, version: inUse.version })}</p>
      {changes.length === 0 ? (
        <p className="notice">{t('rules.diffNone')}</p>
      ) : (
        <ul className="rule-changes">
          {changes.map((c, i) => (
            <li key={i} className={`change change-${c.kind}`} data-testid="rule-change" data-kind={c.kind}>
              {changeText(c, i18n)}
            </li>
          ))}
        </ul>
      )}
    </div>
  );
}

function changeText(c: RuleChange, { t, num }: I18n): string {
  switch (c.kind) {
    case 'added':
      return t('rules.ch.added', { name: c.name, key: c.key, n: num(c.points) }) + (c.inside ? t('rules.ch.inside', { n: c.inside }) : '');
    case 'removed':
      return t('rules.ch.removed', { name: c.name, key: c.key, n: num(c.points) }) + (c.inside ? t('rules.ch.inside', { n: c.inside }) : '');
    case 'points':
      return t('rules.ch.points', { name: c.name, from: num(c.from), to: num(c.to) });
    case 'retyped':
      return t('rules.ch.retyped', { name: c.name, from: t(TYPE_LABEL[c.from]), to: t(TYPE_LABEL[c.to]) });
    case 'renamed':
      return t('rules.ch.renamed', { from: c.from, to: c.to });
    case 'moved':
      return t('rules.ch.moved', { name: c.name, from: c.fromParent, to: c.toParent });
    case 'reordered':
      return t('rules.ch.reordered', { name: c.name });
    case 'detail':
      return t('rules.ch.detail', { name: c.name });
    case 'list':
      return t(`rules.ch.list.${c.list}`);
  }
}
