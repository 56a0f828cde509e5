/**
 * Idempotent steps of server set-up, shared by the assessment's database and the units' databases:
 * each says whether it created, updated or found in place what it was asked for.
 */
import { canonicalJson } from '../contentHash';
import { CouchError, dbPath, docPath, type CouchClient } from './http';

export type SetupOutcome = 'created' | 'updated' | 'unchanged';

/** One line of what set-up did: `what` in the words the coordinator reads. */
export interface SetupStep {
  what: string;
  outcome: SetupOutcome;
}

export async function getOrNull<T>(client: CouchClient, path: string): Promise<T | null> {
  try {
    return await client.request<T>('GET', path);
  } catch (e) {
    if (e instanceof CouchError && e.status === 404) return null;
    throw e;
  }
}

export async function ensureDb(client: CouchClient, db: string): Promise<SetupOutcome> {
  try {
    await client.request('PUT', dbPath(db));
    return 'created';
  } catch (e) {
    if (e instanceof CouchError && e.status === 412) return 'unchanged';
    throw e;
  }
}

export async function ensureSecurity(client: CouchClient, db: string, security: object): Promise<SetupOutcome> {
  const current = await client.request<unknown>('GET', `${dbPath(db)}/_security`);
  if (canonicalJson(current) === canonicalJson(security)) return 'unchanged';
  await client.request('PUT', `${dbPath(db)}/_security`, security);
  return 'updated';
}

export async function ensureDesign(client: CouchClient, db: string, design: { _id: string; language: string; validate_doc_update: string }): Promise<SetupOutcome> {
  const current = await getOrNull<{ _rev: string; language?: string; validate_doc_update?: string }>(client, docPath(db, design._id));
  if (current && current.language === design.language && current.validate_doc_update === design.validate_doc_update) return 'unchanged';
  await client.request('PUT', docPath(db, design._id), { ...design, ...(current && { _rev: current._rev }) });
  return current ? 'updated' : 'created';
}
