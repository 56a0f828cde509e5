/**
 * One assessor's score for one leaf check point, from what they entered.
 * Values were range-checked on entry (entryValidate.ts); here they are clamped again so that a
 * hand-edited bundle can never push a leaf outside its declared bounds.
 */
import * as X from './exact';
import type { Q } from './exact';
import type { DeductionLeaf, Leaf, PenaltyLeaf, RatioLeaf } from './ruleSchema';
import type { Finding, ScoreEntry } from './sheetSchema';
import { leafMax } from './compile';

export interface LeafScore {
  score: Q;
  /** short "why" for the trail, built only when asked */
  detail?: string;
}

const fmt = (q: Q): string => X.formatShort(q);

/** Deduction of one finding: explicit points, else the check point's unit deduction, else the item's default. */
export function findingDeduction(leaf: DeductionLeaf | PenaltyLeaf, f: Finding): Q {
  const per =
    f.points ??
    (f.checkpoint !== undefined ? leaf.checkpoints?.find((cp) => cp.key === f.checkpoint)?.deduction : undefined) ??
    leaf.perFinding ??
    0;
  return X.mul(X.dec(per), X.int(f.count ?? 1));
}

function totalDeduction(leaf: DeductionLeaf | PenaltyLeaf, findings: readonly Finding[]): Q {
  let d = X.ZERO;
  for (const f of findings) d = X.add(d, findingDeduction(leaf, f));
  return d;
}

export function ratioScore(leaf: RatioLeaf, percent: number): Q {
  const max = X.dec(leaf.max);
  const v = X.dec(percent);
  if (leaf.mode === 'stepped') {
    const steps = [...(leaf.steps ?? [])].sort((a, b) => b.atLeast - a.atLeast);
    const hit = steps.find((s) => X.cmp(v, X.dec(s.atLeast)) >= 0);
    return hit ? X.min(max, X.dec(hit.score)) : X.ZERO;
  }
  const full = X.dec(leaf.fullAt ?? 100);
  const zero = X.dec(leaf.zeroAt ?? 0);
  if (X.cmp(v, full) >= 0) return max;
  if (X.cmp(v, zero) <= 0) return X.ZERO;
  return X.mul(max, X.div(X.sub(v, zero), X.sub(full, zero)));
}

/** Score of a leaf for one entry; `entry` undefined means nothing was entered. */
export function scoreLeaf(leaf: Leaf, entry: ScoreEntry | undefined, explain: boolean): LeafScore {
  const max = leafMax(leaf);
  switch (leaf.type) {
    case 'points':
    case 'bonus': {
      if (entry?.value === undefined) return { score: X.ZERO, detail: explain ? '未录入，记 0 分' : undefined };
      const s = X.clamp(X.dec(entry.value), X.ZERO, max);
      return { score: s, detail: explain ? `评分 ${fmt(s)}（满分 ${fmt(max)}）` : undefined };
    }
    case 'ratio': {
      if (entry?.value === undefined) return { score: X.ZERO, detail: explain ? '未录入测量值，记 0 分' : undefined };
      const s = ratioScore(leaf, entry.value);
      const what = leaf.measure ?? '比率';
      return { score: s, detail: explain ? `${what} ${entry.value}% → ${fmt(s)} 分` : undefined };
    }
    case 'checklist': {
      let s = X.ZERO;
      const got: string[] = [];
      for (const item of leaf.items) {
        if (entry?.checks?.[item.key]) {
          s = X.add(s, X.dec(item.points));
          if (explain) got.push(item.name);
        }
      }
      return {
        score: s,
        detail: explain ? `达标 ${got.length}/${leaf.items.length} 项，得 ${fmt(s)}（满分 ${fmt(max)}）` : undefined,
      };
    }
    case 'deduction': {
      const findings = entry?.findings ?? [];
      const d = totalDeduction(leaf, findings);
      const raw = X.sub(max, d);
      // 扣完为止 at the item unless the rule file moves the cap to an ancestor
      const s = leaf.floor === false ? raw : X.max(X.ZERO, raw);
      const capped = leaf.floor !== false && X.lt(raw, X.ZERO);
      return {
        score: s,
        detail: explain
          ? findings.length === 0
            ? `无扣分，得满分 ${fmt(max)}`
            : `满分 ${fmt(max)}，${findings.length} 条问题共扣 ${fmt(d)}${capped ? '（扣完为止）' : ''}，得 ${fmt(s)}`
          : undefined,
      };
    }
    case 'penalty': {
      const findings = entry?.findings ?? [];
      const d = totalDeduction(leaf, findings);
      const taken = leaf.cap === null ? d : X.min(d, X.dec(leaf.cap));
      return {
        score: X.neg(taken),
        detail: explain
          ? findings.length === 0
            ? '无扣分'
            : `${findings.length} 条问题扣 ${fmt(d)}${X.gt(d, taken) ? `，以 ${fmt(taken)} 封顶` : ''}`
          : undefined,
      };
    }
  }
}
