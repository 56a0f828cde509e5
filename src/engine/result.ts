/**
 * What the engine returns. Numbers are plain JS numbers already rounded for their purpose
 * (`total` at the rule set's step; node scores for display); `exact` keeps the fraction for audits.
 */
import type { Effect } from '../model/ruleSet';
import type { Q } from './arith/exact';

/** One line of the "why" trail: which rule produced which number. */
export interface Explanation {
  node: string;
  objectId?: string;
  text: string;
}

export interface NodeResult {
  key: string;
  name: string;
  /** score shown for this node, rounded to the display precision (not used for further arithmetic) */
  score: number;
  /** exact score */
  exact: Q;
  /** maximum this node could reach for this unit (after not-applicable and class exclusions) */
  max: number;
  /** exact maximum (a rescaled maximum need not be a short decimal) */
  maxExact: Q;
  applicable: boolean;
  /** gated out: the gate condition failed, the node scored 0 */
  gatedOut?: boolean;
  /** per-object scores when the node is scored per object */
  objects?: { objectId: string; score: number }[];
}

export interface TriggeredVeto {
  key: string;
  name: string;
  /** every effect the veto or threshold declares (most declare one) */
  effects: readonly Effect[];
  /** 'veto' entered by an assessor, 'threshold' computed from a score */
  kind: 'veto' | 'threshold';
  objectId?: string;
  reason?: string;
}

/** A required cell nobody has decided yet: a leaf or veto key, with the object for per-object cells. */
export interface MissingCell {
  node: string;
  objectId?: string;
  /** entered as a score, but a finding's reason is still 理由待补充 */
  reasonPending?: true;
}

export interface UnitResult {
  unitId: string;
  unitName: string;
  group: string;
  /** final total rounded at the declared step; ranks and tiers use this (or `exact` when rankBy=exact) */
  total: number;
  totalExact: Q;
  /** the total as text with the declared display decimals */
  display: string;
  maxScore: number;
  /** not scored because a veto with effect "fail" triggered */
  unscored: boolean;
  /**
   * every required cell is entered; when false the total, rank and tier are provisional (初步结果):
   * an empty deduction cell counts full marks only until someone confirms or enters it
   */
  complete: boolean;
  /** the required cells not entered yet (empty when complete) */
  missing: MissingCell[];
  nodes: Record<string, NodeResult>;
  vetoes: TriggeredVeto[];
  trail: Explanation[];
  /** competition rank within the group (1, 2, 2, 4) */
  rank: number;
  tier: string;
  tierName: string;
  /** why the unit is in this tier and not the next better one */
  tierReason: string;
}

export interface IndicatorStats {
  key: string;
  name: string;
  /** the indicator's points (its maximum) */
  points: number;
  /** units for which the indicator applies (unscored units are left out) */
  count: number;
  fullScoreCount: number;
  mean: number;
  min: number;
  max: number;
  /** 失分率: 1 − Σscore / Σmax, as a fraction 0..1 */
  lossRate: number;
}

export interface GroupResult {
  ruleSetId: string;
  group: string;
  groupName: string;
  /** in display order: rank, then declared tie-breaks, then unit id */
  units: UnitResult[];
  indicators: { key: string; name: string }[];
  statistics: IndicatorStats[];
  tierCounts: { key: string; name: string; count: number }[];
  /** every unit of the group is complete: only then are its ranks, tiers and counts final */
  complete: boolean;
}

/** A unit after evaluation, before it is ranked and tiered within its group. */
export type EvaluatedUnit = Omit<UnitResult, 'rank' | 'tier' | 'tierName' | 'tierReason'>;
