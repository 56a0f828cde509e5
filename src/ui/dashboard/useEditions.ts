/**
 * Every other assessment on this machine, scored, for year-over-year comparison. Results are
 * recomputed from each assessment's stored inputs, exactly as when that assessment is open — in a
 * worker, so a nation-sized edition does not stop the page. A live read of what they depend on (counted,
 * not read) starts the scoring again after any change to them.
 */
import { useEffect, useState } from 'react';
import { assessmentInputsStamp, scoreEditionsInWorker } from '../../app/editions';
import { readPastYear } from '../../app/pastYear';
import { useApp } from '../appContext';
import { useLive, type Live } from '../useLive';
import type { Edition } from './yearOverYear';

export function useOtherEditions(): Live<Edition[]> {
  const { db, assessment, assessments } = useApp();
  const others = assessments.filter((a) => a.id !== assessment.id);
  const key = others.map((a) => `${a.id}\u0000${a.name}\u0000${a.year}`).join('\n');
  const inputs = useLive(
    () =>
      Promise.all(
        // a past year imported from its spreadsheet has no inputs to score: its results are its snapshot
        others.map((a) => (a.pastYear ? readPastYear(db, a.id).then((past) => ({ past, row: a })) : assessmentInputsStamp(db, a.id).then(() => ({ past: undefined, row: a })))),
      ),
    [db, key],
  );
  const [editions, setEditions] = useState<Live<Edition[]>>({ status: 'loading' });
  useEffect(() => {
    if (inputs.status !== 'ready') {
      setEditions(inputs);
      return;
    }
    let current = true;
    const read = inputs.value;
    const scored = read.filter((d) => d.past === undefined).map((d) => d.row.id);
    scoreEditionsInWorker(db, scored).then(
      (results) => {
        if (!current) return;
        const byId = new Map(results.map((r) => [r.assessmentId, r]));
        const value = read.map((d): Edition => {
          if (d.past !== undefined)
            return {
              assessmentId: d.row.id,
              name: d.row.name,
              year: d.row.year,
              pastYear: true,
              groups: d.past.groups.map((g) => ({ group: g.group, indicators: g.indicators, units: g.units.map((u) => ({ ...u, unscored: false })) })),
            };
          return byId.get(d.row.id)!;
        });
        setEditions({ status: 'ready', value });
      },
      (e: unknown) => current && setEditions({ status: 'error', error: e instanceof Error ? e : new Error(String(e)) }),
    );
    return () => {
      current = false;
    };
  }, [db, inputs]);
  return editions;
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
