/**
 * 演示模式 of the ranking page: the slides made from the open assessment, one chart per screen. Loaded
 * when first opened, so the ranking's first draw does not wait for it.
 */
import { useMemo } from 'react';
import { useI18n } from '../useT';
import type { AssessmentView, GroupView } from '../useAssessment';
import type { YearOverYear } from '../dashboard/yearOverYear';
import { estimatedBodyHeight, Presentation } from './Presentation';
import { buildSlides } from './slides';

interface Props {
  view: AssessmentView;
  current: GroupView | null | undefined;
  yoy: YearOverYear | null;
  yearLabels: string[];
  heading: string;
  note: string | null;
  onClose(): void;
}

export function RankingPresentation({ view, current, yoy, yearLabels, heading, note, onClose }: Props) {
  const i18n = useI18n();
  const slides = useMemo(
    () => buildSlides(view, i18n, estimatedBodyHeight(), yoy && current ? { groupKey: current.group.key, groupName: current.group.name, data: yoy, labels: yearLabels } : null),
    [view, i18n, yoy, current, yearLabels],
  );
  return <Presentation slides={slides} heading={heading} note={note} onClose={onClose} />;
}
