/**
 * What a veto's or threshold's effect means, in the one wording the engine's explanations, the
 * exports and the circular use. The UI's catalogue holds the same words under `effect.*` (a test keeps
 * them equal) and their English.
 */
import type { Effect } from './ruleSet';

/** Display names for the keys an effect names. */
export interface EffectNames {
  tier(key: string): string;
  node(key: string): string;
}

export function effectWords(e: Effect, names: EffectNames): string {
  switch (e.type) {
    case 'fail':
      return '一票否决，考核结果为不合格';
    case 'failScored':
      return '考核结果为不合格';
    case 'setScore':
      return `总分按${e.score}分计`;
    case 'capScore':
      return `总分最高${e.score}分`;
    case 'barTier':
      return `不得评为“${names.tier(e.tier)}”`;
    case 'zeroNode':
      return `“${names.node(e.node)}”记0分`;
  }
}
