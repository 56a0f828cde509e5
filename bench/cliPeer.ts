/**
 * The command line against the spreadsheet it replaces, on the same synthetic data:
 *   cli_nation_wall / _rss       `npm run score`'s command on the nation bundle file, file → results CSV
 *   cli_province_wall / _rss     the same at province scale (start-up included)
 *   cli_province_plain_*         the same, where NODE_EXTRA_CA_CERTS is set, with it unset for the child
 *   node_start_wall / _cpu       `node -e 0` on this machine: what any Node program spends before its
 *                                first line (NODE_EXTRA_CA_CERTS, when set, makes Node read those
 *                                certificates at start), so the part of the province figure that is the tool's own shows
 *   calc_nation_wall / _rss      LibreOffice Calc opening the same data as a workbook with formulas
 *                                (bench/calcWorkbook.ts), recalculating and saving the results as CSV
 *   cli_vs_calc_nation           how many times faster the CLI is
 *   *_cpu, cli_vs_calc_nation_cpu   the same runs' processor time (user + system) and its ratio: on a
 *                                shared machine (machine_load_1min above the core count) wall times stretch
 * Each is one run in a child process (the province's: the median of five), timed from spawn to exit; peak memory is the child's maximum
 * resident set as GNU time reports it (Calc's: the largest of its processes). Calc's figures are
 * skipped where LibreOffice is not installed.
 */
