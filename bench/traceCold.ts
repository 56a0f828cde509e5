/**
 * `tsx bench/traceCold.ts <dist> <profile> <port> [--cpu]`: one cold start of a built app on a kept browser
 * profile (one `npm run bench -- --browser --cold --keep=<dir>` opened its bundle; give its port, as the
 * IndexedDB belongs to the origin), traced from navigation until the ranking's first rows show: when each
 * script arrived, the main thread's tasks of 20 ms or more and what they were made of, and with `--cpu`
 * the functions with the most self time (the trace or profile is written to the temporary folder). For finding what the start-up waits on; the figures come from the bench.
 */
import { writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { serveStatic } from '../test/e2e/staticServer';
import { launch } from '../test/e2e/harness';

interface TraceEvent {
  name: string;
  cat: string;
  ph: string;
  pid: number;
  tid: number;
  ts: number;
  dur?: number;
  tdur?: number;
  args?: { name?: string; data?: { url?: string; requestId?: string; frame?: string } };
}
interface ProfileNode {
  id: number;
  callFrame: { functionName: string; url: string; lineNumber: number };
  children?: number[];
}

const [dist, profile, port, ...flags] = process.argv.slice(2);
if (!dist || !profile || !port) throw new Error('usage: tsx bench/traceCold.ts <dist> <profile> <port> [--cpu]');
const cpu = flags.includes('--cpu');
const server = await serveStatic(dist, Number(port));
const b = await launch(profile);
try {
  const cdp = await b.page.context().newCDPSession(b.page);
  await cdp.send('Storage.clearDataForOrigin', { origin: server.url.replace(/\/$/, ''), storageTypes: 'service_workers,cache_storage' });
  await b.page.addInitScript(() => {
    const w = window as unknown as { firstRow?: number };
    new MutationObserver((_, o) => {
      if (document.querySelector('[data-testid="rank-row"]') && document.body.innerText.includes('基准测试')) {
        w.firstRow = performance.now();
        o.disconnect();
      }
    }).observe(document, { subtree: true, childList: true });
  });
  const events: TraceEvent[] = [];
  cdp.on('Tracing.dataCollected', (e) => void events.push(...(e.value as unknown as TraceEvent[])));
  const complete = new Promise<void>((ok) => cdp.once('Tracing.tracingComplete', () => ok()));
  const categories = ['devtools.timeline', 'disabled-by-default-devtools.timeline', 'v8.execute', 'loading', 'blink.user_timing', '__metadata'];
  if (!cpu) await cdp.send('Tracing.start', { traceConfig: { includedCategories: categories }, transferMode: 'ReportEvents' });
  else {
    await cdp.send('Profiler.enable');
    await cdp.send('Profiler.setSamplingInterval', { interval: 200 });
    await cdp.send('Profiler.start');
  }
  const t = performance.now();
  await b.page.goto(`${server.url}#/rankings`);
  await b.page.waitForFunction(() => (window as unknown as { firstRow?: number }).firstRow !== undefined, undefined, { timeout: 120_000, polling: 50 });
  const wall = performance.now() - t;
  const firstRow = await b.page.evaluate(() => (window as unknown as { firstRow: number }).firstRow);
  console.log(`first rows at ${firstRow.toFixed(0)} ms after navigation start (${wall.toFixed(0)} ms from goto)`);
  if (cpu) {
    const { profile: p } = (await cdp.send('Profiler.stop')) as unknown as { profile: { nodes: ProfileNode[]; samples: number[]; timeDeltas: number[] } };
    const byId = new Map(p.nodes.map((n) => [n.id, n]));
    const self = new Map<string, number>();
    p.samples.forEach((id, i) => {
      const n = byId.get(id)!;
      const k = `${n.callFrame.functionName || '(anon)'} ${n.callFrame.url.split('/').pop()}:${n.callFrame.lineNumber}`;
      self.set(k, (self.get(k) ?? 0) + (p.timeDeltas[i] ?? 0) / 1000);
    });
    for (const [k, ms] of [...self].sort((a, c) => c[1] - a[1]).slice(0, 45)) console.log(`${ms.toFixed(1).padStart(8)} ms  ${k}`);
    const byFile = new Map<string, number>();
    p.samples.forEach((id, i) => {
      const f = byId.get(id)!.callFrame.url.split('/').pop() || byId.get(id)!.callFrame.functionName;
      byFile.set(f, (byFile.get(f) ?? 0) + (p.timeDeltas[i] ?? 0) / 1000);
    });
    console.log('self time by file:');
    for (const [k, ms] of [...byFile].sort((a, c) => c[1] - a[1]).slice(0, 20)) console.log(`${ms.toFixed(1).padStart(8)} ms  ${k}`);
    writeFileSync(join(tmpdir(), 'cold-start.cpuprofile'), JSON.stringify(p));
  } else {
    await cdp.send('Tracing.end');
    await complete;
    writeFileSync(join(tmpdir(), 'cold-start-trace.json'), JSON.stringify({ traceEvents: events }));
    const names = events.filter((e) => e.ph === 'M' && e.name === 'thread_name');
    const main = new Set(names.filter((e) => e.args?.name === 'CrRendererMain').map((e) => `${e.pid}:${e.tid}`));
    const nav = events.find((e) => e.name === 'navigationStart' && main.has(`${e.pid}:${e.tid}`) && (e.args?.data as { documentLoaderURL?: string } | undefined)?.documentLoaderURL?.startsWith("http"));
    const t0 = nav?.ts ?? Math.min(...events.filter((e) => e.ts > 0).map((e) => e.ts));
    const at = (ts: number) => ((ts - t0) / 1000).toFixed(0).padStart(6);
    const sends = new Map(events.filter((e) => e.name === 'ResourceSendRequest').map((e) => [e.args?.data?.requestId, e]));
    console.log('resources (sent → finished, ms after navigation start):');
    for (const e of events.filter((x) => x.name === 'ResourceFinish')) {
      const s = sends.get(e.args?.data?.requestId);
      console.log(`${at(s?.ts ?? e.ts)} → ${at(e.ts)}  ${(s?.args?.data?.url ?? '').split('/').pop()}`);
    }
    const onMain = events.filter((e) => e.ph === 'X' && main.has(`${e.pid}:${e.tid}`) && e.ts >= t0);
    const tasks = onMain.filter((e) => e.name === 'RunTask' && (e.dur ?? 0) >= 20_000);
    const busy = onMain.filter((e) => e.name === 'RunTask' && e.ts - t0 <= firstRow * 1000).reduce((s, e) => s + (e.dur ?? 0), 0);
    console.log(`main thread busy until the first rows: ${(busy / 1000).toFixed(0)} ms`);
    console.log('tasks ≥ 20 ms (start, wall, cpu; the events inside by inclusive time):');
    for (const task of tasks) {
      const end = task.ts + (task.dur ?? 0);
      const inside = new Map<string, number>();
      for (const e of onMain) {
        if (e === task || e.ts < task.ts || e.ts > end || e.name === 'RunTask') continue;
        const k = e.name === 'EvaluateScript' || e.name === 'v8.compile' ? `${e.name}(${(e.args?.data?.url ?? '').split('/').pop()})` : e.name;
        inside.set(k, (inside.get(k) ?? 0) + (e.dur ?? 0) / 1000);
      }
      const top = [...inside].sort((a, c) => c[1] - a[1]).slice(0, 7).map(([k, ms]) => `${k} ${ms.toFixed(0)}`);
      console.log(`${at(task.ts)} ${((task.dur ?? 0) / 1000).toFixed(0).padStart(5)} ${((task.tdur ?? 0) / 1000).toFixed(0).padStart(5)}  ${top.join(', ')}`);
    }
  }
  await cdp.detach();
} finally {
  await b.close().catch(() => undefined);
  await server.close();
}
