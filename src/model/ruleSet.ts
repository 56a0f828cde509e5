/**
 * The rule-set file format (schemaVersion 1): every scoring semantic of the brief as data.
 * Structural checks live in the zod schema; cross-references (keys that must exist, cycles, tier order)
 * are checked in ruleValidate.ts so that every problem comes back with its JSON path.
 */
import * as z from 'zod';

const key = z
  .string()
  .regex(/^[A-Za-z][A-Za-z0-9_.-]*$/, '键名：以字母开头，只含字母、数字、_ . -');
const name = z.string().min(1, 'a non-empty name');
const points = z.number().finite().nonnegative();
const positive = z.number().finite().positive();

/** Provenance of a number: a published source, or an honest "example value". */
const source = z.string().optional().describe('where this number comes from, or "example value"');

const common = {
  key,
  name,
  source,
  /** Multiplies this node's contribution to its parent (weighted parts, e.g. 0.7 and 0.3). */
  weight: positive.optional(),
  /** The node counts only when another node passes a threshold (e.g. bonus only when the base > 80). */
  gate: z
    .strictObject({
      node: key,
      above: z.number().finite().optional(),
      atLeast: z.number().finite().optional(),
    })
    .refine((g) => (g.above === undefined) !== (g.atLeast === undefined), '"above" 与 "atLeast" 须填写且只能填写其中一个')
    .optional(),
  /** free-text note for the people who maintain the rule file */
  note: z.string().optional(),
};

export const pointsLeaf = z.strictObject({
  ...common,
  type: z.literal('points'),
  max: points,
  step: positive.optional().describe('allowed increment, e.g. 0.5; defaults to the rule set precision step'),
});

export const checkpoint = z.strictObject({
  key,
  name,
  deduction: positive.describe('points deducted per finding of this check point'),
  source,
});

export const deductionLeaf = z.strictObject({
  ...common,
  type: z.literal('deduction'),
  max: points,
  perFinding: positive.optional().describe('default deduction per finding when no check point is named'),
  checkpoints: z.array(checkpoint).optional(),
  /** 扣完为止 at this item: deductions never exceed its points. false lets the cap sit at an ancestor. */
  floor: z.boolean().optional(),
});

export const checklistLeaf = z.strictObject({
  ...common,
  type: z.literal('checklist'),
  items: z.array(z.strictObject({ key, name, points: positive, source })).min(1),
});

export const ratioLeaf = z.strictObject({
  ...common,
  type: z.literal('ratio'),
  max: points,
  /** measured value in percent (0..100): e.g. 政策解读率 */
  measure: z.string().optional().describe('what is measured, e.g. 政策解读率'),
  mode: z.enum(['linear', 'stepped']),
  fullAt: z.number().min(0).max(100).optional().describe('linear: full marks at or above this percent'),
  zeroAt: z.number().min(0).max(100).optional().describe('linear: zero at or below this percent'),
  steps: z
    .array(z.strictObject({ atLeast: z.number().min(0).max(100), score: points }))
    .optional()
    .describe('stepped: the first step whose atLeast is reached gives its score; none reached gives 0'),
});

export const bonusLeaf = z.strictObject({
  ...common,
  type: z.literal('bonus'),
  max: points,
  step: positive.optional(),
});

/** 扣分项 / 重大扣分项: findings subtract from the parent; cap null means uncapped. */
export const penaltyLeaf = z.strictObject({
  ...common,
  type: z.literal('penalty'),
  cap: points.nullable(),
  perFinding: positive.optional(),
  checkpoints: z.array(checkpoint).optional(),
});

export type PointsLeaf = z.infer<typeof pointsLeaf>;
export type DeductionLeaf = z.infer<typeof deductionLeaf>;
export type ChecklistLeaf = z.infer<typeof checklistLeaf>;
export type RatioLeaf = z.infer<typeof ratioLeaf>;
export type BonusLeaf = z.infer<typeof bonusLeaf>;
export type PenaltyLeaf = z.infer<typeof penaltyLeaf>;
export type Leaf = PointsLeaf | DeductionLeaf | ChecklistLeaf | RatioLeaf | BonusLeaf | PenaltyLeaf;

