/**
 * 规则编辑: write a rule set without JSON. The outline of indicators on the left, the form of the
 * selected one (or the rule set's settings, the diff, the preview) on the right. The draft is saved
 * as it is typed; Ctrl+Z / Ctrl+Y undo and redo; 应用 is enabled only when the draft is valid.
 */
import { useState, type KeyboardEvent } from 'react';
import { applyRuleDraft } from '../../app/ruleDraft';
import { contentHash } from '../../sync/contentHash';
import { nodeAt, type Edit, type NodePath } from '../../report/ruleDraft/outline';
import { useApp } from '../appContext';
import { useAssessment } from '../useAssessment';
import { useI18n } from '../useT';
import { addArea } from '../../i18n/messages';
import { ruleEditorZh } from '../../i18n/catalogue/ruleEditor';
import { errorText } from '../errorText';
import { useRuleSetChange } from '../setup/useRuleSetChange';
import { AboutPanel } from './AboutPanel';
import { DiffPanel } from './DiffPanel';
import { NodeForm } from './NodeForm';
import { OrderPanel } from './OrderPanel';
import { Outline } from './Outline';
import { OutlineTools } from './OutlineTools';
import { PreviewPanel } from './PreviewPanel';
import { StartPanel } from './StartPanel';
import { TiersPanel } from './TiersPanel';
import { TotalsBar } from './TotalsBar';
import { useRuleEditor } from './useRuleEditor';
import { VetoesPanel } from './VetoesPanel';
import { IssueSummary, tabOf, type Tab } from './IssueSummary';
import './rules.css';

// the editor's strings come with its chunk
addArea(ruleEditorZh);

const TABS: Tab[] = ['node', 'about', 'tiers', 'vetoes', 'order', 'diff', 'preview'];

