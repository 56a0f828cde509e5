/**
 * 考核通报与结果: the particulars of the circular (left) and the files made from the current results
 * (right) — the circular as Word, a print view for paper or PDF, the results as Excel and CSV, and the
 * problem lists, all at once or one unit's. Empty particulars stay visible placeholders (XXXX).
 */
import { useState } from 'react';
import { Link } from 'react-router-dom';
import { useI18n } from '../useT';
import { useApp } from '../appContext';
import { evidenceNames, problemEvidence, problemEvidenceReader } from '../../app/evidence';
import { MIME, downloadBytes, downloadText } from '../download';
import { useAssessment } from '../useAssessment';
import { circularOptions, suggestedShortName, useCircularForm, type CircularForm } from './circularForm';
import { fileNames } from './fileNames';
import { TaskButton, TaskResult } from './TaskButton';
import { useTask } from './useTask';
import { CircularExtraFields } from './CircularExtraFields';
import { AppError } from '../../app/appError';
import { incompleteCount } from '../../report/provisional';
import type { AssessmentView } from '../useAssessment';

/** The generators and the export model load with the first file asked for, not with the page. */
const generator = () => import('../../app/exportFiles');

type TextField = Exclude<keyof CircularForm, 'shortNames'>;

const FIELDS: { key: TextField; label: 'export.issuer' | 'export.docNumber' | 'export.recipients' | 'export.date'; placeholder: string }[] = [
  { key: 'issuer', label: 'export.issuer', placeholder: 'XXXX' },
  { key: 'docNumber', label: 'export.docNumber', placeholder: 'XXXX〔\u3000\u3000〕号' },
  { key: 'recipients', label: 'export.recipients', placeholder: 'XXXX' },
  { key: 'date', label: 'export.date', placeholder: 'XXXX年XX月XX日' },
];

