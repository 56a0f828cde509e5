/**
 * One pack line of a version 2 file read straight from its bytes into score entries, for the two forms
 * this program writes for nearly every entry of a nation's file:
 *
 *   {"unitId":"u1","assessorId":"a1","entries":[{"node":"k","value":0.5},{"node":"k2","findings":[{"id":"f0","reason":"…"}]}]}
 *
 * exactly as JSON.stringify writes them: these keys in this order, no spaces, no escapes, each finding
 * with only its id and reason. The entries are what JSON.parse and adoptEntry make of the line (the
 * cell's own id, rev 1, a finding's count 1, the rule set's node string); anything else in the line —
 * another key, an escape, a control character, a number JSON does not allow, an id out of bounds — gives
 * false, and the line is read by JSON.parse and adoptEntry, which decide about it as before.
 * Skipping them saves a nation's file a million parsed objects that would at once be completed and dropped.
 * Opening a file as an assessment goes further (scanPackColumns): the pack is read into columns
 * (model/scannedPack.ts), with no object or id per entry at all.
 */
import type { Finding, ScoreEntry } from '../model/entries';
import type { ScannedFindings, ScannedPack } from '../model/scannedPack';

/**
 * How the bytes of a file become text. `text` gives the characters of bytes [from, to), cut at
 * character boundaries, or undefined when they are not well-formed UTF-8 — unless `all` said yes of
 * the whole file first, when it may take that as given (Node's Buffer decodes faster than a fatal
 * TextDecoder, and checks the whole file at once with isUtf8).
 */
export interface Utf8 {
  /** true when every byte of the file is well-formed UTF-8; absent: each piece is checked as it is decoded */
  all?(bytes: Uint8Array): boolean;
  /** `ascii`: the caller saw every byte below 0x80 */
  text(bytes: Uint8Array, from: number, to: number, ascii?: boolean): string | undefined;
}

const fatal = new TextDecoder('utf-8', { fatal: true, ignoreBOM: true });

/** Any platform's: a fatal TextDecoder, which keeps a U+FEFF it meets (ignoreBOM) as JSON.parse of the whole text would. */
export const webUtf8: Utf8 = {
  text(bytes, from, to, ascii) {
    // a short id or node key: cheaper than a call into the decoder
    if (ascii && to - from <= 32) return asciiText(bytes, from, to);
    try {
      return fatal.decode(bytes.subarray(from, to));
    } catch {
      return undefined;
    }
  },
};

const HEAD = bytes('{"unitId":"');
const ASSESSOR = bytes('","assessorId":"');
const ENTRIES = bytes('","entries":[');
const NODE = bytes('{"node":"');
const VALUE = bytes('","value":');
const FINDINGS = bytes('","findings":[');
const FINDING_ID = bytes('{"id":"');
const REASON = bytes('","reason":"');
const [QUOTE, BACKSLASH, COMMA, CLOSE, BRACE_CLOSE, MINUS, PLUS, DOT, ZERO, NINE, E, E_UPPER] = [0x22, 0x5c, 0x2c, 0x5d, 0x7d, 0x2d, 0x2b, 0x2e, 0x30, 0x39, 0x65, 0x45];

function bytes(s: string): Uint8Array {
  return Uint8Array.from(s, (c) => c.charCodeAt(0));
}

/** The schema's id: 1 to 200 characters. */
const isId = (s: string): boolean => s.length >= 1 && s.length <= 200;

/**
 * The strings of a file's packs, each made once: a nation's file names the same few hundred nodes,
 * units, assessors and finding ids and reasons over and over, and a string found here again is
 * compared byte for byte with the one kept, not decoded anew.
 */
export class Strings {
  private readonly kept = new Map<number, { bytes: Uint8Array; text: string }>();
  /** the string last read at each place (the k-th node of a pack, …): most packs repeat the one before */
  readonly at: ({ bytes: Uint8Array; text: string } | undefined)[] = [];

  /** the string get() last gave, with its bytes */
  last: { bytes: Uint8Array; text: string } | undefined;

  constructor(
    private readonly utf8: Utf8 = webUtf8,
    /**
     * the entries are all kept (a whole file read): each id is made one flat string, which costs the
     * collector less than a rope of four pieces per entry; entries dropped soon after (a file scored unit
     * by unit) are quicker with the rope, read back only when a check needs it
     */
    readonly flatIds = true,
  ) {}

