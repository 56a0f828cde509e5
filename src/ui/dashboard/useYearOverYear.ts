/**
 * The open group's units in other assessments on this machine (历年对比), for the charts below the ranking,
 * a unit's page and the presentation; apart from the section that draws them, which loads with the charts.
 */
import { useMemo } from 'react';
import { useI18n } from '../useT';
import { useApp } from '../appContext';
import type { GroupView } from '../useAssessment';
import { editionLabels, useOtherEditions } from './useEditions';
import { yearOverYear, type YearOverYear } from './yearOverYear';

export function useYearOverYear(groups: readonly GroupView[], groupKey: string | undefined): YearOverYear | null {
  const { assessment } = useApp();
  const others = useOtherEditions();
  return useMemo(() => {
    if (others.status !== 'ready' || groupKey === undefined) return null;
    const current = { assessmentId: assessment.id, name: assessment.name, year: assessment.year, groups: groups.map((g) => g.result) };
    return yearOverYear(current, groupKey, others.value);
  }, [others, groups, groupKey, assessment]);
}

export function useYearLabels(yoy: YearOverYear | null): string[] {
  const { t } = useI18n();
  return useMemo(() => (yoy ? editionLabels(yoy.editions, (year) => t('header.year', { year }), t('past.label')) : []), [yoy, t]);
}
