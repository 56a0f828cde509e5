/**
 * Validation problems as data: `{ path, message }` with a JSON path (`root.children[2].max`) and a
 * Simplified Chinese message that says what was expected. Every door for incoming data (rule files,
 * bundles, sheets) reports through these helpers so that the UI can show messages next to the field.
 */
import type * as z from 'zod';
import { depthMessage, JSON_MAX_DEPTH } from './depthLimit';

export interface ValidationIssue {
  path: string;
  message: string;
}

export type PathSegment = string | number;

const IDENTIFIER = /^[A-Za-z_$][A-Za-z0-9_$]*$/;

/** Longest text quoted from the input: a hostile file can put megabytes into a key or a value. */
const QUOTE_MAX = 40;

/** A value from the input in short: `"abc"`, or `"abcd…"（共 5000000 字）` when it is long. */
export function quote(s: string): string {
  if (s.length <= QUOTE_MAX) return JSON.stringify(s);
  return `${JSON.stringify(`${s.slice(0, QUOTE_MAX)}…`)}（共 ${s.length} 字）`;
}

/**
 * The last guard of every door: no message or path longer than a screen line or two, whatever a
 * message quoted from the input. Quoting sites cap their values already (quote); this catches the rest.
 */
export function shortIssues(issues: readonly ValidationIssue[]): ValidationIssue[] {
  const cap = (s: string, n: number) => (s.length <= n ? s : `${s.slice(0, n)}…（共 ${s.length} 字）`);
  return issues.map((i) => ({ path: cap(i.path, 300), message: cap(i.message, 600) }));
}

/** A name from the input inside a sentence (no quotes of its own): capped like quote. */
export function clip(s: string): string {
  return s.length <= QUOTE_MAX ? s : `${s.slice(0, QUOTE_MAX)}…（共 ${s.length} 字）`;
}

/** `['root', 'children', 2, 'max']` → `root.children[2].max`; the empty path is `(root)`. */
export function formatPath(path: readonly PropertyKey[]): string {
  let out = '';
  for (const seg of path) {
    if (typeof seg === 'number') out += `[${seg}]`;
    else {
      const s = String(seg);
      if (s.length > QUOTE_MAX) {
        out += `[${quote(s)}]`;
        continue;
      }
      out += IDENTIFIER.test(s) ? (out === '' ? s : `.${s}`) : `[${JSON.stringify(s)}]`;
    }
  }
  return out === '' ? '(root)' : out;
}

/** Appends segments to a formatted path (`entries[3]` + `value` → `entries[3].value`). */
export function subPath(base: string, ...segments: PathSegment[]): string {
  const rest = formatPath(segments);
  if (segments.length === 0) return base;
  if (base === '' || base === '(root)') return rest;
  return rest.startsWith('[') ? base + rest : `${base}.${rest}`;
}

/** A short Chinese description of a value as found in the input: `字符串 "abc"`, `数字 5`. */
export function describeValue(v: unknown): string {
  if (v === undefined) return '空';
  if (v === null) return 'null';
  if (typeof v === 'string') {
    return `字符串 ${quote(v)}`;
  }
  if (typeof v === 'number') return Number.isFinite(v) ? `数字 ${v}` : `非有限数 ${v}`;
  if (typeof v === 'boolean') return `布尔值 ${v}`;
  if (Array.isArray(v)) return `数组（${v.length} 项）`;
  if (typeof v === 'object') return '对象';
  return typeof v;
}

const TYPE_NAMES: Record<string, string> = {
  string: '字符串',
  number: '数字',
  int: '整数',
  boolean: '布尔值',
  array: '数组',
  object: '对象',
  record: '对象',
  null: 'null',
  undefined: '空',
  nan: 'NaN',
};

const literal = (v: unknown): string => (typeof v === 'string' ? quote(v) : String(v));

function oneOf(values: readonly unknown[]): string {
  if (values.length === 1) return `应为 ${literal(values[0])}`;
  return `应为 ${values.map(literal).join('、')} 之一`;
}

/** Patterns of the schemas, explained in words (the regex itself means nothing to a user). */
const PATTERN_NAMES: Record<string, string> = {
  '/^[A-Za-z][A-Za-z0-9_.-]*$/': '键名：以字母开头，只含字母、数字、_ . -',
  '/^sha256:[0-9a-f]{64}$/': '内容哈希 "sha256:<64 位十六进制>"',
  '/^#[0-9a-fA-F]{6}$/': '颜色 "#RRGGBB"',
};