import { spawnSync } from 'node:child_process';
import { closeSync, existsSync, mkdtempSync, openSync, readFileSync, rmSync, statSync, writeFileSync, writeSync } from 'node:fs';
import { cpus, loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { makeBundle, serializeBundle } from '../src/formats/bundle';
import { calcWorkbook } from './calcWorkbook';
import { report } from './report';
import { synthetic } from './synthetic';

const TIME = '/usr/bin/time';
const SOFFICE = ['/usr/bin/soffice', '/usr/bin/libreoffice'].find((p) => existsSync(p));
const root = fileURLToPath(new URL('..', import.meta.url));

interface Run {
  ms: number;
  /** peak resident set, MB; NaN without GNU time */
  rssMB: number;
  /** processor time, user + system, ms; NaN without GNU time */
  cpuMs: number;
  ok: boolean;
  stderr: string;
}

/** One timed run; GNU time (when present) writes the peak resident set as the last line of stderr. */
function timed(cmd: string, args: string[], stdoutFile?: string, env?: NodeJS.ProcessEnv): Run {
  const withTime = existsSync(TIME);
  const out = stdoutFile === undefined ? 'ignore' : openSync(stdoutFile, 'w');
  const t = performance.now();
  const r = withTime
    ? spawnSync(TIME, ['-f', 'maxrss=%M cpu=%U+%S', cmd, ...args], { stdio: ['ignore', out, 'pipe'], cwd: root, ...(env && { env }) })
    : spawnSync(cmd, args, { stdio: ['ignore', out, 'pipe'], cwd: root, ...(env && { env }) });
  const ms = performance.now() - t;
  if (typeof out === 'number') closeSync(out);
  const stderr = r.stderr.toString();
  const t2 = /maxrss=(\d+) cpu=([\d.]+)\+([\d.]+)\s*$/.exec(stderr);
  return { ms, rssMB: t2 ? Number(t2[1]) / 1024 : NaN, cpuMs: t2 ? (Number(t2[2]) + Number(t2[3])) * 1000 : NaN, ok: r.status === 0, stderr };
}

function writeChunks(file: string, chunks: Iterable<string>): void {
  const fd = openSync(file, 'w');
  try {
    for (const c of chunks) writeSync(fd, c);
  } finally {
    closeSync(fd);
  }
}

function writeBundle(file: string, units: number, leaves: number): number {
  const s = synthetic(units, leaves, 3);
  const bundle = makeBundle({
    assessment: { id: 'bench-cli', name: `基准测试：${s.entries.length} 条评分`, year: 2025, status: 'open' },
    ruleSets: [s.ruleSet],
    units: s.units,
    assessors: s.assessors,
    entries: s.entries,
    exportedAt: '2025-01-01T00:00:00.000Z',
  });
  writeFileSync(file, serializeBundle(bundle));
  return s.entries.length;
}

/**
 * `runs` runs, the one of median wall time reported (a province run is short, and one run on a shared machine is luck).
 * `env`: the child's environment, when not this process's.
 */
function cliRun(name: string, bundle: string, work: string, runs = 1, env?: NodeJS.ProcessEnv, how = ''): Run {
  const all: Run[] = [];
  for (let i = 0; i < runs; i++) {
    const r = timed(process.execPath, ['scripts/cli.cjs', 'score', bundle, '--format', 'csv'], join(work, `${name}.csv`), env);
    if (!r.ok) throw new Error(`npm run score failed on ${bundle}:\n${r.stderr}`);
    all.push(r);
  }
  const r = all.sort((a, b) => a.ms - b.ms)[Math.floor(runs / 2)]!;
  const size = statSync(bundle).size / 2 ** 20;
  const which = runs === 1 ? 'one run' : `median of ${runs} runs`;
  report(`cli_${name}_wall`, r.ms, 'ms', `node scripts/cli.cjs score (what npm run score runs) on a ${size.toFixed(size < 10 ? 1 : 0)} MB bundle, file → results CSV, ${which}${how}`);
  if (!Number.isNaN(r.rssMB)) report(`cli_${name}_rss`, r.rssMB, 'MB', 'peak resident set of that run (GNU time)');
  // on a shared machine the wall time grows with the others' load; the processor time much less
  if (!Number.isNaN(r.cpuMs)) report(`cli_${name}_cpu`, r.cpuMs, 'ms', 'user + system time of that run (GNU time)');
  return r;
}

/** `node -e 0`, the median of five: the start-up every Node command pays, the score tool's included. */
function nodeStart(): void {
  const runs = Array.from({ length: 5 }, () => timed(process.execPath, ['-e', '0'])).sort((a, b) => a.ms - b.ms);
  const r = runs[2]!;
  const extra = process.env.NODE_EXTRA_CA_CERTS ? ' (NODE_EXTRA_CA_CERTS is set: Node reads those certificates at start)' : '';
  report('node_start_wall', r.ms, 'ms', `node -e 0, median of 5: Node's own start-up, part of cli_province_wall${extra}`);
  if (!Number.isNaN(r.cpuMs)) report('node_start_cpu', r.cpuMs, 'ms', 'user + system time of that run (GNU time)');
}

export async function cliPeerBench(): Promise<void> {
  const work = mkdtempSync(join(tmpdir(), 'zwgk-bench-cli-'));
  try {
    const nation = join(work, 'nation.json');
    const province = join(work, 'province.json');
    writeBundle(province, 50, 120);

    // the bundled CLI is built (if stale) before timing, as a first `npm run score` does once
    const built = spawnSync(process.execPath, ['scripts/cli.cjs', '--build'], { cwd: root, stdio: 'inherit' });
    if (built.status !== 0) throw new Error('building the CLI failed');

    report('machine_load_1min', loadavg()[0]!, '', `load average when the command line runs, on ${cpus().length} cores: wall times above that count are stretched`);
    // the short runs first, while this process is small: a run is timed from the spawn, and starting a child
    // from a large process costs more (node -e 0 from a process of 2 GB took 162 ms, from one of 40 MB 110 ms)
    cliRun('province', province, work, 5);
    nodeStart();
    if (process.env.NODE_EXTRA_CA_CERTS) {
      // Node builds its store of trusted certificates at start when NODE_EXTRA_CA_CERTS names a file (tens of
      // milliseconds), before the tool's first line, and the score tool connects to nothing: the same runs as
      // on a machine where it is not set
      const plain = { ...process.env };
      delete plain.NODE_EXTRA_CA_CERTS;
      cliRun('province_plain', province, work, 5, plain, ', NODE_EXTRA_CA_CERTS unset (as on a machine without it)');
    }
    writeBundle(nation, 3000, 150);
    const workbook = join(work, 'nation.fods');
    writeChunks(workbook, calcWorkbook(synthetic(3000, 150, 3)));
    const cli = cliRun('nation', nation, work);

    if (!SOFFICE) {
      console.log('LibreOffice Calc is not installed: the spreadsheet figures are skipped (see README, "npm run bench")');
      return;
    }
    // a profile of its own, made by an untimed first conversion (a running instance would take the job,
    // and making a new profile is not part of opening a workbook)
    const profile = `-env:UserInstallation=file://${join(work, 'lo-profile')}`;
    const csv = 'csv:Text - txt - csv (StarCalc):44,34,76';
    const tiny = join(work, 'tiny.fods');
    writeChunks(tiny, calcWorkbook(synthetic(3, 6, 3)));
    timed(SOFFICE, [profile, '--headless', '--convert-to', csv, '--outdir', join(work, 'calc'), tiny]);
    const calc = timed(SOFFICE, [profile, '--headless', '--convert-to', csv, '--outdir', join(work, 'calc'), workbook]);
    const saved = join(work, 'calc', 'nation.csv');
    if (!calc.ok || !existsSync(saved)) throw new Error(`LibreOffice did not convert the workbook:\n${calc.stderr}`);
    const rows = readFileSync(saved, 'utf8').trimEnd().split('\n').length - 1;
    if (rows !== 3000) throw new Error(`LibreOffice saved ${rows} result rows, expected 3000`);
    const mb = statSync(workbook).size / 2 ** 20;
    report('calc_nation_wall', calc.ms, 'ms', `soffice --headless --convert-to csv of the ${mb.toFixed(0)} MB .fods workbook: open, recalculate, save; one run`);
    if (!Number.isNaN(calc.rssMB)) report('calc_nation_rss', calc.rssMB, 'MB', 'peak resident set of soffice.bin (GNU time)');
    if (!Number.isNaN(calc.cpuMs)) report('calc_nation_cpu', calc.cpuMs, 'ms', 'user + system time of soffice (GNU time)');
    report('cli_vs_calc_nation', calc.ms / cli.ms, '×', 'calc_nation_wall / cli_nation_wall: how many times faster the CLI is');
    if (!Number.isNaN(calc.cpuMs) && !Number.isNaN(cli.cpuMs)) report('cli_vs_calc_nation_cpu', calc.cpuMs / cli.cpuMs, '×', 'the same ratio of processor times, steadier on a loaded machine');
  } finally {
    rmSync(work, { recursive: true, force: true });
  }
}