export interface GroupNode {
  key: string;
  name: string;
  source?: string | undefined;
  weight?: number | undefined;
  gate?: { node: string; above?: number | undefined; atLeast?: number | undefined } | undefined;
  note?: string | undefined;
  type: 'group';
  children: RuleNode[];
  /** Declared maximum: caps the sum (e.g. a 30-point bonus part whose items add up to more). */
  max?: number | undefined;
  /** 扣完为止 at this level: the score never goes below 0. Default true. */
  floor?: boolean | undefined;
  /** How a not-applicable child is handled: rescale the rest (×100/75); share its points evenly among
   *  the other children, each scaled by its own score rate (redistribute) or added to their maxima with
   *  their losses standing (addToOthers); or drop it (the maximum shrinks). Default "rescale". */
  notApplicable?: NotApplicablePolicy | undefined;
  /** The subtree is scored once per object (website, new-media account) and aggregated. */
  perObject?: { kind: string; aggregate: 'mean' | 'min' | 'max' } | undefined;
}

export const NOT_APPLICABLE_POLICIES = ['rescale', 'redistribute', 'addToOthers', 'drop'] as const;
export type NotApplicablePolicy = (typeof NOT_APPLICABLE_POLICIES)[number];

export type RuleNode = Leaf | GroupNode;

export const groupNode: z.ZodType<GroupNode> = z.lazy(() =>
  z.strictObject({
    ...common,
    type: z.literal('group'),
    children: z.array(ruleNode).min(1, '分组至少要有一个子项'),
    max: points.optional(),
    floor: z.boolean().optional(),
    notApplicable: z.enum(NOT_APPLICABLE_POLICIES).optional(),
    perObject: z
      .strictObject({ kind: z.string().min(1), aggregate: z.enum(['mean', 'min', 'max']) })
      .optional(),
  }),
);

export const ruleNode: z.ZodType<RuleNode> = z.lazy(() =>
  z.discriminatedUnion('type', [
    pointsLeaf,
    deductionLeaf,
    checklistLeaf,
    ratioLeaf,
    bonusLeaf,
    penaltyLeaf,
    groupNode as unknown as z.ZodObject<{ type: z.ZodLiteral<'group'> }>,
  ]),
) as z.ZodType<RuleNode>;

/** What a veto or threshold does to the unit. */
export const effect = z.discriminatedUnion('type', [
  z.strictObject({ type: z.literal('fail'), description: z.string().optional() })
    .describe('不合格, and no other item is scored (total 0)'),
  z.strictObject({ type: z.literal('failScored') }).describe('不合格, but the score stands'),
  z.strictObject({ type: z.literal('setScore'), score: points }).describe('the total is set to this value'),
  z.strictObject({ type: z.literal('capScore'), score: points }).describe('the total is capped at this value'),
  z.strictObject({ type: z.literal('barTier'), tier: key }).describe('the unit cannot reach this tier or better'),
  z.strictObject({ type: z.literal('zeroNode'), node: key }).describe('this node scores 0'),
]);
export type Effect = z.infer<typeof effect>;

/** One effect, or several that all apply (e.g. the indicator counts 0 and the unit may not be 优秀). */
const effectFields = {
  effect: effect.optional(),
  effects: z.array(effect).min(1, '至少要有一个效果').optional().describe('several effects that all apply'),
};
const oneEffectField = (v: { effect?: Effect | undefined; effects?: Effect[] | undefined }) =>
  (v.effect === undefined) !== (v.effects === undefined);
const oneEffectMessage = '"effect" 与 "effects" 须填写且只能填写其中一个';

/** The effects a veto or threshold declares, whichever field holds them. */
export function effectsOf(v: { effect?: Effect | undefined; effects?: readonly Effect[] | undefined }): readonly Effect[] {
  return v.effects ?? (v.effect ? [v.effect] : []);
}

export const veto = z
  .strictObject({
    key,
    name,
    source,
    /** A per-object node: the veto is entered per object and triggers when any object has it. */
    scope: key.optional(),
    ...effectFields,
  })
  .refine(oneEffectField, oneEffectMessage);
