/** Writes public/demo/demo-bundle.json (`npm run demo:make`): the synthetic demo assessment. */
import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';
import { fileURLToPath } from 'node:url';
import { demoBundleJson } from './demoBundle';

const target = fileURLToPath(new URL('../../public/demo/demo-bundle.json', import.meta.url));
const text = demoBundleJson();
mkdirSync(dirname(target), { recursive: true });
writeFileSync(target, text, 'utf8');
console.log(`已写入 ${target}（${(Buffer.byteLength(text) / 1024).toFixed(0)} KB）`);