export function RulesPage() {
  const { t } = useI18n();
  const { db, assessment, who } = useApp();
  const view = useAssessment();
  const ed = useRuleEditor(db, assessment.id);
  const [selected, setSelected] = useState<NodePath>([]);
  const [tab, setTab] = useState<Tab>('node');
  const [focusName, setFocusName] = useState(0);
  const [starting, setStarting] = useState(false);
  const [message, setMessage] = useState<{ ok: boolean; text: string } | null>(null);
  const locked = assessment.status === 'locked';
  // a group already scored with another rule set changes through the impact report, as a rule file does
  const ruleChange = useRuleSetChange(setMessage);

  if (!ed.loaded) return <p className="muted">{t('app.loading')}</p>;
  const rs = ed.history?.present ?? null;

  const head = (
    <div className="page-head">
      <h2>{t('rules.title')}</h2>
      {rs && !starting && (
        <button type="button" className="secondary" data-testid="draft-new" onClick={() => setStarting(true)}>
          {t('rules.newDraft')}
        </button>
      )}
      {starting && rs && (
        <button type="button" className="secondary" onClick={() => setStarting(false)}>
          {t('rules.backToDraft')}
        </button>
      )}
    </div>
  );
  if (!rs || starting || !ed.row || !ed.check) {
    return (
      <div className="rules-page">
        {head}
        <p className="muted">{t('rules.intro')}</p>
        <StartPanel
          current={ed.row?.id ?? null}
          onOpen={(row) => {
            ed.open(row);
            setSelected([]);
            setTab('node');
            setStarting(false);
            setMessage(null);
          }}
        />
      </div>
    );
  }

  const check = ed.check;
  const all = [...check.errors, ...check.warnings];
  const path = nodeAt(rs, selected) ? selected : [];
  const node = nodeAt(rs, path)!;
  const g = view.groups.find((x) => x.group.key === rs.group.key) ?? null;
  const onEdit = (e: Edit, mergeKey?: string) => {
    ed.change(e.ruleSet, mergeKey);
    setSelected(e.at);
    setMessage(null);
  };
  const change = (next: typeof rs, mergeKey?: string) => {
    ed.change(next, mergeKey);
    setMessage(null);
  };
  const same = g !== null && check.ruleSet !== null && contentHash(check.ruleSet) === g.group.ruleSetHash;
  const reason = locked ? t('rules.applyLocked') : !check.ok ? t('rules.applyInvalid', { n: check.errors.length }) : same ? t('rules.applySame') : null;
  const apply = async () => {
    setMessage(null);
    if (g && check.ruleSet) {
      await ruleChange.propose({ key: g.group.key, name: g.group.name }, check.ruleSet);
      return;
    }
    try {
      const r = await applyRuleDraft(db, assessment.id, rs, who);
      if (r.ok) setMessage({ ok: true, text: t(g ? 'rules.applied' : 'rules.appliedNewGroup', { name: r.ruleSet.name, group: r.ruleSet.group.name }) });
      else setMessage({ ok: false, text: t('rules.applyInvalid', { n: r.errors.length }) });
    } catch (e) {
      setMessage({ ok: false, text: errorText(e, t, 'save') });
    }
  };
  const onKeyDown = (e: KeyboardEvent) => {
    if (!(e.ctrlKey || e.metaKey) || e.altKey) return;
    const k = e.key.toLowerCase();
    if (k === 'z' && !e.shiftKey) ed.undo();
    else if (k === 'y' || (k === 'z' && e.shiftKey)) ed.redo();
    else return;
    e.preventDefault();
  };

  return (
    <div className="rules-page" onKeyDown={onKeyDown} data-testid="rules-page">
      {head}
      <div className="draft-bar">
        <div className="draft-title">
          <strong data-testid="draft-name">{rs.name || t('rules.unnamed')}</strong>
          <span className="muted">
            {t(`rules.origin.${ed.row.origin.kind}`, { label: ed.row.origin.label })} · {rs.group.name || rs.group.key}
          </span>
        </div>
        <div className="draft-actions">
          <button type="button" className="secondary" data-testid="rule-undo" disabled={ed.history!.past.length === 0} onClick={ed.undo} title="Ctrl+Z">
            {t('rules.undo')}
          </button>
          <button type="button" className="secondary" data-testid="rule-redo" disabled={ed.history!.future.length === 0} onClick={ed.redo} title="Ctrl+Y">
            {t('rules.redo')}
          </button>
          <span className={`check-state ${check.ok ? 'ok' : 'bad'}`} data-testid="rule-check-state">
            {check.ok ? (check.warnings.length ? t('rules.validWarnings', { w: check.warnings.length }) : t('rules.valid')) : t('rules.invalid', { n: check.errors.length })}
          </span>
          <button type="button" className="primary" data-testid="rule-apply" disabled={reason !== null} title={reason ?? undefined} onClick={() => void apply()}>
            {g ? t('rules.apply', { group: g.group.name }) : t('rules.applyNew', { group: rs.group.name || rs.group.key })}
          </button>
        </div>
      </div>
      {reason && (
        <p className="apply-reason" data-testid="rule-apply-reason">
          {reason}
        </p>
      )}
      {message && (
        <p className={message.ok ? 'notice ok' : 'field-error'} role={message.ok ? 'status' : 'alert'} data-testid="rule-apply-message">
          {message.text}
        </p>
      )}
      {ruleChange.panel}
      {ed.saveError !== null && (
        <p className="field-error" role="alert">
          {errorText(ed.saveError, t, 'save')}
        </p>
      )}
      <TotalsBar ruleSet={rs} />
      <div className="rules-layout">
        <aside className="outline-pane">
          <OutlineTools ruleSet={rs} selected={path} onEdit={onEdit} onAdded={() => setFocusName((n) => n + 1)} />
          <Outline
            ruleSet={rs}
            issues={all}
            selected={path}
            onSelect={(p) => {
              setSelected(p);
              setTab('node');
            }}
            onEdit={(e) => {
              onEdit(e);
              setTab('node');
            }}
            onAdded={() => setFocusName((n) => n + 1)}
            onRename={() => {
              setTab('node');
              setFocusName((n) => n + 1);
            }}
          />
          <p className="keys-hint">{t('rules.keysHint')}</p>
        </aside>
        <section className="form-pane">
          <div className="tabs rule-tabs" role="tablist">
            {TABS.map((x) => {
              const n = check.errors.filter((i) => tabOf(i) === x).length;
              return (
                <button key={x} type="button" role="tab" aria-selected={tab === x} className={`tab${tab === x ? ' active' : ''}`} data-testid={`rule-tab-${x}`} onClick={() => setTab(x)}>
                  <span className="tab-name">{t(`rules.tab.${x}`)}</span>
                  {n > 0 && <span className="tab-count bad">{n}</span>}
                </button>
              );
            })}
          </div>
          <IssueSummary
            errors={check.errors}
            onGo={(i) => {
              const to = tabOf(i);
              setTab(to);
              if (i.place.kind === 'node' && nodeAt(rs, i.place.node)) setSelected(i.place.node);
            }}
          />
          <div className="tab-body">
            {tab === 'node' && (
              <NodeForm
                ruleSet={rs}
                path={path}
                node={node}
                issues={all}
                onEdit={onEdit}
                focusName={focusName}
                onDone={() => document.querySelector<HTMLElement>('[data-testid="rule-outline"]')?.focus()}
              />
            )}
            {tab === 'about' && <AboutPanel ruleSet={rs} issues={all} onChange={change} />}
            {tab === 'tiers' && <TiersPanel ruleSet={rs} issues={all} onChange={change} />}
            {tab === 'vetoes' && <VetoesPanel ruleSet={rs} issues={all} onChange={change} />}
            {tab === 'order' && <OrderPanel ruleSet={rs} issues={all} onChange={change} />}
            {tab === 'diff' && <DiffPanel inUse={g?.ruleSet ?? null} draft={rs} />}
            {tab === 'preview' && <PreviewPanel g={g} data={view.data} valid={check.ruleSet} />}
          </div>
        </section>
      </div>
    </div>
  );
}
