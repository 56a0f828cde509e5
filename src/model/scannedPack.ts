/**
 * A pack of a file read straight from its bytes into columns (formats/packScan.ts), for the two forms
 * nearly every entry of a large file has: a value, or a list of findings each with only an id and a
 * reason. Every entry's id is its cell's own (cellEntryId), its revision 1 and a finding's count 1, so
 * none of these is kept: a nation's 1.35 million entries are then no million objects and ids that the
 * store would at once take apart again into its own columns (store/packCodec.ts).
 */
import { cellEntryId } from './cellId';
import type { Finding, ScoreEntry } from './entries';

export interface ScannedFindings {
  /** the entries that have a list of findings, in index order */
  entry: number[];
  /** how many findings each of those lists holds */
  size: number[];
  /** the findings' ids and reasons, list after list */
  id: string[];
  reason: string[];
}

export interface ScannedPack {
  unitId: string;
  assessorId: string;
  /** entry i's node, in the file's order; one list may stand for several packs that list the same nodes, so it is never changed */
  node: readonly string[];
  /** entry i's value; NaN where it has findings instead */
  value: number[];
  findings: ScannedFindings | undefined;
}

/** A pack of a file as read for storing: scanned in columns, or as entries where it has any other form. */
export type ReadPack = ScannedPack | { unitId: string; assessorId: string; entries: ScoreEntry[] };

export const isScanned = (p: ReadPack): p is ScannedPack => 'node' in p;

export const readPackSize = (p: ReadPack): number => (isScanned(p) ? p.node.length : p.entries.length);

/** The entries a scanned pack stands for, as the file's JSON with its defaults filled in gives them. */
export function scannedEntries(p: ScannedPack): ScoreEntry[] {
  const { unitId, assessorId, node, value, findings } = p;
  const out = new Array<ScoreEntry>(node.length);
  let j = 0;
  let f = 0;
  for (let i = 0; i < node.length; i++) {
    const id = cellEntryId({ unitId, node: node[i]!, assessorId });
    if (findings && findings.entry[j] === i) {
      const list: Finding[] = [];
      for (let end = f + findings.size[j]!; f < end; f++) list.push({ id: findings.id[f]!, count: 1, reason: findings.reason[f]! });
      j++;
      out[i] = { id, unitId, node: node[i]!, assessorId, findings: list, rev: 1 };
    } else out[i] = { id, unitId, node: node[i]!, assessorId, value: value[i]!, rev: 1 };
  }
  return out;
}
