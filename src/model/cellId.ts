/**
 * The id of the entry of one cell: an assessor's entry for a unit × node (× object). Derived from the
 * cell, so the same assessor editing the same cell on two machines writes the same entry (and a merge
 * can compare them) instead of two rival rows.
 */
export interface CellRef {
  unitId: string;
  node: string;
  assessorId: string;
  objectId?: string | undefined;
}

export function cellEntryId(c: CellRef): string {
  // joined, not concatenated: a join makes one flat string, where `+` would keep a rope of three or
  // four pieces per id (a nation's file derives a million of them on reading)
  return c.objectId ? [c.unitId, c.node, c.assessorId, c.objectId].join(':') : [c.unitId, c.node, c.assessorId].join(':');
}