  /** The text of bytes [from, to), or undefined when they are not UTF-8. */
  get(buf: Uint8Array, from: number, to: number, hash: number, ascii: boolean): string | undefined {
    const len = to - from;
    const key = (hash * 67 + len) | 0;
    const k = this.kept.get(key);
    if (k && k.bytes.length === len) {
      let same = true;
      for (let j = 0; j < len; j++) {
        if (k.bytes[j] !== buf[from + j]) {
          same = false;
          break;
        }
      }
      if (same) {
        this.last = k;
        return k.text;
      }
    }
    // the bytes of one string, cut at its quotes (never inside a character): decoded alone they are
    // what the whole text's decoding has there, and they are well-formed exactly when the text is there
    const text = this.utf8.text(buf, from, to, ascii);
    if (text === undefined) return undefined;
    this.last = { bytes: buf.subarray(from, to), text };
    if (len <= 64) {
      if (this.kept.size >= 1 << 14) this.kept.clear();
      this.kept.set(key, this.last);
    }
    return text;
  }
}

/** Bytes below 0x80 as their characters. */
export function asciiText(buf: Uint8Array, from: number, to: number): string {
  let s = '';
  for (let i = from; i < to; i++) s += String.fromCharCode(buf[i]!);
  return s;
}

class Scan {
  i: number;

  /** Steps over `lit` if the bytes here are it. */
  lit(lit: Uint8Array): boolean {
    const { buf, i } = this;
    if (i + lit.length > this.end) return false;
    for (let k = 0; k < lit.length; k++) if (buf[i + k] !== lit[k]) return false;
    this.i = i + lit.length;
    return true;
  }

  byte(b: number): boolean {
    if (this.i >= this.end || this.buf[this.i] !== b) return false;
    this.i++;
    return true;
  }

  /** text(), first tried as the string last read at `place`: the same bytes, then the closing quote. */
  textAt(place: number): string | undefined {
    const { buf, end, i } = this;
    const p = this.strings.at[place];
    if (p) {
      const b = p.bytes;
      const len = b.length;
      if (i + len < end && buf[i + len] === QUOTE) {
        let k = 0;
        while (k < len && buf[i + k] === b[k]) k++;
        if (k === len) {
          this.i = i + len;
          return p.text;
        }
      }
    }
    const text = this.text();
    if (text !== undefined) this.strings.at[place] = this.strings.last;
    return text;
  }

  /** A string's characters up to (not over) its closing quote, with no escape or control character; undefined otherwise. */
  text(): string | undefined {
    const { buf, end } = this;
    const from = this.i;
    let ascii = true;
    let hash = 0;
    let i = from;
    for (; i < end; i++) {
      const b = buf[i]!;
      if (b === QUOTE) break;
      if (b < 0x20 || b === BACKSLASH) return undefined;
      if (b >= 0x80) ascii = false;
      hash = (hash * 31 + b) | 0;
    }
    if (i >= end) return undefined;
    const text = this.strings.get(buf, from, i, hash, ascii);
    if (text !== undefined) this.i = i;
    return text;
  }

  constructor(
    readonly buf: Uint8Array,
    start: number,
    readonly end: number,
    readonly strings: Strings,
  ) {
    this.i = start;
  }

  /** Digits from here: how many, and their value while it stays exact. */
  private digits(): number {
    const { buf, end } = this;
    const from = this.i;
    let i = from;
    let m = this.mantissa;
    while (i < end && buf[i]! >= ZERO && buf[i]! <= NINE) m = m * 10 + (buf[i++]! - ZERO);
    this.mantissa = m;
    this.i = i;
    return i - from;
  }

  private mantissa = 0;

  /** A number as JSON writes one (-?(0|[1-9]d*)(.d+)?([eE][+-]?d+)?), finite; undefined otherwise. */
  number(): number | undefined {
    const { buf, end } = this;
    const from = this.i;
    this.mantissa = 0;
    const negative = this.i < end && buf[this.i] === MINUS;
    if (negative) this.i++;
    let count: number;
    if (this.i < end && buf[this.i] === ZERO) {
      this.i++;
      count = 1;
    } else if ((count = this.digits()) === 0) return undefined;
    let decimals = 0;
    if (this.i < end && buf[this.i] === DOT) {
      this.i++;
      if ((decimals = this.digits()) === 0) return undefined;
      count += decimals;
    }
    let exponent = false;
    if (this.i < end && (buf[this.i] === E || buf[this.i] === E_UPPER)) {
      exponent = true;
      this.i++;
      if (this.i < end && (buf[this.i] === PLUS || buf[this.i] === MINUS)) this.i++;
      if (this.digits() === 0) return undefined;
    }
    // up to 15 digits and no exponent: digits / 10^decimals, both exact doubles, is one correctly
    // rounded division, the same double as reading the decimal text
    if (!exponent && count <= 15) {
      const n = this.mantissa / POW10[decimals]!;
      return negative ? -n : n;
    }
    const n = Number(asciiText(buf, from, this.i));
    return Number.isFinite(n) ? n : undefined;
  }
}

