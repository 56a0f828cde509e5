/**
 * `npm run server -- setup <url> --db <数据库> [--users 用户.json] [--bundle 数据包.json]`: prepares a
 * CouchDB (3.x) for one assessment — its database, access rules, validation function and users, and,
 * given a bundle, the assessment itself (rule sets, units, assessors, entries); then a database for each
 * unit with a login (sync/couch/unitDb.ts). The server admin's login goes in the address:
 * http://admin:密码@127.0.0.1:5984. Running it again changes nothing that is already in place (see
 * docs/sync.md).
 *
 * `npm run server -- fan-out <url> --db <数据库> [--watch 秒]`: one pass (or a pass every so many seconds)
 * keeping the unit databases in step with the assessment's: its documents down, self-assessments up.
 *
 * The users file: {"users": [{"name": "as1", "password": "…", "roles": ["assessor"]}, …]}.
 */
import { readFileSync } from 'node:fs';
import * as z from 'zod';
import { parseBundle } from '../formats/bundle';
import { CouchClient, CouchError } from '../sync/couch/http';
import { entitiesOfBundle } from '../sync/couch/plan';
import { ROLES } from '../sync/couch/security';
import { setupServer, type SetupStep } from '../sync/couch/setup';
import { newUnitDbWatch, syncUnitDatabases } from '../sync/couch/unitDb';
import type { SyncEntity } from '../sync/couch/docs';

const USAGE = [
  '用法: npm run server -- setup <http://管理员:密码@服务器:5984> --db <数据库名> [--users 用户.json] [--bundle 数据包.json]',
  '      npm run server -- fan-out <http://管理员:密码@服务器:5984> --db <数据库名> [--watch 秒]（同步各单位数据库）',
].join('\n');

const role = z.string().refine((r) => (ROLES as readonly string[]).includes(r) || /^unit:.+/.test(r), { message: `角色须为 ${ROLES.join('、')} 或 unit:<单位编号>` });
const usersFile = z.strictObject({
  users: z.array(z.strictObject({ name: z.string().min(1), password: z.string().min(1), roles: z.array(role).min(1) })),
});

function option(args: string[], name: string): string | undefined {
  const i = args.indexOf(name);
  return i === -1 ? undefined : args[i + 1];
}

const OUTCOME: Record<SetupStep['outcome'], string> = { created: '已创建', updated: '已更新', unchanged: '无变化' };

async function run(): Promise<number> {
  const [command, url, ...rest] = process.argv.slice(2);
  const db = option(rest, '--db');
  if ((command !== 'setup' && command !== 'fan-out') || url === undefined || db === undefined || !/^[a-z][a-z0-9_$()+/-]*$/.test(db)) {
    process.stderr.write(`${USAGE}\n（数据库名须以小写字母开头，只含小写字母、数字和 _$()+-/）\n`);
    return 2;
  }
  let server: URL;
  try {
    server = new URL(url);
  } catch {
    process.stderr.write(`服务器地址无法识别：${url}\n${USAGE}\n`);
    return 2;
  }
  const basic = server.username ? `${decodeURIComponent(server.username)}:${decodeURIComponent(server.password)}` : undefined;
  server.username = '';
  server.password = '';
  const client = new CouchClient(server.href, basic ? { basic } : {});
  if (command === 'fan-out') return fanOut(client, db, option(rest, '--watch'));
  let users: z.infer<typeof usersFile>['users'] = [];
  let entities: SyncEntity[] = [];
  const usersPath = option(rest, '--users');
  const bundlePath = option(rest, '--bundle');
  try {
    if (usersPath) {
      const parsed = usersFile.safeParse(JSON.parse(readFileSync(usersPath, 'utf8')));
      if (!parsed.success) {
        const issue = parsed.error.issues[0]!;
        process.stderr.write(`${usersPath}：${issue.path.join('.')}：${issue.message}\n`);
        return 1;
      }
      users = parsed.data.users;
    }
    if (bundlePath) {
      const parsed = parseBundle(readFileSync(bundlePath, 'utf8'), bundlePath);
      if (!parsed.ok) {
        process.stderr.write(`${parsed.errors.map((e) => `${e.path}：${e.message}`).join('\n')}\n`);
        return 1;
      }
      entities = entitiesOfBundle(parsed.bundle);
    }
  } catch (e) {
    process.stderr.write(`无法读取文件：${(e as Error).message}\n`);
    return 2;
  }
  try {
    const steps = await setupServer(client, db, users, entities);
    for (const s of steps) process.stdout.write(`${s.what}：${OUTCOME[s.outcome]}\n`);
    return 0;
  } catch (e) {
    process.stderr.write(`${e instanceof CouchError ? e.message : `设置失败：${(e as Error).message}`}\n`);
    return 1;
  }
}

/** Unit databases kept in step: one pass, or with `--watch` a pass every so many seconds until stopped. */
async function fanOut(client: CouchClient, db: string, watch: string | undefined): Promise<number> {
  const seconds = watch === undefined ? 0 : Number(watch);
  if (watch !== undefined && !(Number.isFinite(seconds) && seconds >= 1)) {
    process.stderr.write(`--watch 须为不少于 1 的秒数，而不是“${watch}”\n${USAGE}\n`);
    return 2;
  }
  // when watching, a pass handles only the units that changed since the one before (unitDb.ts)
  const watching = seconds ? newUnitDbWatch() : undefined;
  for (let first = true; ; first = false) {
    try {
      const pass = await syncUnitDatabases(client, db, watching);
      const changed = pass.steps.filter((s) => s.outcome !== 'unchanged');
      // when watching, only passes that moved something are worth a line
      for (const s of first ? pass.steps : changed) process.stdout.write(`${s.what}：${OUTCOME[s.outcome]}\n`);
      if (first || changed.length > 0) process.stdout.write(`${new Date().toISOString()} 单位数据库 ${pass.steps.length} 个；下发 ${pass.down} 个版本，上收自评 ${pass.up} 个版本\n`);
    } catch (e) {
      process.stderr.write(`${e instanceof CouchError ? e.message : `同步单位数据库失败：${(e as Error).message}`}\n`);
      if (!seconds) return 1;
    }
    if (!seconds) return 0;
    await new Promise((r) => setTimeout(r, seconds * 1000));
  }
}

// not a top-level await: the tools are built as CommonJS (see scripts/cli.mjs)
void run().then((code) => {
  process.exitCode = code;
});
