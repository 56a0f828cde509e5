/**
 * One app session for a test file: the built app served, Chromium on a fresh profile with the app open,
 * and a folder for the files the tests write — set up before the file's tests, taken down after them.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll } from 'vitest';
import { launch, newProfileDir, openApp, removeProfile, startServer, type RunningBrowser } from './harness';
import type { StaticServer } from './staticServer';

export interface Session {
  server: StaticServer;
  browser: RunningBrowser;
  profile: string;
  /** a folder of its own for files written and uploaded */
  files: string;
}

/** Call at the top of a describe block; the fields are there once its beforeAll has run. `ready` finishes the set-up. */
export function appSession(name: string, ready?: (s: Session) => Promise<void>): Session {
  const s = {} as Session;
  beforeAll(async () => {
    s.server = await startServer();
    s.profile = newProfileDir(name);
    s.files = mkdtempSync(join(tmpdir(), `zwgk-${name}-`));
    s.browser = await launch(s.profile);
    await openApp(s.browser.page, s.server.url);
    await ready?.(s);
  });
  afterAll(async () => {
    await s.browser?.close();
    await s.server?.close();
    if (s.profile) removeProfile(s.profile);
    if (s.files) rmSync(s.files, { recursive: true, force: true });
  });
  return s;
}
