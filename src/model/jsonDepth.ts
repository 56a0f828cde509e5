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

/** The first container nested deeper than `limit` (the root counts as level 1), or undefined. */
export function tooDeep(value: unknown, limit: number = JSON_MAX_DEPTH, base: readonly PathSegment[] = []): ValidationIssue | undefined {
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
