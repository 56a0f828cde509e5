/**
 * Every other assessment on this machine, scored, for year-over-year comparison. Results are
 * recomputed from each assessment's stored inputs, exactly as when that assessment is open.
 */
import { useMemo } from 'react';
import { loadAssessmentData } from '../../app/session';
import { useApp } from '../appContext';
import { computeView } from '../useAssessment';
import { useLive, type Live } from '../useLive';
import type { Edition } from './yearOverYear';

export function useOtherEditions(): Live<Edition[]> {
  const { db, assessment, assessments } = useApp();
  const ids = assessments.filter((a) => a.id !== assessment.id).map((a) => a.id);
  const key = ids.join('\n');
  const data = useLive(() => Promise.all(ids.map((id) => loadAssessmentData(db, id))), [db, key]);
  return useMemo((): Live<Edition[]> => {
    if (data.status !== 'ready') return data;
    try {
      const editions = data.value.map((d) => {
        const view = computeView(d);
        return { assessmentId: d.assessment.id, name: d.assessment.name, year: d.assessment.year, groups: view.groups.map((g) => g.result) };
      });
      return { status: 'ready', value: editions };
    } catch (e) {
      return { status: 'error', error: e instanceof Error ? e : new Error(String(e)) };
    }
  }, [data]);
}

/** 2023年度, or the assessment's name where two assessments share a year. */
export function editionLabels(editions: readonly { name: string; year: number }[], yearLabel: (year: number) => string): string[] {
  return editions.map((e) => (editions.filter((x) => x.year === e.year).length > 1 ? e.name : yearLabel(e.year)));
}