const POW10 = Array.from({ length: 16 }, (_, k) => 10 ** k);

/** Where the entries of a pack being scanned go (scanPack: entry objects; scanPackColumns: columns). */
interface PackSink {
  /** an entry that is a value; false when its id would be too long */
  value(node: string, value: number): boolean;
  /** a finding of the list being read */
  finding(id: string, reason: string): void;
  /** an entry whose findings were given since the entry before; false when its id would be too long */
  findings(node: string): boolean;
}

/** The findings of a deduction entry, each `{"id":…,"reason":…}`, after the opening bracket, given to the sink. */
function findings(s: Scan, sink: PackSink): boolean {
  if (s.byte(CLOSE)) return true;
  for (;;) {
    if (!s.lit(FINDING_ID)) return false;
    const id = s.textAt(0);
    if (id === undefined || !isId(id) || !s.lit(REASON)) return false;
    const reason = s.textAt(1);
    if (reason === undefined || reason.length === 0 || !s.byte(QUOTE) || !s.byte(BRACE_CLOSE)) return false;
    sink.finding(id, reason);
    if (s.byte(CLOSE)) return true;
    if (!s.byte(COMMA)) return false;
  }
}

/** The pack's head: its unit and assessor, up to and over the entries' opening bracket. */
function head(s: Scan): { unitId: string; assessorId: string } | undefined {
  if (!s.lit(HEAD)) return undefined;
  const unitId = s.text();
  if (unitId === undefined || !isId(unitId) || !s.lit(ASSESSOR)) return undefined;
  const assessorId = s.text();
  if (assessorId === undefined || !isId(assessorId) || !s.lit(ENTRIES)) return undefined;
  return { unitId, assessorId };
}

/** The pack's entries after the opening bracket, and the pack's end: true when all of it is in the forms above. */
function body(s: Scan, nodes: ReadonlyMap<string, string>, sink: PackSink): boolean {
  if (!s.byte(CLOSE) && !entries(s, nodes, sink)) return false;
  return s.byte(BRACE_CLOSE) && s.i === s.end;
}

/** Makes entry objects: the literals of entryShape's common entries and findings, the same fields in the same order. */
class EntrySink implements PackSink {
  /** gathered here, then copied at their count: an array grown by push keeps room for 17, and a nation's file has half a million lists of findings, most of one or two */
  private readonly found: Finding[] = [];

  constructor(
    private readonly unitId: string,
    private readonly assessorId: string,
    private readonly flatIds: boolean,
    private readonly into: ScoreEntry[],
  ) {}

  /** cellEntryId's id, or undefined when it is too long */
  private id(node: string): string | undefined {
    const { unitId, assessorId } = this;
    const id = this.flatIds ? [unitId, node, assessorId].join(':') : unitId + ':' + node + ':' + assessorId;
    return isId(id) ? id : undefined;
  }

  value(node: string, value: number): boolean {
    const id = this.id(node);
    if (id === undefined) return false;
    this.into.push({ id, unitId: this.unitId, node, assessorId: this.assessorId, value, rev: 1 });
    return true;
  }

  finding(id: string, reason: string): void {
    this.found.push({ id, count: 1, reason });
  }

  findings(node: string): boolean {
    const { found } = this;
    const list = found.length === 1 ? [found[0]!] : found.slice();
    found.length = 0;
    const id = this.id(node);
    if (id === undefined) return false;
    this.into.push({ id, unitId: this.unitId, node, assessorId: this.assessorId, findings: list, rev: 1 });
    return true;
  }
}

/**
 * Makes the columns of a ScannedPack. A pack that lists the same nodes as the pack before (most do: a
 * group's packs list its rule set's nodes in one order) is given that pack's very list, so what is
 * found of a list once (its order, that its nodes are distinct) is known of it by identity.
 */
