/**
 * Opening a large file as an assessment (app/bundleOpen.ts): its packs are stored while they are read,
 * one slice written while the next is read, in one transaction kept only when the whole file is sound.
 * A pack scanned in columns (model/scannedPack.ts) is written from its columns (scannedColumns.ts). Its
 * own module, so the first screen's scripts do not carry it.
 */
import type { Bundle } from '../model/assessment';
import { isScanned, scannedEntries, type ReadPack } from '../model/scannedPack';
import { insertBundle, sheetTables, SYSTEM, type EntryWriter } from './assessments';
import type { KaoheDb } from './database';
import type { StoredUnitPacksRow } from './packCodec';
import { addUnitSlices, packRow } from './packs';
import { scannedColumns } from './scannedColumns';
import { byAssessor, type UnitPacksRow } from './schema';

/**
 * A bundle whose entries arrive while they are stored (opening a large file, app/bundleOpen.ts): each
 * slice `next` gives is written while the next is read, and `finish`, asked once all were given, says
 * whether the whole is sound. Until then nothing is kept: when it says no, or a slice cannot be read or
 * written, the transaction is undone.
 */
export interface FedBundle {
  /** everything of the bundle but its entries */
  head: Bundle;
  /** the next packs (a pack's entries all in one), undefined after the last */
  next(): readonly ReadPack[] | undefined;
  /** told after each write, with how many packs it stored */
  written(packs: number): void;
  /** once every slice was given: how many entries the bundle has, or undefined where the whole is not sound */
  finish(): number | undefined;
}

/** A fed bundle's whole was not sound: nothing of it was kept. */
export class UnsoundFeedError extends Error {
  constructor() {
    super('fed bundle not sound');
    this.name = 'UnsoundFeedError';
  }
}

/** loadBundleAsNewAssessment for a bundle whose entries arrive as they are stored (FedBundle). */
export async function loadFedBundleAsNewAssessment(db: KaoheDb, fed: FedBundle, who: string = SYSTEM): Promise<string> {
  const { id, name } = fed.head.assessment;
  const writeEntries: EntryWriter = (into) =>
    addReadPackSlices(db, into, () => fed.next(), (packs) => fed.written(packs)).then(() => {
      const count = fed.finish();
      if (count === undefined) throw new UnsoundFeedError();
      return count;
    });
  await db.transaction('rw', sheetTables(db), () => insertBundle(db, fed.head, id, name, who, writeEntries));
  return id;
}

/**
 * Adds the packs of a file being read into a new assessment (ReadPack), the slices `next` makes until
 * it gives undefined, inside the caller's transaction: each slice is written as unit rows while the next
 * is made. The packs of a slice's last unit wait for the next slice, which may hold more of that unit's
 * packs; a unit whose packs come apart (not one after another) is refused by IndexedDB as a second row
 * of its key. A unit whose packs were all scanned in columns, each in its pack's order already, is
 * written as the middleware would write its entries (scannedColumns), and passes it as it is; any other
 * unit goes as packs of entries. `written` hears how many packs each write stored. A slice that cannot be
 * made (`next` throws) or written rejects the whole, and the caller's transaction is undone.
 */
export function addReadPackSlices(db: KaoheDb, assessmentId: string, next: () => readonly ReadPack[] | undefined, written: (packs: number) => void): PromiseLike<void> {
  const sameUnit = (a: ReadPack, b: ReadPack) => a.unitId === b.unitId;
  const rows = (packs: readonly ReadPack[]) => readPackRows(assessmentId, packs);
  return addUnitSlices(db, heldBack(next, sameUnit, rows), (slice) => written(slice.reduce((n, r) => n + ('inColumns' in r ? r.inColumns.length : r.packs.length), 0)));
}

/** The rows of `packs`, the packs of a unit joined (as unitRowsOf joins them). */
function readPackRows(assessmentId: string, packs: readonly ReadPack[]): (UnitPacksRow | StoredUnitPacksRow)[] {
  const units = new Map<string, ReadPack[]>();
  let list: ReadPack[] | undefined;
  for (const p of packs) {
    if (list === undefined || list[0]!.unitId !== p.unitId) {
      list = units.get(p.unitId);
      if (!list) units.set(p.unitId, (list = []));
    }
    list.push(p);
  }
  return [...units].map(([unitId, of]) => {
    if (of.length > 1) {
      of.sort(byAssessor);
      for (let i = 1; i < of.length; i++) if (of[i - 1]!.assessorId === of[i]!.assessorId) throw new Error(`two packs of unit ${unitId}, assessor ${of[i]!.assessorId}`);
    }
    const inColumns: StoredUnitPacksRow['inColumns'] = [];
    for (const p of of) {
      const columns = isScanned(p) ? scannedColumns(p) : undefined;
      if (!columns) break;
      inColumns.push({ assessorId: p.assessorId, columns });
    }
    if (inColumns.length === of.length) return { assessmentId, unitId, inColumns };
    return { assessmentId, unitId, packs: of.map((p) => packRow([assessmentId, unitId, p.assessorId], isScanned(p) ? scannedEntries(p) : p.entries)) };
  });
}

/**
 * The slices `next` makes, as rows, each with its last unit's packs held back for the next slice, which
 * may hold more of that unit's packs.
 */
function heldBack<P, R>(next: () => readonly P[] | undefined, sameUnit: (a: P, b: P) => boolean, rows: (packs: readonly P[]) => R[]): () => R[] | undefined {
  let held: readonly P[] = [];
  let ended = false;
  return () => {
    for (;;) {
      if (ended) return undefined;
      const slice = next();
      let packs: readonly P[];
      if (slice === undefined) {
        ended = true;
        packs = held;
        held = [];
      } else {
        packs = held.length === 0 ? slice : [...held, ...slice];
        const last = packs[packs.length - 1];
        let cut = packs.length;
        while (last !== undefined && cut > 0 && sameUnit(packs[cut - 1]!, last)) cut--;
        held = packs.slice(cut);
        packs = packs.slice(0, cut);
      }
      if (packs.length > 0) return rows(packs);
    }
  };
}