function sizeMessage(
  kind: 'min' | 'max',
  origin: string,
  bound: number | bigint,
  inclusive: boolean | undefined,
  input: unknown,
): string {
  const b = Number(bound);
  const actual = input === undefined ? '' : `，实际为 ${describeValue(input)}`;
  if (origin === 'string') {
    if (kind === 'min' && b === 1) return '不能为空';
    return kind === 'min' ? `长度应至少为 ${b}${actual}` : `长度应至多为 ${b}${actual}`;
  }
  if (origin === 'array' || origin === 'set') {
    return kind === 'min' ? `至少需要 ${b} 项${actual}` : `至多允许 ${b} 项${actual}`;
  }
  const op = kind === 'min' ? (inclusive === false ? '>' : '≥') : inclusive === false ? '<' : '≤';
  return `应 ${op} ${b}${input === undefined ? '' : `，实际为 ${String(input)}`}`;
}

type ZodIssue = z.core.$ZodIssue;

/** The union branch that came closest: the fewest problems. */
function closestBranch(branches: readonly (readonly ZodIssue[])[]): readonly ZodIssue[] | undefined {
  let best: readonly ZodIssue[] | undefined;
  for (const b of branches) if (b.length > 0 && (best === undefined || b.length < best.length)) best = b;
  return best;
}

/**
 * Zod issues as located Chinese messages. `base` prefixes every path (the place of the parsed value
 * inside a larger document). Parse with `{ reportInput: true }` so that messages can quote the value.
 */
export function fromZodIssues(issues: readonly ZodIssue[], base: readonly PathSegment[] = []): ValidationIssue[] {
  const out: ValidationIssue[] = [];
  for (const issue of issues) {
    const path = [...base, ...(issue.path as PathSegment[])];
    const at = formatPath(path);
    const hasInput = 'input' in issue && issue.input !== undefined;
    const input: unknown = hasInput ? issue.input : undefined;
    switch (issue.code) {
      case 'invalid_type': {
        const expected = TYPE_NAMES[issue.expected] ?? issue.expected;
        out.push({
          path: at,
          message: hasInput ? `应为${expected}，实际为 ${describeValue(input)}` : `缺少必填字段（应为${expected}）`,
        });
        break;
      }
      case 'invalid_value':
        out.push({
          path: at,
          message: hasInput ? `${oneOf(issue.values)}，实际为 ${describeValue(input)}` : `缺少必填字段（${oneOf(issue.values)}）`,
        });
        break;
      case 'too_small':
        out.push({ path: at, message: sizeMessage('min', issue.origin, issue.minimum, issue.inclusive, input) });
        break;
      case 'too_big':
        out.push({ path: at, message: sizeMessage('max', issue.origin, issue.maximum, issue.inclusive, input) });
        break;
      case 'not_multiple_of':
        out.push({ path: at, message: `应为 ${issue.divisor} 的整数倍${hasInput ? `，实际为 ${String(input)}` : ''}` });
        break;
      case 'unrecognized_keys':
        for (const k of issue.keys) out.push({ path: formatPath([...path, k]), message: `不允许的字段 ${quote(k)}` });
        break;
      case 'invalid_format': {
        const what =
          issue.format === 'regex' && issue.pattern !== undefined
            ? (PATTERN_NAMES[issue.pattern] ?? `符合 ${issue.pattern} 的文本`)
            : `${issue.format} 格式`;
        out.push({ path: at, message: `应为${what}${hasInput ? `，实际为 ${describeValue(input)}` : ''}` });
        break;
      }
      case 'invalid_union': {
        if (issue.discriminator !== undefined && 'options' in issue && issue.options) {
          // zod reports the whole object as input and the discriminator in the path
          const obj = input as Record<string, unknown> | undefined;
          const value = obj && typeof obj === 'object' ? obj[issue.discriminator] : undefined;
          const allowed = `${oneOf(issue.options)}`;
          out.push({
            path: at,
            message: value === undefined ? `缺少必填字段（${allowed}）` : `未知的类型 ${literal(value)}，${allowed}`,
          });
          break;
        }
        const branch = closestBranch(issue.errors);
        if (branch) out.push(...fromZodIssues(branch, path));
        else out.push({ path: at, message: '不符合任何一种允许的写法' });
        break;
      }
      case 'invalid_key':
      case 'invalid_element':
        out.push(...fromZodIssues(issue.issues, path));
        break;
      case 'custom':
        out.push({ path: at, message: issue.message });
        break;
      default:
        out.push({ path: at, message: (issue as { message: string }).message });
    }
  }
  return out;
}

/** fromZodIssues under a place already written out, such as a stored row (`units[u1]`). */
export function zodIssuesAt(place: string, issues: readonly ZodIssue[]): ValidationIssue[] {
  return fromZodIssues(issues).map((issue) => ({
    ...issue,
    path: issue.path === '(root)' ? place : issue.path.startsWith('[') ? place + issue.path : `${place}.${issue.path}`,
  }));
}

/* ---------- JSON text ---------- */

export type JsonTextResult = { ok: true; value: unknown } | { ok: false; errors: ValidationIssue[] };

