/**
 * The deployments docs/deploy.md describes, run for real: the nginx example (deploy/nginx.conf) on a
 * loopback port, and the release zip (npm run release) unpacked and served by its serve.py — headers,
 * the app, and a reload with the network off. Each is skipped where nginx or python3 is absent. And a
 * copy opened from a folder (file://) says how to start it instead of showing a blank page.
 */
import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { pathToFileURL } from 'node:url';
import JSZip from 'jszip';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { makeRelease } from '../../scripts/release';
import { DIST, RESULTS, launch, newProfileDir, openApp, removeProfile, waitForServiceWorker } from './harness';
import { freePort, startProcess, type ServerProcess } from './processServer';

const has = (cmd: string) => {
  try {
    execFileSync('sh', ['-c', `command -v ${cmd}`], { stdio: 'ignore' });
    return true;
  } catch {
    return false;
  }
};
const NGINX = has('nginx');
const PYTHON = has('python3');

/** The first hashed script of the built page, e.g. "assets/index-BgSdL_mL.js". */
function firstAsset(): string {
  const m = /src="\.\/(assets\/[^"]+\.js)"/.exec(readFileSync(join(DIST, 'index.html'), 'utf8'));
  if (!m) throw new Error('no hashed script in dist/index.html');
  return m[1]!;
}

/** Visit once, wait for the service worker, then stop the server and reload offline: the demo ranking is there. */
async function offlineAfterOneVisit(server: ServerProcess, name: string): Promise<void> {
  const profile = newProfileDir(name);
  const browser = await launch(profile, { width: 1280, height: 800 });
  try {
    const { page, context, errors } = browser;
    await openApp(page, server.url);
    await waitForServiceWorker(page);
    await expect.poll(() => page.locator('[data-testid="rank-table-city"] tbody tr').count()).toBe(15);
    await context.setOffline(true);
    await server.stop();
    await page.reload();
    await page.waitForSelector('[data-testid="app-ready"]');
    await expect.poll(() => page.locator('[data-testid="rank-table-city"] tbody tr').count()).toBe(15);
    await page.click('[data-testid="nav-help"]');
    await page.waitForSelector('[data-testid="page-help"]');
    expect(errors.filter((e) => /Content Security Policy|Refused to/i.test(e))).toEqual([]);
  } finally {
    await browser.close();
    removeProfile(profile);
  }
}

/** The headers docs/deploy.md asks for. */
async function expectHeaders(base: string): Promise<void> {
  const index = await fetch(base);
  expect(index.headers.get('cache-control')).toBe('no-cache');
  const csp = index.headers.get('content-security-policy') ?? '';
  expect(csp).toContain("frame-ancestors 'none'");
  expect(csp).toContain("script-src 'self'");
  expect(index.headers.get('x-content-type-options')).toBe('nosniff');

  const sw = await fetch(`${base}sw.js`);
  expect(sw.headers.get('cache-control')).toBe('no-cache');
  expect(sw.headers.get('content-type')).toMatch(/javascript/);

  const asset = await fetch(`${base}${firstAsset()}`);
  expect(asset.headers.get('cache-control')).toBe('public, max-age=31536000, immutable');
  expect(asset.headers.get('content-type')).toMatch(/javascript/);

  const manifest = await fetch(`${base}manifest.webmanifest`);
  expect(manifest.headers.get('content-type')).toMatch(/^application\/manifest\+json/);
  expect(manifest.headers.get('cache-control')).toBe('no-cache');
}

