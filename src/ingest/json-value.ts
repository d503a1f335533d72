/** Safe readers for values of parsed JSON, shared by the JSON-based parsers. */

/** A JSON object. */
export type Json = Record<string, unknown>;

const NO_ITEMS: readonly unknown[] = [];

/** The value as an object, or undefined (arrays and null are not objects here). */
export function obj(v: unknown): Json | undefined {
  return typeof v === 'object' && v !== null && !Array.isArray(v) ? (v as Json) : undefined;
}

/** The value as a non-empty string, or undefined. */
export function str(v: unknown): string | undefined {
  return typeof v === 'string' && v !== '' ? v : undefined;
}

/** The value as an array; anything else reads as empty. */
export function arr(v: unknown): readonly unknown[] {
  return Array.isArray(v) ? v : NO_ITEMS;
}
