import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { ruleSetJsonSchema, ruleSetJsonSchemaText } from '../../src/model/ruleSetJsonSchema';

type Schema = {
  required?: string[];
  properties?: Record<string, Schema>;
  items?: Schema;
  oneOf?: Schema[];
  $ref?: string;
  $defs?: Record<string, Schema>;
};

describe('ruleset.schema.json', () => {
  it('is what the generator produces from the zod schema now (run npm run rules:schema after a schema change)', () => {
    const committed = readFileSync(new URL('../../scoring-rules/ruleset.schema.json', import.meta.url), 'utf8');
    expect(committed).toBe(ruleSetJsonSchemaText());
  });

  it('describes the recursive group node once, by name, and refers to it from root and from children', () => {
    const schema = ruleSetJsonSchema() as Schema;
    expect(Object.keys(schema.$defs ?? {})).toEqual(['groupNode']);
    expect(schema.properties?.root?.$ref).toBe('#/$defs/groupNode');
    const children = schema.$defs?.groupNode?.properties?.children?.items?.oneOf ?? [];
    expect(children.map((c) => c.$ref ?? c.properties?.type)).toContainEqual('#/$defs/groupNode');
    expect(children).toHaveLength(7);
  });

  it('describes the file as written: fields with defaults are optional', () => {
    const schema = ruleSetJsonSchema() as Schema;
    expect(schema.required).toEqual(['schemaVersion', 'id', 'name', 'year', 'version', 'source', 'group', 'precision', 'assessors', 'root', 'tiers']);
    expect(schema.properties?.$schema).toEqual({ type: 'string' });
  });
});