/**
 * JSON.parse with a located error: `rules.json:3:5` and what was expected there. Browsers word (and
 * place) their JSON errors differently, so the place is found by a small scanner of our own.
 */
export function parseJsonText(text: string, fileName: string): JsonTextResult {
  const body = text.charCodeAt(0) === 0xfeff ? text.slice(1) : text; // BOM written by Windows editors
  try {
    return { ok: true, value: JSON.parse(body) as unknown };
  } catch (e) {
    const found = locateJsonError(body);
    const pos = found?.pos ?? body.length;
    const { line, column } = lineColumn(body, pos);
    const what = found?.message ?? (e instanceof Error ? e.message : String(e));
    return {
      ok: false,
      errors: [{ path: `${fileName}:${line}:${column}`, message: `JSON 语法错误（第 ${line} 行第 ${column} 列）：${what}` }],
    };
  }
}

function lineColumn(text: string, pos: number): { line: number; column: number } {
  let line = 1;
  let lineStart = 0;
  for (let i = 0; i < pos && i < text.length; i++) {
    if (text[i] === '\n') {
      line++;
      lineStart = i + 1;
    }
  }
  return { line, column: pos - lineStart + 1 };
}

class JsonSyntax extends Error {
  constructor(
    readonly pos: number,
    message: string,
  ) {
    super(message);
  }
}

/**
 * First syntax error of a JSON text, or undefined when it is well-formed. Nesting deeper than the
 * limit is reported as the error there, which also bounds the recursion of this scanner.
 */
export function locateJsonError(text: string): { pos: number; message: string } | undefined {
  let i = 0;
  let depth = 0;
  const enter = () => {
    if (++depth > JSON_MAX_DEPTH) throw new JsonSyntax(i, depthMessage());
  };
  const shown = (p: number): string => (p >= text.length ? '文件结尾' : JSON.stringify(text[p]));
  const fail = (expected: string): never => {
    throw new JsonSyntax(i, `应为${expected}，实际为 ${shown(i)}`);
  };
  const ws = () => {
    while (i < text.length && ' \t\n\r'.includes(text[i] as string)) i++;
  };
  const str = () => {
    i++; // opening quote
    for (;;) {
      if (i >= text.length) throw new JsonSyntax(i, '字符串没有结束的引号');
      const ch = text[i] as string;
      if (ch === '"') {
        i++;
        return;
      }
      if (ch === '\\') {
        const esc = text[i + 1];
        if (esc !== undefined && '"\\/bfnrt'.includes(esc)) i += 2;
        else if (esc === 'u' && /^[0-9a-fA-F]{4}$/.test(text.slice(i + 2, i + 6))) i += 6;
        else throw new JsonSyntax(i, '无效的转义字符');
      } else if (ch.charCodeAt(0) < 0x20) {
        throw new JsonSyntax(i, '字符串中不能有换行或控制字符');
      } else i++;
    }
  };
  const num = () => {
    const m = /^-?(0|[1-9]\d*)(\.\d+)?([eE][+-]?\d+)?/.exec(text.slice(i));
    if (!m || m[0] === '' || m[0] === '-') fail('数字');
    i += (m as RegExpExecArray)[0].length;
  };
  const value = (): void => {
    ws();
    const ch = text[i];
    if (ch === '{') {
      enter();
      i++;
      ws();
      if (text[i] === '}') {
        i++;
        depth--;
        return;
      }
      for (;;) {
        ws();
        if (text[i] !== '"') fail('用双引号括起的字段名');
        str();
        ws();
        if (text[i] !== ':') fail(' ":"');
        i++;
        value();
        ws();
        if (text[i] === ',') {
          i++;
          continue;
        }
        if (text[i] === '}') {
          i++;
          depth--;
          return;
        }
        fail(' "," 或 "}"');
      }
    } else if (ch === '[') {
      enter();
      i++;
      ws();
      if (text[i] === ']') {
        i++;
        depth--;
        return;
      }
      for (;;) {
        value();
        ws();
        if (text[i] === ',') {
          i++;
          continue;
        }
        if (text[i] === ']') {
          i++;
          depth--;
          return;
        }
        fail(' "," 或 "]"');
      }
    } else if (ch === '"') str();
    else if (ch === '-' || (ch !== undefined && ch >= '0' && ch <= '9')) num();
    else {
      for (const word of ['true', 'false', 'null']) {
        if (text.startsWith(word, i)) {
          i += word.length;
          return;
        }
      }
      fail('值（对象、数组、字符串、数字、true、false 或 null）');
    }
  };
  try {
    value();
    ws();
    if (i < text.length) fail('文件结尾');
    return undefined;
  } catch (e) {
    if (e instanceof JsonSyntax) return { pos: e.pos, message: e.message };
    throw e;
  }
}
