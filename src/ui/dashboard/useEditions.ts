/**
 * Every other assessment on this machine, scored, for year-over-year comparison. Results are
 * recomputed from each assessment's stored inputs, exactly as when that assessment is open.
 */
import { useMemo } from 'react';
import { loadAssessmentData } from '../../app/session';
import { readPastYear } from '../../app/pastYear';
import { useApp } from '../appContext';
import { computeView } from '../useAssessment';
import { useLive, type Live } from '../useLive';
import type { Edition } from './yearOverYear';

export function useOtherEditions(): Live<Edition[]> {
  const { db, assessment, assessments } = useApp();
  const others = assessments.filter((a) => a.id !== assessment.id);
  const key = others.map((a) => `${a.id}\u0000${a.name}\u0000${a.year}`).join('\n');
  const data = useLive(
    () =>
      Promise.all(
        // a past year imported from its spreadsheet has no inputs to score: its results are its snapshot
        others.map((a) => (a.pastYear ? readPastYear(db, a.id).then((past) => ({ past, row: a })) : loadAssessmentData(db, a.id))),
      ),
    [db, key],
  );
  return useMemo((): Live<Edition[]> => {
    if (data.status !== 'ready') return data;
    try {
      const editions = data.value.map((d): Edition => {
        if ('past' in d)
          return {
            assessmentId: d.row.id,
            name: d.row.name,
            year: d.row.year,
            pastYear: true,
            groups: d.past.groups.map((g) => ({ group: g.group, indicators: g.indicators, units: g.units.map((u) => ({ ...u, unscored: false })) })),
          };
        const view = computeView(d);
        return { assessmentId: d.assessment.id, name: d.assessment.name, year: d.assessment.year, groups: view.groups.map((g) => g.result) };
      });
      return { status: 'ready', value: editions };
    } catch (e) {
      return { status: 'error', error: e instanceof Error ? e : new Error(String(e)) };
    }
  }, [data]);
}

/** 2023年度, or the assessment's name where two assessments share a year; an imported past year says so. */
export function editionLabels(
  editions: readonly { name: string; year: number; pastYear?: boolean }[],
  yearLabel: (year: number) => string,
  pastLabel = '',
): string[] {
  return editions.map((e) => {
    const label = editions.filter((x) => x.year === e.year).length > 1 ? e.name : yearLabel(e.year);
    return e.pastYear && pastLabel !== '' ? `${label} ${pastLabel}` : label;
  });
}
