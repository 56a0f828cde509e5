/**
 * A test server holding an assessment's database, with the office's coordinator login and unit u1's
 * login `jia`, and the two kinds of machine that replicate with it: a unit's self-assessment copy (with
 * u1's own database) and the office's assessment. Shared by the tests of a unit's sync.
 */
import { afterAll, beforeAll, expect } from 'vitest';
import { CouchClient } from '../../src/sync/couch/http';
import { setupServer } from '../../src/sync/couch/setup';
import { entitiesOfBundle } from '../../src/sync/couch/plan';
import { replicateOnce } from '../../src/sync/couch/replicate';
import { unitDbName } from '../../src/sync/couch/unitDb';
import { closesConflicts, syncLocalSide, writableBy } from '../../src/app/sync';
import { exportSelfPackage, openSelfPackageFile } from '../../src/app/selfAssessment';
import { loadBundleAsNewAssessment, type KaoheDb } from '../../src/store/repo';
import type { Bundle } from '../../src/model/assessment';
import { ADMIN, startCouchServer, type CouchServer } from './couchServer';
import { freshDb } from '../store/testDb';

export const UNIT_ROLES = ['unit', 'unit:u1'];

/** Starts the server before the file's tests and closes it after; `server` and `admin` are set once started. */
export function unitSyncSetup(bundle: Bundle, dbName: string) {
  const env = {
    server: undefined as unknown as CouchServer,
    admin: undefined as unknown as CouchClient,
    async loggedIn(name: string, password: string): Promise<CouchClient> {
      const client = new CouchClient(env.server.url);
      await client.logIn(name, password);
      return client;
    },
    /** A unit machine: the package opened as its copy, replicating with the unit's database as `jia`. */
    async unitMachine(packageText: string, replicationId: string) {
      const db = freshDb();
      const opened = await openSelfPackageFile(db, packageText, '自评包.json', 'jia');
      expect(opened.ok).toBe(true);
      const copy = (await db.assessments.toArray())[0]!;
      const client = await env.loggedIn('jia', 'pw-jia');
      const local = syncLocalSide(db, copy.id, 'jia');
      return { db, copy, local, round: () => replicateOnce(client, local, { db: unitDbName(dbName, 'u1'), replicationId, mayWrite: writableBy('jia', UNIT_ROLES), mayClose: closesConflicts(UNIT_ROLES) }) };
    },
    /** The office's machine: the assessment, replicating with its database as the coordinator. */
    async officeMachine(): Promise<{ db: KaoheDb; round: () => ReturnType<typeof replicateOnce> }> {
      const db = freshDb();
      await loadBundleAsNewAssessment(db, bundle);
      const client = await env.loggedIn('office', 'pw-office');
      const id = bundle.assessment.id;
      return { db, round: () => replicateOnce(client, syncLocalSide(db, id, 'office'), { db: dbName, replicationId: 'office', mayWrite: writableBy('office', ['coordinator']) }) };
    },
    /** The office's machine after a first round, and unit u1's self-assessment package exported there. */
    async officeAndPackage() {
      const office = await env.officeMachine();
      await office.round();
      const pkg = await exportSelfPackage(office.db, bundle.assessment.id, 'u1', 'office');
      return { office, pkg };
    },
  };
  beforeAll(async () => {
    env.server = await startCouchServer();
    env.admin = new CouchClient(env.server.url, { basic: `${ADMIN.name}:${ADMIN.password}` });
    await setupServer(
      env.admin,
      dbName,
      [
        { name: 'office', password: 'pw-office', roles: ['coordinator'] },
        { name: 'jia', password: 'pw-jia', roles: UNIT_ROLES },
      ],
      entitiesOfBundle(bundle),
    );
  });
  afterAll(() => env.server?.close());
  return env;
}