export function CircularSection() {
  const { t } = useI18n();
  const { assessment, db } = useApp();
  const view = useAssessment();
  const [form, update] = useCircularForm(assessment.id);
  const task = useTask();
  const year = assessment.year;
  const groups = view.groups.map((g) => g.group);
  const units = view.groups.flatMap((g) => g.result.units.map((u) => ({ id: u.unitId, name: u.unitName, group: g.group.key })));
  const [unitId, setUnitId] = useState('');
  const chosenUnit = units.find((u) => u.id === unitId) ?? units[0];
  const noUnits = units.length === 0;
  const problemOptions = { year, ...(form.issuer.trim() !== '' ? { issuer: form.issuer.trim() } : {}) };

  const saved = (file: string) => t('export.saved', { file });
  // the issued circular states results: only from a complete, locked (定稿) assessment
  const open = incompleteCount(view.groups.map((g) => g.result));
  const final = open === 0 && assessment.status === 'locked';
  const [showMissing, setShowMissing] = useState(false);

  return (
    <section className="card circular-card" data-testid="circular-exports">
      <h3>{t('export.circularTitle')}</h3>
      <div className="circular-layout">
        <fieldset className="circular-form">
          <legend>{t('export.circularForm')}</legend>
          {FIELDS.map((f) => (
            <label key={f.key} className="field">
              <span>{t(f.label)}</span>
              <input
                type="text"
                value={form[f.key]}
                placeholder={f.placeholder}
                data-testid={`circular-${f.key}`}
                onChange={(e) => update({ [f.key]: e.target.value })}
              />
            </label>
          ))}
          <CircularExtraFields form={form} update={update} />
          <p className="muted form-hint">{t('export.placeholderHint')}</p>
          {groups.length > 0 && (
            <div className="short-names">
              <span className="short-names-title">{t('export.shortNames')}</span>
              {groups.map((g) => (
                <label key={g.key} className="field">
                  <span>{g.name}</span>
                  <input
                    type="text"
                    value={form.shortNames[g.key] ?? suggestedShortName(g.name)}
                    placeholder={g.name}
                    data-testid={`circular-short-${g.key}`}
                    onChange={(e) => update({ shortNames: { ...form.shortNames, [g.key]: e.target.value } })}
                  />
                </label>
              ))}
              <p className="muted form-hint">{t('export.shortNamesHint')}</p>
            </div>
          )}
        </fieldset>

        <div className="circular-files">
          <div className="file-row">
            {final ? (
              <TaskButton
                task={task}
                id="circular"
                testId="download-circular"
                disabled={noUnits}
                onRun={async () => {
                  const { makeCircular } = await generator();
                  const file = fileNames.circular(year);
                  downloadBytes(file, await makeCircular(view, circularOptions(form, year, groups)), MIME.docx);
                  return saved(file);
                }}
              >
                {t('export.downloadCircular')}
              </TaskButton>
            ) : (
              <div className="notice warn circular-not-final" data-testid="circular-not-final">
                <p>{open > 0 ? t('cycle.circularIncomplete', { n: open }) : t('cycle.circularNotLocked')}</p>
                <button type="button" className="secondary" data-testid="circular-refuse" onClick={() => setShowMissing(true)}>
                  {t('cycle.circularRefuse')}
                </button>
                <TaskButton
                  task={task}
                  id="circular"
                  testId="download-circular-draft"
                  secondary
                  disabled={noUnits}
                  onRun={async () => {
                    const { makeCircular } = await generator();
                    const file = fileNames.circular(year).replace(/\.docx$/, `（${t('cycle.draftMark')}）.docx`);
                    downloadBytes(file, await makeCircular(view, { ...circularOptions(form, year, groups), draft: t('cycle.draftMark') }), MIME.docx);
                    return saved(file);
                  }}
                >
                  {t('cycle.circularDraft')}
                </TaskButton>
                {showMissing && <MissingList view={view} />}
              </div>
            )}
            <Link to="/print" className="button-like secondary" data-testid="open-print">
              {t('export.openPrint')}
            </Link>
            <span className="muted file-help">{t('export.circularHelp')}</span>
          </div>
          <div className="file-row">
            <TaskButton
              task={task}
              id="xlsx"
              testId="download-results-xlsx"
              secondary
              disabled={noUnits}
              onRun={async () => {
                const { makeResultsXlsx } = await generator();
                const file = fileNames.resultsXlsx(year);
                // each finding's files by the names they have in the unit's 佐证材料 zip
                downloadBytes(file, await makeResultsXlsx(view, await evidenceNames(db, assessment.id)), MIME.xlsx);
                return saved(file);
              }}
            >
              {t('export.downloadXlsx')}
            </TaskButton>
            <TaskButton
              task={task}
              id="csv"
              testId="download-results-csv"
              secondary
              disabled={noUnits}
              onRun={async () => {
                const { makeResultsCsv } = await generator();
                const file = fileNames.resultsCsv(year);
                downloadText(file, makeResultsCsv(view), MIME.csv);
                return saved(file);
              }}
            >
              {t('export.downloadCsv')}
            </TaskButton>
            <span className="muted file-help">{t('export.resultsHelp')}</span>
          </div>
          <div className="file-row">
            <TaskButton
              task={task}
              id="zip"
              testId="download-problem-zip"
              secondary
              disabled={noUnits}
              onRun={async () => {
                const { makeProblemZip } = await generator();
                const file = fileNames.problemZip(year);
                // each unit's screenshots under its findings, read one unit at a time
                downloadBytes(file, await makeProblemZip(view, { ...problemOptions, evidenceOf: problemEvidenceReader(db, assessment.id) }), MIME.zip);
                return saved(file);
              }}
            >
              {t('export.downloadProblemZip')}
            </TaskButton>
          </div>
          <div className="file-row">
            <label className="unit-pick">
              <span>{t('export.problemUnit')}</span>
              <select data-testid="problem-unit" title={chosenUnit?.name} value={chosenUnit?.id ?? ''} disabled={noUnits} onChange={(e) => setUnitId(e.target.value)}>
                {view.groups.map((g) => (
                  <optgroup key={g.group.key} label={g.group.name}>
                    {g.result.units.map((u) => (
                      <option key={u.unitId} value={u.unitId}>
                        {u.unitName}
                      </option>
                    ))}
                  </optgroup>
                ))}
              </select>
            </label>
            <TaskButton
              task={task}
              id="unit"
              testId="download-problem-unit"
              secondary
              disabled={!chosenUnit}
              onRun={async () => {
                const { makeProblemList } = await generator();
                // the unit's screenshots go under their findings
                const evidence = chosenUnit && (await problemEvidence(db, assessment.id, chosenUnit.id));
                const made = chosenUnit && (await makeProblemList(view, chosenUnit.id, { ...problemOptions, ...(evidence && { evidence }) }));
                if (!made) throw new AppError('export.unitGone');
                const file = fileNames.problemList(year, made.unitName);
                downloadBytes(file, made.bytes, MIME.docx);
                return saved(file);
              }}
            >
              {t('export.downloadProblemUnit')}
            </TaskButton>
          </div>
          <TaskResult message={task.message} testId="circular-message" />
        </div>
      </div>
    </section>
  );
}

/** What keeps the circular from being final: each incomplete unit with its missing cells. */
function MissingList({ view }: { view: AssessmentView }) {
  const { t } = useI18n();
  const rows = view.groups.flatMap((g) =>
    g.result.units
      .filter((u) => !u.complete)
      .map((u) => {
        const names = u.missing.slice(0, 5).map((m) => g.compiled.byKey.get(m.node)?.name ?? g.ruleSet.vetoes.find((v) => v.key === m.node)?.name ?? m.node);
        const more = u.missing.length > 5 ? '…' : '';
        return { id: u.unitId, text: t('cycle.circularMissingUnit', { unit: u.unitName, n: u.missing.length, cells: names.join('、') + more }) };
      }),
  );
  return (
    <div data-testid="circular-missing-list">
      <p>{t('cycle.circularMissingList')}</p>
      <ul>
        {rows.map((r) => (
          <li key={r.id}>{r.text}</li>
        ))}
      </ul>
    </div>
  );
}
