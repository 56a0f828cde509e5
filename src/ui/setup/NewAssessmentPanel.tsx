/**
 * 新建空白考核: a name, a year and, per group, the rule set to score it with (the shipped files and any
 * rule set already stored on this machine). The new assessment becomes the current one.
 */
import { useEffect, useMemo, useState } from 'react';
import { createEmptyAssessment, listRuleSets } from '../../app/setup';
import { setCurrentAssessmentId, type KaoheDb } from '../../app/session';
import { useI18n } from '../useT';
import type { RuleSet } from '../../engine';
import { contentHash } from '../../sync/contentHash';
import { trackSave } from '../../app/saveStatus';
import { IssueList } from '../IssueList';
import { loadShippedRuleSets, type ShippedRules } from './shippedRules';
import { errorText } from '../errorText';
import { nameYearMismatch } from '../../app/yearSetup';

interface Choice {
  hash: string;
  ruleSet: RuleSet;
  from: string;
}

interface Props {
  db: KaoheDb;
  who: string;
  /** groups preselected (those of the open assessment); without it every group is */
  groups?: readonly string[];
  onDone(message: string): void;
}

export function NewAssessmentPanel({ db, who, groups, onDone }: Props) {
  const { t } = useI18n();
  const [open, setOpen] = useState(false);
  const [shipped, setShipped] = useState<ShippedRules | null>(null);
  const [stored, setStored] = useState<{ hash: string; ruleSet: RuleSet }[]>([]);
  const [name, setName] = useState('');
  const [year, setYear] = useState(String(new Date().getFullYear()));
  const [picked, setPicked] = useState<Record<string, string>>({});
  const [error, setError] = useState<string | null>(null);

  useEffect(() => {
    if (!open || shipped) return;
    void loadShippedRuleSets().then(setShipped);
    void listRuleSets(db).then(setStored);
  }, [open, shipped, db]);

  // every known rule set once (by content hash), grouped by the group it is written for
  const byGroup = useMemo(() => {
    const seen = new Set<string>();
    const byKey = new Map<string, { name: string; choices: Choice[] }>();
    const add = (ruleSet: RuleSet, from: string) => {
      const hash = contentHash(ruleSet);
      if (seen.has(hash)) return;
      seen.add(hash);
      const g = byKey.get(ruleSet.group.key) ?? { name: ruleSet.group.name, choices: [] };
      g.choices.push({ hash, ruleSet, from });
      byKey.set(ruleSet.group.key, g);
    };
    for (const s of shipped?.ruleSets ?? []) add(s.ruleSet, s.file);
    for (const s of stored) add(s.ruleSet, '');
    // the open assessment's groups first, in its order; then the others as found
    const rank = (key: string) => {
      const i = groups?.indexOf(key) ?? -1;
      return i < 0 ? Number.MAX_SAFE_INTEGER : i;
    };
    return [...byKey.entries()].sort(([a], [b]) => rank(a) - rank(b));
  }, [shipped, stored, groups]);

  // preselect, for the usual groups, the rule set already in use (or else the first one)
  useEffect(() => {
    setPicked((p) => {
      const next = { ...p };
      for (const [key, g] of byGroup) {
        if (next[key] !== undefined) continue;
        const wanted = groups === undefined || groups.includes(key);
        next[key] = wanted ? (g.choices[0]?.hash ?? '') : '';
      }
      return next;
    });
  }, [byGroup, groups]);

  const create = async () => {
    const y = Number(year);
    if (name.trim() === '') return setError(t('setup.newNameRequired'));
    if (!Number.isInteger(y) || y < 2000 || y > 2100) return setError(t('setup.newYearInvalid'));
    const ruleSets = byGroup.flatMap(([key, g]) => g.choices.filter((c) => c.hash === picked[key]).map((c) => c.ruleSet));
    if (ruleSets.length === 0) return setError(t('setup.newNoGroups'));
    try {
      const id = await trackSave(() => createEmptyAssessment(db, { name: name.trim(), year: y, ruleSets }, who));
      await setCurrentAssessmentId(db, id);
      setOpen(false);
      setError(null);
      onDone(t('setup.newCreated', { name: name.trim() }));
    } catch (e) {
      setError(errorText(e, t, 'import'));
    }
  };

  if (!open)
    return (
      <button type="button" data-testid="new-assessment" onClick={() => setOpen(true)}>
        {t('setup.newAssessment')}
      </button>
    );

  return (
    <form
      className="card new-assessment"
      data-testid="new-assessment-form"
      onSubmit={(e) => {
        e.preventDefault();
        void create();
      }}
    >
      <h4>{t('setup.newTitle')}</h4>
      <label className="field">
        <span>{t('setup.newName')}</span>
        <input data-testid="new-name" value={name} onChange={(e) => setName(e.target.value)} size={36} />
      </label>
      <label className="field">
        <span>{t('setup.newYear')}</span>
        <input data-testid="new-year" value={year} onChange={(e) => setYear(e.target.value)} size={6} inputMode="numeric" />
      </label>
      {Number.isInteger(Number(year)) && nameYearMismatch(name, Number(year)) !== null && (
        <p className="notice warn" data-testid="new-year-mismatch">
          {t('year.mismatch', { named: nameYearMismatch(name, Number(year))!, year })}
        </p>
      )}
      <fieldset>
        <legend>{t('setup.newGroups')}</legend>
        {byGroup.map(([key, g]) => (
          <label key={key} className="field">
            <span>{g.name}</span>
            <select data-testid={`new-ruleset-${key}`} value={picked[key] ?? ''} onChange={(e) => setPicked({ ...picked, [key]: e.target.value })}>
              <option value="">—</option>
              {g.choices.map((c) => (
                <option key={c.hash} value={c.hash}>
                  {c.ruleSet.name}（{c.ruleSet.version}）{c.from && ` · ${c.from}`}
                </option>
              ))}
            </select>
          </label>
        ))}
      </fieldset>
      {shipped && shipped.broken.length > 0 && (
        <IssueList
          title={shipped.broken.map((b) => b.file).join('、')}
          issues={shipped.broken.flatMap((b) => b.errors.map((e) => ({ path: `${b.file} ${e.path}`, message: e.message })))}
          testId="shipped-rules-errors"
        />
      )}
      {error && (
        <p className="field-error" role="alert">
          {error}
        </p>
      )}
      <div className="actions">
        <button type="submit" data-testid="new-create">
          {t('setup.newCreate')}
        </button>
        <button type="button" className="secondary" onClick={() => setOpen(false)}>
          {t('common.cancel')}
        </button>
      </div>
    </form>
  );
}
