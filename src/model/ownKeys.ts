/**
 * Keys written by people (checklist items, check points, node keys) looked up in plain objects: only the
 * object's own properties count, so a key such as "constructor" or "toString" never finds what every
 * object inherits.
 */

/** The record's own value at `key`, or undefined. */
export function ownValue<V>(record: Readonly<Record<string, V>> | undefined, key: string): V | undefined {
  return record !== undefined && Object.hasOwn(record, key) ? record[key] : undefined;
}

/** A checklist item recorded as met. */
export const isTicked = (checks: Readonly<Record<string, boolean>> | undefined, key: string): boolean =>
  ownValue(checks, key) === true;
