/**
 * The bundle worker started while the file chooser is open: the job that follows takes it instead of
 * starting its own, and a warm worker whose script failed meanwhile is not used — the job starts anew
 * and, where that fails too, runs on the page as before.
 */
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { runInWorker, warmBundleWorker, type WorkerJob } from '../../src/app/workerJob';

class FakeWorker {
  static made: FakeWorker[] = [];
  onmessage: ((e: { data: unknown }) => void) | null = null;
  onerror: ((e: { preventDefault(): void; message: string }) => void) | null = null;
  sent: unknown[] = [];
  ended = false;

  constructor() {
    FakeWorker.made.push(this);
  }

  postMessage(m: unknown): void {
    this.sent.push(m);
  }

  terminate(): void {
    this.ended = true;
  }

  /** the worker's script did not load */
  fail(): void {
    this.onerror?.({ preventDefault: () => undefined, message: 'script failed' });
  }

  say(data: unknown): void {
    this.onmessage?.({ data });
  }
}

function job(onPage: () => void): WorkerJob<string, string> {
  return {
    request: { read: 'file' },
    hear: (m, end) => end.finish(m),
    onPage: () => {
      onPage();
      return { done: Promise.resolve('on page'), cancel: () => undefined, inWorker: false };
    },
    cancelled: 'cancelled',
    cancellable: () => true,
  };
}

describe('the bundle worker started while the file is chosen', () => {
  beforeEach(() => {
    FakeWorker.made = [];
    vi.stubGlobal('Worker', FakeWorker);
  });
  afterEach(() => {
    vi.unstubAllGlobals();
  });

  it('is taken by the job that follows, which starts no other', async () => {
    warmBundleWorker();
    warmBundleWorker();
    expect(FakeWorker.made).toHaveLength(1);
    const warm = FakeWorker.made[0]!;
    const run = runInWorker(job(() => undefined));
    expect(FakeWorker.made).toHaveLength(1);
    expect(run.inWorker).toBe(true);
    expect(warm.sent).toEqual([{ read: 'file' }]);
    warm.say('read');
    await expect(run.done).resolves.toBe('read');
    expect(warm.ended).toBe(true);
    // the next job starts a worker of its own
    runInWorker(job(() => undefined));
    expect(FakeWorker.made).toHaveLength(2);
  });

  it('is not used where its script failed: the job starts anew, and runs on the page where that fails too', async () => {
    warmBundleWorker();
    const warm = FakeWorker.made[0]!;
    warm.fail();
    let onPage = 0;
    const run = runInWorker(job(() => onPage++));
    expect(warm.ended).toBe(true);
    expect(warm.sent).toEqual([]);
    const fresh = FakeWorker.made[1]!;
    expect(fresh.sent).toEqual([{ read: 'file' }]);
    fresh.fail();
    await expect(run.done).resolves.toBe('on page');
    expect(onPage).toBe(1);
  });
});
