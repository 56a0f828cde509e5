/**
 * The nesting limit of rule files and bundles, checked before the schema sees a value. Real files are
 * a dozen levels deep; a hostile one of thousands of levels would overflow the stack of every recursive
 * reader after it (zod, the checks, hashing). The walk keeps its own stack, so it cannot overflow.
 */
import { formatPath, type PathSegment, type ValidationIssue } from './issues';
import { depthMessage, JSON_MAX_DEPTH } from './depthLimit';

export { depthMessage, JSON_MAX_DEPTH };

interface Frame {
  value: unknown;
  depth: number;
  parent: Frame | undefined;
  key: PathSegment | undefined;
}

function pathOf(frame: Frame): PathSegment[] {
  const out: PathSegment[] = [];
  for (let f: Frame | undefined = frame; f?.key !== undefined; f = f.parent) out.push(f.key);
  return out.reverse();
}

/**
 * Whether any container is nested deeper than `limit`: the same walk without remembering the way, so a
 * nation's million containers cost no garbage; the way to the first offender is found only when there is one.
 */
function anyTooDeep(value: unknown, limit: number): boolean {
  const values: unknown[] = [value];
  const depths: number[] = [1];
  while (values.length > 0) {
    const v = values.pop();
    const depth = depths.pop() as number;
    if (typeof v !== 'object' || v === null) continue;
    if (depth > limit) return true;
    if (Array.isArray(v)) {
      for (let i = 0; i < v.length; i++) {
        const child: unknown = v[i];
        if (typeof child === 'object' && child !== null) {
          values.push(child);
          depths.push(depth + 1);
        }
      }
    } else {
      for (const k in v) {
        if (!Object.prototype.hasOwnProperty.call(v, k)) continue;
        const child = (v as Record<string, unknown>)[k];
        if (typeof child === 'object' && child !== null) {
          values.push(child);
          depths.push(depth + 1);
        }
      }
    }
  }
  return false;
}

/** The first container nested deeper than `limit` (the root counts as level 1), or undefined. */
export function tooDeep(value: unknown, limit: number = JSON_MAX_DEPTH, base: readonly PathSegment[] = []): ValidationIssue | undefined {
  if (!anyTooDeep(value, limit)) return undefined;
  const stack: Frame[] = [{ value, depth: 1, parent: undefined, key: undefined }];
  while (stack.length > 0) {
    const frame = stack.pop() as Frame;
    const v = frame.value;
    if (typeof v !== 'object' || v === null) continue;
    if (frame.depth > limit) return { path: formatPath([...base, ...pathOf(frame)]), message: depthMessage(limit) };
    // pushed in reverse, so the first offender in document order is found first
    const push = (key: PathSegment, child: unknown) => {
      if (typeof child === 'object' && child !== null) stack.push({ value: child, depth: frame.depth + 1, parent: frame, key });
    };
    if (Array.isArray(v)) for (let i = v.length - 1; i >= 0; i--) push(i, v[i]);
    else {
      const keys = Object.keys(v);
      for (let i = keys.length - 1; i >= 0; i--) push(keys[i] as string, (v as Record<string, unknown>)[keys[i] as string]);
    }
  }
  return undefined;
}
