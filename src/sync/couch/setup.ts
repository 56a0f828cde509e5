/**
 * Preparing a CouchDB for one assessment, idempotently: running it again changes nothing that is
 * already as it should be (an existing user keeps its password; only missing roles are added).
 */
import { canonicalJson } from '../contentHash';
import { CouchError, dbPath, docPath, type CouchClient } from './http';
import { designDoc, securityObject } from './security';
import { ensureDb, ensureDesign, ensureSecurity, getOrNull, type SetupStep } from './ensure';
import { syncUnitDatabases } from './unitDb';
import { docContentHash, type SyncDoc, type SyncEntity } from './docs';
import { pendingDocs, pushDocs, type SyncedMap } from './plan';

export interface ServerUser {
  name: string;
  password: string;
  roles: string[];
}

export type { SetupStep } from './ensure';

async function ensureUser(client: CouchClient, user: ServerUser): Promise<SetupStep['outcome']> {
  const path = docPath('_users', `org.couchdb.user:${user.name}`);
  const existing = await getOrNull<{ _rev: string; roles?: string[] } & Record<string, unknown>>(client, path);
  if (!existing) {
    await client.request('PUT', path, { _id: `org.couchdb.user:${user.name}`, name: user.name, type: 'user', roles: user.roles, password: user.password });
    return 'created';
  }
  const roles = [...new Set([...(existing.roles ?? []), ...user.roles])].sort();
  if (canonicalJson(roles) === canonicalJson([...(existing.roles ?? [])].sort())) return 'unchanged';
  await client.request('PUT', path, { ...existing, roles });
  return 'updated';
}

/** The server's current version of the given documents (absent ones are left out). */
export async function serverVersions(client: CouchClient, db: string, ids: readonly string[]): Promise<SyncedMap> {
  const synced: SyncedMap = {};
  for (let i = 0; i < ids.length; i += 500) {
    const r = await client.request<{ rows: { id?: string; doc?: SyncDoc | null }[] }>('POST', `${dbPath(db)}/_all_docs`, { keys: ids.slice(i, i + 500) }, { include_docs: true });
    for (const row of r.rows) if (row.doc && row.id) synced[row.id] = { rev: row.doc._rev!, hash: docContentHash(row.doc) };
  }
  return synced;
}

/** Writes entities whose content differs from the server's (as the admin: no check of who wrote them). */
export async function publishEntities(client: CouchClient, db: string, entities: readonly SyncEntity[]): Promise<number> {
  const all = pendingDocs(entities, {});
  const synced = await serverVersions(client, db, all.map((p) => p.doc._id));
  const docs = pushDocs(pendingDocs(entities, synced), synced);
  for (let i = 0; i < docs.length; i += 500) {
    const errors = await client.request<{ id: string; error: string; reason: string }[]>('POST', `${dbPath(db)}/_bulk_docs`, { docs: docs.slice(i, i + 500), new_edits: false });
    if (Array.isArray(errors) && errors.length > 0) throw new CouchError(403, errors[0]!.error, `${errors[0]!.id}：${errors[0]!.reason}`);
  }
  return docs.length;
}

/**
 * Creates (or checks) the assessment's database, its `_security`, the design document with the
 * validation function, and the users; then publishes the given entities (the assessment, its rule
 * sets, units and assessors) so every copy starts from the same setup.
 */
export async function setupServer(client: CouchClient, db: string, users: readonly ServerUser[], entities: readonly SyncEntity[] = []): Promise<SetupStep[]> {
  const steps: SetupStep[] = [];
  steps.push({ what: `数据库 ${db}`, outcome: await ensureDb(client, db) });
  steps.push({ what: '用户库 _users', outcome: await ensureDb(client, '_users') });
  steps.push({ what: '访问权限 _security', outcome: await ensureSecurity(client, db, securityObject()) });
  steps.push({ what: '校验函数', outcome: await ensureDesign(client, db, designDoc()) });
  for (const user of users) steps.push({ what: `用户 ${user.name}（${user.roles.join('、')}）`, outcome: await ensureUser(client, user) });
  if (entities.length > 0) {
    const written = await publishEntities(client, db, entities);
    steps.push({ what: `考核数据（${entities.length} 个文档）`, outcome: written > 0 ? 'updated' : 'unchanged' });
  }
  // after the assessment's own documents: each unit's database is filled from them
  steps.push(...(await syncUnitDatabases(client, db)).steps);
  return steps;
}