export type Veto = z.infer<typeof veto>;

/**
 * A computed veto: when a node's score falls below a threshold (e.g. website deduction part < 60).
 * A node inside a per-object subtree is read per object: any object below the line triggers it.
 */
export const threshold = z
  .strictObject({
    key,
    name,
    source,
    node: key,
    below: z.number().finite(),
    ...effectFields,
  })
  .refine(oneEffectField, oneEffectMessage);
export type Threshold = z.infer<typeof threshold>;

export const quota = z.union([
  z.strictObject({ count: z.number().int().nonnegative() }),
  z.strictObject({ percent: z.number().min(0).max(100), round: z.enum(['floor', 'ceil', 'round']) }),
]);
export type Quota = z.infer<typeof quota>;

export const tier = z
  .strictObject({
    key,
    name,
    source,
    /** Lower bound, included: 90 means 90 and above. */
    atLeast: z.number().finite().optional(),
    /** Lower bound, excluded: 89 means strictly above 89 (so 89.5 is in). */
    above: z.number().finite().optional(),
    quota: quota.optional(),
    requires: z
      .strictObject({
        noVeto: z.boolean().optional(),
        nodes: z.array(z.strictObject({ node: key, atLeast: z.number().finite() })).optional(),
      })
      .optional(),
    color: z.string().regex(/^#[0-9a-fA-F]{6}$/).optional(),
  })
  .refine((t) => t.atLeast === undefined || t.above === undefined, '"atLeast" 与 "above" 最多填写其中一个');
export type Tier = z.infer<typeof tier>;

export const unitClass = z.strictObject({
  key,
  name,
  /** Nodes that do not exist for this class: removed without rescaling, so its maximum is lower. */
  excludes: z.array(key),
  /** The class's stated full marks (满分95); with `rescale` the total is scaled to it. */
  max: positive.optional().describe('stated full marks of this class, e.g. 95'),
  rescale: z
    .boolean()
    .optional()
    .describe('true: total × max / (maximum of the items scored); false: the total stands. Required with max'),
  source,
});
export type UnitClass = z.infer<typeof unitClass>;

export const precision = z.strictObject({
  step: positive.describe('calculation step of the final total, e.g. 0.01'),
  rounding: z.enum(['halfUp', 'halfEven', 'down', 'up']),
  display: z.number().int().min(0).max(4).describe('decimals shown'),
  rankBy: z.enum(['rounded', 'exact']).describe('rank on the rounded total or the exact one (tiers always use the rounded)'),
});
export type Precision = z.infer<typeof precision>;

export const ruleSetSchema = z.strictObject({
  $schema: z.string().optional(),
  schemaVersion: z.literal(1),
  id: key,
  name,
  year: z.number().int().min(2000).max(2100),
  version: z.string().min(1),
  source: z.string().min(1).describe('the published scheme this rule set follows, and what is example'),
  group: z.strictObject({ key, name }),
  precision,
  assessors: z.strictObject({
    aggregate: z.enum(['mean', 'median', 'trimmedMean', 'owner']),
  }),
  /** Top-level parts or first-level indicators. Their keys are the indicator columns of the tables. */
  root: groupNode,
  /** Which nodes are the first-level indicators reported in tables and statistics (default: root's children). */
  indicators: z.array(key).optional(),
  vetoes: z.array(veto).default([]),
  thresholds: z.array(threshold).default([]),
  tiers: z.array(tier).min(1),
  tieBreak: z.array(z.strictObject({ node: key })).default([]),
  unitClasses: z.array(unitClass).default([]),
  /**
   * Some schemes count the unit's self-assessment (自评): a leaf the unit scored itself on counts as
   * (1 − weight) × the assessors' score + weight × the self score. Absent: self scores never count.
   */
  selfAssessment: z
    .strictObject({
      weight: z.number().gt(0, '权重应大于 0').max(1, '权重不超过 1').describe('share of the self score in a leaf, e.g. 0.2'),
      source,
    })
    .optional(),
});

export type RuleSetInput = z.input<typeof ruleSetSchema>;
export type RuleSet = z.infer<typeof ruleSetSchema>;
