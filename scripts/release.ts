/**
 * `npm run release`: the built app (dist/) as one zip for offices and isolated machines —
 * release/zwgk-kaohe-<version>.zip holding a folder with the app, 说明.txt, a local server for machines
 * without an intranet server (serve.py, Python 3), the nginx and IIS examples, and the Chinese docs.
 * Run after `vite build` (the npm script does both).
 */
import { existsSync, mkdirSync, readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import JSZip from 'jszip';

const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '..');

function filesUnder(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    return statSync(path).isDirectory() ? filesUnder(path) : [path];
  });
}

export interface Release {
  file: string;
  /** the folder inside the zip */
  folder: string;
  names: string[];
}

export async function makeRelease(dist = join(ROOT, 'dist'), outDir = join(ROOT, 'release')): Promise<Release> {
  for (const f of ['index.html', 'sw.js']) {
    if (!existsSync(join(dist, f))) throw new Error(`${join(dist, f)} is missing: run "vite build" first`);
  }
  const { version } = JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')) as { version: string };
  const folder = `zwgk-kaohe-${version}`;
  const zip = new JSZip();
  const date = new Date();
  const add = (name: string, body: Buffer | string) => zip.file(`${folder}/${name}`, body, { date, binary: typeof body !== 'string' });

  for (const path of filesUnder(dist)) add(relative(dist, path).split('\\').join('/'), readFileSync(path));
  add('说明.txt', readFileSync(join(ROOT, 'deploy', '说明.txt'), 'utf8').replace(/\n/g, '\r\n'));
  add('VERSION.txt', `政务公开年度考核 ${version}\r\n打包时间 ${date.toISOString()}\r\n`);
  add('serve.py', readFileSync(join(ROOT, 'deploy', 'serve.py')));
  add('web.config', readFileSync(join(ROOT, 'deploy', 'web.config')));
  add('deploy-nginx.conf', readFileSync(join(ROOT, 'deploy', 'nginx.conf')));
  add('文档/部署说明.md', readFileSync(join(ROOT, 'docs', 'deploy.md')));
  const guide = join(ROOT, 'docs', 'guide');
  if (existsSync(guide)) for (const path of filesUnder(guide)) add(`文档/用户手册/${relative(guide, path).split('\\').join('/')}`, readFileSync(path));

  mkdirSync(outDir, { recursive: true });
  const file = join(outDir, `${folder}.zip`);
  // UTF-8 names (说明.txt): current Windows, UOS and Kylin unzip them correctly
  const body = await zip.generateAsync({ type: 'nodebuffer', compression: 'DEFLATE', compressionOptions: { level: 9 }, platform: 'DOS' });
  writeFileSync(file, body);
  return { file, folder, names: Object.keys(zip.files).filter((n) => !zip.files[n]!.dir) };
}

if (process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  const r = await makeRelease();
  console.log(`${relative(ROOT, r.file)}: ${r.names.length} files, ${(statSync(r.file).size / 1024 / 1024).toFixed(1)} MB`);
}