class ColumnSink implements PackSink {
  nodes: string[] = [];
  values: number[] = [];
  found: ScannedFindings | undefined;
  private listFrom = 0;
  /** the id's length but the node's */
  private idRoom = 0;
  /** the list of nodes of the pack before, and whether this pack's nodes so far are its nodes */
  private before: string[] = [];
  private same = true;

  start(unitId: string, assessorId: string): void {
    this.nodes = [];
    this.values = [];
    this.found = undefined;
    this.listFrom = 0;
    this.idRoom = 200 - unitId.length - assessorId.length - 2;
    this.same = true;
  }

  /** The pack's list of nodes, once all are given: the list before where it is the same. */
  nodeList(): string[] {
    const { before } = this;
    if (this.same && this.values.length === before.length) return before;
    if (this.same) this.nodes = before.slice(0, this.values.length);
    this.before = this.nodes;
    return this.nodes;
  }

  /** Node `node` of the entry just given a value: made a list of its own only once the pack differs from the one before. */
  private add(node: string): void {
    const i = this.values.length - 1;
    if (this.same) {
      if (this.before[i] === node) return;
      this.same = false;
      this.nodes = this.before.slice(0, i);
    }
    this.nodes.push(node);
  }

  value(node: string, value: number): boolean {
    if (node.length > this.idRoom) return false;
    this.values.push(value);
    this.add(node);
    return true;
  }

  finding(id: string, reason: string): void {
    const f = (this.found ??= { entry: [], size: [], id: [], reason: [] });
    f.id.push(id);
    f.reason.push(reason);
  }

  findings(node: string): boolean {
    if (node.length > this.idRoom) return false;
    const f = (this.found ??= { entry: [], size: [], id: [], reason: [] });
    f.entry.push(this.values.length);
    f.size.push(f.id.length - this.listFrom);
    this.listFrom = f.id.length;
    this.values.push(NaN);
    this.add(node);
    return true;
  }
}

/**
 * Reads the pack in bytes [start, end) and appends its entries to `into`: its unit and assessor, or
 * undefined (with `into` as it was) when the line is not in the forms above.
 */
export function scanPack(
  buf: Uint8Array,
  start: number,
  end: number,
  /** the rule sets' node keys, each to itself (nodeStrings): an entry's node is swapped for it */
  nodes: ReadonlyMap<string, string>,
  strings: Strings,
  into: ScoreEntry[],
): { unitId: string; assessorId: string } | undefined {
  const s = new Scan(buf, start, end, strings);
  const cell = head(s);
  if (!cell) return undefined;
  const first = into.length;
  if (!body(s, nodes, new EntrySink(cell.unitId, cell.assessorId, strings.flatIds, into))) {
    into.length = first;
    return undefined;
  }
  return cell;
}

const COLUMNS = new ColumnSink();

/** The pack in bytes [start, end) in columns, or undefined when the line is not in the forms above. */
export function scanPackColumns(buf: Uint8Array, start: number, end: number, nodes: ReadonlyMap<string, string>, strings: Strings): ScannedPack | undefined {
  const s = new Scan(buf, start, end, strings);
  const cell = head(s);
  if (!cell) return undefined;
  const sink = COLUMNS;
  sink.start(cell.unitId, cell.assessorId);
  if (!body(s, nodes, sink)) return undefined;
  return { unitId: cell.unitId, assessorId: cell.assessorId, node: sink.nodeList(), value: sink.values, findings: sink.found };
}

/** The pack's entries after the opening bracket, up to and over the closing one. */
function entries(s: Scan, nodes: ReadonlyMap<string, string>, sink: PackSink): boolean {
  for (let k = 0; ; k++) {
    if (!s.lit(NODE)) return false;
    // places 0 and 1: a finding's id and reason; the k-th node from 2
    const read = s.textAt(k + 2);
    if (read === undefined || read.length === 0) return false;
    const node = nodes.get(read) ?? read;
    if (s.lit(VALUE)) {
      const value = s.number();
      if (value === undefined || !s.byte(BRACE_CLOSE) || !sink.value(node, value)) return false;
    } else if (s.lit(FINDINGS)) {
      if (!findings(s, sink) || !s.byte(BRACE_CLOSE) || !sink.findings(node)) return false;
    } else return false;
    if (s.byte(CLOSE)) return true;
    if (!s.byte(COMMA)) return false;
  }
}
