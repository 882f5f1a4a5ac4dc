// The configuration's fingerprint for config-get / config-hash-get: SHA-256 over a
// canonical JSON text (object keys sorted, no whitespace), so reordering keys or
// reformatting the file does not change it. Uppercase hex, as Kea prints its hashes.

import { createHash } from 'node:crypto';

export function configHash(raw: unknown): string {
  return createHash('sha256').update(canonicalJson(raw)).digest('hex').toUpperCase();
}

/** JSON with object keys sorted at every level. */
export function canonicalJson(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(canonicalJson).join(',')}]`;
  if (typeof value === 'object' && value !== null) {
    const obj = value as Record<string, unknown>;
    const keys = Object.keys(obj).filter((k) => obj[k] !== undefined).sort();
    return `{${keys.map((k) => `${JSON.stringify(k)}:${canonicalJson(obj[k])}`).join(',')}}`;
  }
  return JSON.stringify(value) ?? 'null';
}
