/**
 * JSON Schema of rule files, generated from the zod schema so that editors (VS Code: `"$schema":
 * "./ruleset.schema.json"`) complete and check fields. Cross-references (keys that must exist, tier
 * order) are beyond JSON Schema and stay in ruleValidate.ts.
 */
import * as z from 'zod';
import { ruleSetSchema } from './ruleSet';

type Json = null | boolean | number | string | Json[] | { [k: string]: Json };

/** Gives the generated `$defs` entries readable names (zod numbers the recursive ones). */
function renameDefs(node: Json, names: Map<string, string>): Json {
  if (Array.isArray(node)) return node.map((n) => renameDefs(n, names));
  if (node === null || typeof node !== 'object') return node;
  const out: { [k: string]: Json } = {};
  for (const [k, v] of Object.entries(node)) {
    if (k === '$ref' && typeof v === 'string') {
      const name = names.get(v.replace('#/$defs/', ''));
      out[k] = name === undefined ? v : `#/$defs/${name}`;
    } else if (k === '$defs' && v !== null && typeof v === 'object' && !Array.isArray(v)) {
      out[k] = Object.fromEntries(Object.entries(v).map(([id, d]) => [names.get(id) ?? id, renameDefs(d, names)]));
    } else out[k] = renameDefs(v, names);
  }
  return out;
}

export function ruleSetJsonSchema(): Record<string, unknown> {
  // io "input": fields with defaults (vetoes, thresholds…) are optional in a file
  const generated = z.toJSONSchema(ruleSetSchema, { io: 'input', unrepresentable: 'any' }) as { [k: string]: Json };
  const defs = (generated.$defs ?? {}) as { [k: string]: Json };
  const names = new Map<string, string>();
  for (const [id, def] of Object.entries(defs)) {
    const type = (def as { properties?: { type?: { const?: Json } } }).properties?.type?.const;
    if (type === 'group') names.set(id, 'groupNode');
  }
  const { $schema, ...rest } = renameDefs(generated, names) as { [k: string]: Json };
  return {
    $schema: $schema ?? 'https://json-schema.org/draft/2020-12/schema',
    title: '政务公开年度考核规则集',
    description: '规则集文件（schemaVersion 1）。由 src/model/ruleSet.ts 生成，请勿手工修改：运行 npm run rules:schema。',
    ...rest,
  };
}

/** The file text as committed: stable key order from the generator, two-space indent, final newline. */
export const ruleSetJsonSchemaText = (): string => `${JSON.stringify(ruleSetJsonSchema(), null, 2)}\n`;
