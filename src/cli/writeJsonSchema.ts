/** Writes scoring-rules/ruleset.schema.json from the zod rule schema (`npm run rules:schema`). */
import { writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { ruleSetJsonSchemaText } from '../model/ruleSetJsonSchema';

const target = fileURLToPath(new URL('../../scoring-rules/ruleset.schema.json', import.meta.url));
writeFileSync(target, ruleSetJsonSchemaText(), 'utf8');
console.log(`已写入 ${target}`);
