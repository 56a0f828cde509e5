/** Every English string: a chunk of its own, imported by loadLanguage('en') in messages.ts. */
import { coreEn } from './en/core';
import { appealEn } from './en/appeal';
import { cycleEn } from './en/cycle';
import { dashboardEn } from './en/dashboard';
import { entryEn } from './en/entry';
import { evidenceEn } from './en/evidence';
import { exportEn } from './en/export';
import { failureEn } from './en/failure';
import { helpEn } from './en/help';
import { ingestEn } from './en/ingest';
import { pasteEn } from './en/paste';
import { ruleEditorEn } from './en/ruleEditor';
import { ruleTableEn } from './en/ruleTable';
import { selfAssessmentEn } from './en/selfAssessment';
import { syncEn } from './en/serverSync';
import { setupYearEn } from './en/setupYear';

// spread, not Object.assign: the type is every table's keys, checked where messages.ts takes it
export const english = { ...coreEn, ...appealEn, ...cycleEn, ...dashboardEn, ...entryEn, ...evidenceEn, ...exportEn, ...failureEn, ...helpEn, ...ingestEn, ...pasteEn, ...ruleEditorEn, ...ruleTableEn, ...selfAssessmentEn, ...syncEn, ...setupYearEn };
