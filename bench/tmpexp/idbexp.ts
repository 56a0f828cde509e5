import { serveStatic } from '../../test/e2e/staticServer';
import { launch } from '../../test/e2e/harness';
import { mkdtempSync } from 'node:fs';
const server = await serveStatic('/tmp/idbexp');
const b = await launch(mkdtempSync('/tmp/idbprof-'));
await b.page.goto(server.url + 'index.html');
for (const v of JSON.parse(process.argv[2] ?? '[{}]')) console.log(JSON.stringify(v), JSON.stringify(await b.page.evaluate((v) => (window as any).runExp(v), v)));
await b.close(); await server.close();
