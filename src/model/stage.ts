/**
 * The year's stages: 录入中 → 初步结果（征求意见）→ 定稿 → 已通报. The lock decides between the open half
 * and the final half, so a stage never contradicts it: a locked assessment is 定稿 unless it was marked
 * 已通报, an open one is 录入中 unless it was put into 征求意见.
 */
import * as z from 'zod';

export const STAGES = ['entry', 'consultation', 'final', 'published'] as const;
export const stage = z.enum(STAGES);
export type Stage = z.infer<typeof stage>;

export function stageOf(a: { status?: 'open' | 'locked'; stage?: Stage }): Stage {
  if (a.status === 'locked') return a.stage === 'published' ? 'published' : 'final';
  return a.stage === 'consultation' ? 'consultation' : 'entry';
}

/** The stage after `s`, or undefined at the end. */
export const nextStage = (s: Stage): Stage | undefined => STAGES[STAGES.indexOf(s) + 1];

/** Stages that need the assessment locked. */
export const isFinalStage = (s: Stage): boolean => s === 'final' || s === 'published';
