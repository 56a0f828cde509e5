/**
 * The page's main thread while something runs, from a Chrome trace (DevTools protocol): every task the
 * renderer's main thread ran, so a task of a few milliseconds shows too (the 'longtask' entries of a
 * PerformanceObserver start at 50 ms).
 */
import type { Page } from 'playwright-core';

export interface MainThreadTasks {
  /** the longest task, ms */
  longest: number;
  /** the most processor time the thread spent in one task, ms: the longest task without the time the
   * thread waited for a core (on a loaded machine wall time overstates what the page does) */
  longestCpu: number;
  /** the sum of all tasks (busy time of the main thread), ms */
  busy: number;
  /** tasks of 50 ms or more */
  long: number;
  /** processor time of the page's dedicated workers' tasks, ms (a job the page handed off still costs a core) */
  workerCpu: number;
}

interface TraceEvent {
  name: string;
  ph: string;
  pid: number;
  tid: number;
  dur?: number;
  /** thread (processor) time, µs */
  tdur?: number;
  args?: { name?: string };
}

export async function traceMainThread(page: Page, run: () => Promise<void>): Promise<MainThreadTasks> {
  const cdp = await page.context().newCDPSession(page);
  const events: TraceEvent[] = [];
  cdp.on('Tracing.dataCollected', (e) => void events.push(...(e.value as unknown as TraceEvent[])));
  const complete = new Promise<void>((ok) => cdp.once('Tracing.tracingComplete', () => ok()));
  await cdp.send('Tracing.start', { traceConfig: { includedCategories: ['devtools.timeline', 'disabled-by-default-devtools.timeline', '__metadata'] }, transferMode: 'ReportEvents' });
  try {
    await run();
  } finally {
    await cdp.send('Tracing.end');
    await complete;
    await cdp.detach().catch(() => undefined);
  }
  const main = new Set(events.filter((e) => e.ph === 'M' && e.name === 'thread_name' && e.args?.name === 'CrRendererMain').map((e) => `${e.pid}:${e.tid}`));
  const runs = events.filter((e) => e.ph === 'X' && e.name === 'RunTask' && main.has(`${e.pid}:${e.tid}`));
  const tasks = runs.map((e) => (e.dur ?? 0) / 1000);
  const workers = new Set(events.filter((e) => e.ph === 'M' && e.name === 'thread_name' && e.args?.name === 'DedicatedWorker thread').map((e) => `${e.pid}:${e.tid}`));
  const workerCpu = events.filter((e) => e.ph === 'X' && e.name === 'RunTask' && workers.has(`${e.pid}:${e.tid}`)).reduce((s, e) => s + (e.tdur ?? 0) / 1000, 0);
  return {
    longest: tasks.reduce((m, d) => Math.max(m, d), 0),
    longestCpu: runs.reduce((m, e) => Math.max(m, (e.tdur ?? 0) / 1000), 0),
    busy: tasks.reduce((s, d) => s + d, 0),
    long: tasks.filter((d) => d >= 50).length,
    workerCpu,
  };
}

/** Starts collecting 'longtask' entries in the page (from now on); `longestTask` reads the longest since `from`. */
export async function watchLongTasks(page: Page): Promise<void> {
  await page.evaluate(() => {
    const w = window as unknown as { longTasks?: number[][] };
    if (w.longTasks) return;
    w.longTasks = [];
    new PerformanceObserver((l) => l.getEntries().forEach((e) => w.longTasks!.push([e.startTime, e.duration]))).observe({ type: 'longtask' });
  });
}

export async function longestTask(page: Page, from: number): Promise<number> {
  return page.evaluate((t) => Math.max(0, ...(window as unknown as { longTasks: number[][] }).longTasks.filter(([s]) => s! >= t).map(([, d]) => d!)), from);
}
