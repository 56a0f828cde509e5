/** The catalogue key of each stage's name. */
import type { Stage } from '../../app/stage';
import type { MessageKey } from '../../i18n/messages';

export const STAGE_KEYS: Record<Stage, MessageKey> = {
  entry: 'cycle.stage.entry',
  consultation: 'cycle.stage.consultation',
  final: 'cycle.stage.final',
  published: 'cycle.stage.issued',
};