describe.skipIf(!NGINX)('the nginx example (deploy/nginx.conf)', () => {
  let prefix: string;
  let nginx: ServerProcess | undefined;

  beforeAll(async () => {
    prefix = mkdtempSync(join(tmpdir(), 'zwgk-nginx-'));
    const port = await freePort();
    // the example as an office would include it in http { }, with only its port and folder changed
    const site = readFileSync('deploy/nginx.conf', 'utf8')
      .replace(/listen 80;/, `listen 127.0.0.1:${port};`)
      .replace(/root \/srv\/zwgk-kaohe;/, `root ${DIST};`);
    expect(site).toContain(`root ${DIST};`);
    const temp = ['client_body', 'proxy', 'fastcgi', 'uwsgi', 'scgi'].map((t) => `${t}_temp_path ${prefix}/${t};`).join('\n');
    writeFileSync(
      join(prefix, 'nginx.conf'),
      `daemon off;\nworker_processes 1;\npid ${prefix}/nginx.pid;\nerror_log ${prefix}/error.log;\nevents {}\n` +
        `http {\ninclude /etc/nginx/mime.types;\ndefault_type application/octet-stream;\naccess_log off;\n${temp}\n${site}\n}\n`,
    );
    nginx = await startProcess('nginx', ['-p', prefix, '-c', join(prefix, 'nginx.conf')], `http://127.0.0.1:${port}/`);
  });

  afterAll(async () => {
    await nginx?.stop();
    rmSync(prefix, { recursive: true, force: true });
  });

  it('sends the CSP with frame-ancestors, no-cache for index.html and sw.js, immutable hashed assets', async () => {
    await expectHeaders(nginx!.url);
  });

  it('serves the app, which then reloads with the network off and nginx stopped', async () => {
    await offlineAfterOneVisit(nginx!, 'nginx');
  });
});

describe('the release zip', () => {
  let work: string;
  let app: string;

  beforeAll(async () => {
    work = mkdtempSync(join(tmpdir(), 'zwgk-release-'));
    const release = await makeRelease(DIST, work);
    // unpacked as an assessor would, from the zip alone
    const zip = await JSZip.loadAsync(readFileSync(release.file));
    for (const [name, entry] of Object.entries(zip.files)) {
      if (entry.dir) continue;
      const to = join(work, 'unpacked', name);
      mkdirSync(dirname(to), { recursive: true });
      writeFileSync(to, await entry.async('nodebuffer'));
    }
    app = join(work, 'unpacked', release.folder);
  });

  afterAll(() => rmSync(work, { recursive: true, force: true }));

  it('holds the app, 说明.txt, the local server and the server examples', () => {
    for (const f of ['index.html', 'sw.js', 'demo/demo-bundle.json', '说明.txt', 'serve.py', 'web.config', 'deploy-nginx.conf', firstAsset()]) {
      expect(readFileSync(join(app, f)).length, f).toBeGreaterThan(0);
    }
    expect(readFileSync(join(app, '说明.txt'), 'utf8')).toContain('python3 serve.py');
  });

  it('opened from the folder (file://) shows how to start it, not a blank page', async () => {
    const profile = newProfileDir('file');
    const browser = await launch(profile, { width: 1280, height: 800 });
    try {
      const { page } = browser;
      await page.goto(pathToFileURL(join(app, 'index.html')).href);
      await page.waitForSelector('#browser-check[data-reason="file"]');
      expect(await page.textContent('#browser-check')).toContain('说明.txt');
      expect(await page.locator('[data-testid="app-ready"]').count()).toBe(0);
      // what the browser allows there: no service worker at all
      const sw = await page.evaluate(() => navigator.serviceWorker.register('./sw.js').then(() => 'registered', (e: unknown) => String(e)));
      expect(sw).toMatch(/not supported/);
      mkdirSync(RESULTS, { recursive: true });
      await page.screenshot({ path: join(RESULTS, 'release-file-url.png') });
    } finally {
      await browser.close();
      removeProfile(profile);
    }
  });

  it.skipIf(!PYTHON)('served by its serve.py: the headers, then offline after one visit', async () => {
    const port = await freePort();
    const server = await startProcess('python3', ['serve.py', String(port), '--no-browser'], `http://127.0.0.1:${port}/`, { cwd: app });
    try {
      await expectHeaders(server.url);
      await offlineAfterOneVisit(server, 'serve-py');
    } finally {
      await server.stop();
    }
  });
});
