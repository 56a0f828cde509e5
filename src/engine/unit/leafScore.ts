/**
 * One assessor's score for one leaf check point, from what they entered.
 * Values were range-checked on entry (entryValidate.ts); here they are clamped again so that a
 * hand-edited bundle can never push a leaf outside its declared bounds.
 */
import * as X from '../arith/exact';
import type { Q } from '../arith/exact';
import type { DeductionLeaf, Leaf, PenaltyLeaf, RatioLeaf } from '../../model/ruleSet';
import type { Finding, ScoreEntry } from '../../model/entries';
import { leafMax } from '../rules/compile';
import type { LeafPlan } from '../rules/plan';
import * as P from '../arith/pairs';
import { isTicked } from '../../model/ownKeys';

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
        if (isTicked(entry?.checks, item.key)) {
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

/**
 * The score of `scoreLeaf` for one entry, from a leaf's pre-read constants and without building the
 * explanation: the same fraction, reached without re-parsing the rule file's numbers on every entry.
 */
export function entryScore(p: LeafPlan, entry: ScoreEntry | undefined): Q {
  if (p.general) return scoreLeaf(p.leaf, entry, false).score;
  switch (p.kind) {
    case 'points': {
      const v = entry?.value;
      if (v === undefined || v === 0) return X.ZERO;
      if (v === p.maxValue) return p.max;
      const x = X.dec(v); // read (and rejected when unreadable) whatever the range, as scoreLeaf does
      // dec() is strictly increasing, so comparing the numbers compares the decimals they stand for
      return v < 0 ? X.ZERO : v > p.maxValue ? p.max : x;
    }
    case 'ratio': {
      const v = entry?.value;
      if (v === undefined) return X.ZERO;
      const x = X.dec(v);
      if (p.stepped) {
        for (const s of p.steps) if (X.cmp(x, s.atLeast) >= 0) return X.min(p.max, s.score);
        return X.ZERO;
      }
      if (X.cmp(x, p.fullAt) >= 0) return p.max;
      if (X.cmp(x, p.zeroAt) <= 0) return X.ZERO;
      return X.mul(p.max, X.div(X.sub(x, p.zeroAt), X.sub(p.fullAt, p.zeroAt)));
    }
    case 'checklist': {
      const checks = entry?.checks;
      let s = X.ZERO;
      if (checks) for (const item of p.items) if (isTicked(checks, item.key)) s = X.add(s, item.points);
      return s;
    }
    case 'deduction': {
      const findings = entry?.findings;
      if (findings === undefined || findings.length === 0) return p.max;
      const raw = X.sub(p.max, deductionOf(p, findings));
      return p.floor ? X.max(X.ZERO, raw) : raw;
    }
    case 'penalty': {
      const findings = entry?.findings;
      if (findings === undefined || findings.length === 0) return X.ZERO;
      const d = deductionOf(p, findings);
      return X.neg(p.cap === undefined ? d : X.min(d, p.cap));
    }
  }
}

/** totalDeduction with the check point deductions already read. */
function deductionOf(p: LeafPlan, findings: readonly Finding[]): Q {
  let d = X.ZERO;
  for (const f of findings) {
    let per: Q;
    if (f.points !== undefined) per = X.dec(f.points);
    else per = (f.checkpoint !== undefined ? p.checkpoint?.get(f.checkpoint) : undefined) ?? p.perFinding;
    d = X.add(d, f.count === undefined || f.count === 1 ? per : X.mul(per, X.int(f.count)));
  }
  return d;
}

/** entryScore, left in pairs.R: the evaluation loop's version, which allocates nothing for common entries. */
export function scoreInto(p: LeafPlan, entry: ScoreEntry | undefined): void {
  if (p.general) return P.setQ(scoreLeaf(p.leaf, entry, false).score);
  switch (p.kind) {
    case 'points': {
      const v = entry?.value;
      if (v === undefined || v === 0) return P.set(0, 1);
      if (v === p.maxValue) return P.setQ(p.max);
      P.decimal(v); // read (and rejected when unreadable) whatever the range, as dec() does
      if (v < 0) P.set(0, 1);
      else if (v > p.maxValue) P.setQ(p.max);
      return;
    }
    case 'deduction': {
      const findings = entry?.findings;
      if (findings === undefined || findings.length === 0) return P.setQ(p.max);
      deductionInto(p, findings);
      P.sub(p.max.n, p.max.d, P.R.n, P.R.d);
      if (p.floor && P.R.n < 0) P.set(0, 1);
      return;
    }
    case 'penalty': {
      const findings = entry?.findings;
      if (findings === undefined || findings.length === 0) return P.set(0, 1);
      deductionInto(p, findings);
      if (p.cap !== undefined && P.cmp(P.R.n, P.R.d, p.cap.n, p.cap.d) > 0) P.setQ(p.cap);
      if (P.R.n !== 0) P.R.n = -P.R.n;
      return;
    }
    case 'checklist': {
      P.set(0, 1);
      const checks = entry?.checks;
      if (checks) for (const item of p.items) if (isTicked(checks, item.key)) P.add(P.R.n, P.R.d, item.points.n, item.points.d);
      return;
    }
    case 'ratio':
      return P.setQ(entryScore(p, entry));
  }
}

/** deductionOf, left in pairs.R. */
function deductionInto(p: LeafPlan, findings: readonly Finding[]): void {
  let dn = 0;
  let dd = 1;
  for (const f of findings) {
    if (f.points !== undefined) P.decimal(f.points);
    else P.setQ((f.checkpoint !== undefined ? p.checkpoint?.get(f.checkpoint) : undefined) ?? p.perFinding);
    const count = f.count;
    if (count !== undefined && count !== 1) {
      if (!Number.isSafeInteger(count)) throw new X.ArithmeticOverflowError('int');
      P.mul(P.R.n, P.R.d, count, 1);
    }
    P.add(dn, dd, P.R.n, P.R.d);
    dn = P.R.n;
    dd = P.R.d;
  }
  P.set(dn, dd);
}
