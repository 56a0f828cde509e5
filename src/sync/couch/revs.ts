/**
 * CouchDB revisions written by the app. The replication protocol stores a document version under the
 * revision its writer chose (`_bulk_docs` with `new_edits: false`), with its ancestry in `_revisions`,
 * so the server can place it in the document's revision tree: after the version it was based on, or
 * beside a version written meanwhile elsewhere, which is then a CouchDB conflict (`_conflicts`).
 *
 * The revision id is derived from the parent and the content, so two copies that write the same
 * content on the same parent write the same revision (no false conflict when both make the same edit).
 */
import { contentHash } from '../contentHash';

export interface Revisions {
  start: number;
  ids: string[];
}

export function revGeneration(rev: string): number {
  const n = Number.parseInt(rev.slice(0, rev.indexOf('-')), 10);
  return Number.isFinite(n) ? n : 0;
}

/** The next revision after `parent` (none: a new document) for content with the given hash. */
export function nextRev(parent: string | undefined, content: string): { rev: string; revisions: Revisions } {
  const generation = (parent ? revGeneration(parent) : 0) + 1;
  const id = contentHash({ parent: parent ?? null, content }).slice('sha256:'.length, 'sha256:'.length + 32);
  const ids = [id];
  if (parent) ids.push(parent.slice(parent.indexOf('-') + 1));
  return { rev: `${generation}-${id}`, revisions: { start: generation, ids } };
}
