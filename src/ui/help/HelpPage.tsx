/** 帮助: the steps of one year's assessment (who, what, which page) and every page's keyboard shortcuts. */
import { Link } from 'react-router-dom';
import { addArea, type MessageKey } from '../../i18n/messages';
import { helpZh } from '../../i18n/catalogue/help';
import { useI18n } from '../useT';
import './help.css';

// the help page's strings come with its chunk
addArea(helpZh);

type Route = 'setup' | 'entry' | 'export' | 'rankings';
const STEPS: { role: MessageKey; what: MessageKey; route: Route; page: MessageKey }[] = [
  { role: 'help.roleCoordinator', what: 'help.step1', route: 'setup', page: 'nav.setup' },
  { role: 'help.roleAssessor', what: 'help.step2', route: 'entry', page: 'nav.entry' },
  { role: 'help.roleAssessor', what: 'help.step3', route: 'export', page: 'nav.export' },
  { role: 'help.roleCoordinator', what: 'help.step4', route: 'export', page: 'nav.export' },
  { role: 'help.roleCoordinator', what: 'help.step5', route: 'entry', page: 'nav.entry' },
  { role: 'help.roleCoordinator', what: 'help.step6', route: 'export', page: 'nav.export' },
  { role: 'help.roleLeader', what: 'help.step7', route: 'rankings', page: 'nav.rankings' },
];

/** A key as printed on the keyboard, or a word to translate (双击, 空格). */
type Key = string | { m: MessageKey };
const CTRL_ARROWS: Key = { m: 'help.key.ctrlArrows' };
const DOUBLE_CLICK: Key = { m: 'help.key.doubleClick' };
const SPACE: Key = { m: 'help.key.space' };

// the keys as src/ui/grid/gridKeys.ts, grid/CellPopovers.tsx, grid/FindingsPanel.tsx, present/Presentation.tsx
// and the rule editor's rules/Outline.tsx and rules/RulesPage.tsx handle them
const GRID_KEYS: [Key[], MessageKey][] = [
  [['↑', '↓', '←', '→'], 'help.k.arrows'],
  [[CTRL_ARROWS], 'help.k.ctrlArrows'],
  [['Tab', 'Shift+Tab'], 'help.k.tab'],
  [['Enter', 'Shift+Enter'], 'help.k.enter'],
  [['0–9', '…'], 'help.k.type'],
  [['F2', DOUBLE_CLICK], 'help.k.f2'],
  [['Enter', 'Tab'], 'help.k.editEnter'],
  [['Esc'], 'help.k.esc'],
  [['Delete'], 'help.k.delete'],
  [['Backspace'], 'help.k.backspace'],
  [['Home', 'End'], 'help.k.homeEnd'],
  [['Ctrl+Home', 'Ctrl+End'], 'help.k.ctrlHomeEnd'],
  [['PageUp', 'PageDown'], 'help.k.page'],
  [[SPACE], 'help.k.space'],
  [['Ctrl+A'], 'help.k.selectAll'],
  [['Ctrl+Z'], 'help.k.undo'],
  [['Ctrl+Y', 'Ctrl+Shift+Z'], 'help.k.redo'],
  [['Ctrl+C', 'Ctrl+V'], 'help.k.copyPaste'],
];
const POPOVER_KEYS: [Key[], MessageKey][] = [
  [['1', 'Y', '是', '0', 'N', '否'], 'help.k.popYesNo'],
  [['↑', '↓', 'Tab', '1', '0', SPACE], 'help.k.popChecklist'],
  [['Enter'], 'help.k.popEnter'],
  [['Esc'], 'help.k.popEsc'],
  [['Delete'], 'help.k.popDelete'],
];
const RULE_KEYS: [Key[], MessageKey][] = [
  [['↑', '↓', 'Home', 'End'], 'help.k.ruleSelect'],
  [['Enter'], 'help.k.ruleSibling'],
  [['Ctrl+Enter', 'Insert'], 'help.k.ruleChild'],
  [['Alt+↑', 'Alt+↓'], 'help.k.ruleMove'],
  [['Alt+←', 'Alt+→'], 'help.k.ruleIndent'],
  [['F2'], 'help.k.ruleRename'],
  [['Delete'], 'help.k.ruleDelete'],
  [['Ctrl+Z'], 'help.k.ruleUndo'],
  [['Ctrl+Y', 'Ctrl+Shift+Z'], 'help.k.ruleRedo'],
];
const PRESENT_KEYS: [Key[], MessageKey][] = [
  [['→', '↓', 'PageDown', SPACE], 'help.k.presNext'],
  [['←', '↑', 'PageUp'], 'help.k.presPrev'],
  [['Home', 'End'], 'help.k.presHomeEnd'],
  [['Esc'], 'help.k.presEsc'],
];

export function HelpPage() {
  const { t } = useI18n();
  return (
    <section data-testid="page-help" className="help-page">
      <div className="page-head">
        <h2>{t('help.title')}</h2>
      </div>
      <p className="muted">{t('help.intro')}</p>
      <section className="card" data-testid="help-steps">
        <h3>{t('help.stepsTitle')}</h3>
        <table className="plain">
          <thead>
            <tr>
              <th>#</th>
              <th>{t('help.stepWho')}</th>
              <th>{t('help.stepWhat')}</th>
              <th>{t('help.stepWhere')}</th>
            </tr>
          </thead>
          <tbody>
            {STEPS.map((s, i) => (
              <tr key={s.what} data-testid="help-step">
                <td>{i + 1}</td>
                <td className="help-role">{t(s.role)}</td>
                <td>{t(s.what)}</td>
                <td className="help-role">
                  <Link to={`/${s.route}`}>{t(s.page)}</Link>
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      </section>
      <section className="card" data-testid="help-keys">
        <h3>{t('help.keysTitle')}</h3>
        <KeyTable title={t('help.keysGrid')} rows={GRID_KEYS} id="grid" />
        <KeyTable title={t('help.keysPopover')} rows={POPOVER_KEYS} id="popover" />
        <KeyTable title={t('help.keysRules')} rows={RULE_KEYS} id="rules" />
        <KeyTable title={t('help.keysPresent')} rows={PRESENT_KEYS} id="present" />
      </section>
    </section>
  );
}

function KeyTable({ title, rows, id }: { title: string; rows: [Key[], MessageKey][]; id: string }) {
  const { t } = useI18n();
  return (
    <>
      <h4>{title}</h4>
      <table className="plain help-keys" data-testid={`help-keys-${id}`}>
        <thead>
          <tr>
            <th>{t('help.key')}</th>
            <th>{t('help.action')}</th>
          </tr>
        </thead>
        <tbody>
          {rows.map(([keys, action]) => (
            <tr key={action}>
              <td className="help-key-cell">
                {keys.map((k) => {
                  const text = typeof k === 'string' ? k : t(k.m);
                  return <kbd key={text}>{text}</kbd>;
                })}
              </td>
              <td>{t(action)}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </>
  );
}
