/**
 * Why exact arithmetic ran out of room, in terms of the bundle: scores are fractions of integers below
 * 2^53, so a count or value in the billions (a typing slip, a hostile file) is the usual cause; only
 * when there is none do the rule set's weights and steps remain as the explanation.
 */
import { formatPath, type PathSegment } from '../model/issues';

/** Numbers this large never occur in a real assessment; multiplied by a decimal they leave 2^53. */
const SUSPECT = 2 ** 31;

/** Paths of the first few suspiciously large numbers in a parsed document (walked without recursion). */
export function largeNumbers(value: unknown, limit = 3): string[] {
  const found: string[] = [];
  const stack: { v: unknown; path: PathSegment[] }[] = [{ v: value, path: [] }];
  while (stack.length > 0 && found.length < limit) {
    const { v, path } = stack.pop()!;
    if (typeof v === 'number') {
      if (Math.abs(v) >= SUSPECT) found.push(`${formatPath(path)} = ${v}`);
    } else if (Array.isArray(v)) {
      for (let i = v.length - 1; i >= 0; i--) stack.push({ v: v[i], path: [...path, i] });
    } else if (typeof v === 'object' && v !== null) {
      const keys = Object.keys(v);
      for (let i = keys.length - 1; i >= 0; i--) stack.push({ v: (v as Record<string, unknown>)[keys[i]!], path: [...path, keys[i]!] });
    }
  }
  return found;
}

export function overflowMessage(fileName: string, parsed: unknown): string {
  const large = largeNumbers(parsed);
  if (large.length > 0) {
    return (
      `${fileName}: 无法计分：分数超出精确计算的范围（分子分母须小于 2^53）。原因是数据包中有过大的数字：` +
      `${large.join('；')}。请核对这些处数或数值（实际考核中不会达到数十亿）。`
    );
  }
  return `${fileName}: 无法计分：分数超出精确计算的范围（分子分母须小于 2^53）。数据包中没有过大的数字，原因是规则集的权重或步长过细（如 0.0001 级的权重相乘），请简化后再试。`;
}
