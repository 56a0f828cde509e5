/** The self scores units sent back, by unit and leaf, live (an import shows at once in the grid). */
import { listSelfAssessments, selfScoresByUnit } from '../../app/selfAssessment';
import { useApp } from '../appContext';
import { useLive } from '../useLive';

const NONE: ReadonlyMap<string, ReadonlyMap<string, number>> = new Map();

export function useSelfScores(): ReadonlyMap<string, ReadonlyMap<string, number>> {
  const { db, assessment } = useApp();
  const live = useLive(async () => selfScoresByUnit(await listSelfAssessments(db, assessment.id)), [db, assessment.id]);
  return live.status === 'ready' ? live.value : NONE;
}
