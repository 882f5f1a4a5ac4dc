// One JSON object of the configuration together with its path, and typed reads of its
// fields that fail with ConfigError naming the exact path (Dhcp6.subnet6[0].id).

import { ConfigError } from './types.js';
import { checkKeys, type KeySpec } from './key-check.js';

export const UINT16_MAX = 0xffff;
export const UINT32_MAX = 0xffffffff;

export interface IntRange {
  min?: number;
  max?: number;
}

/** A short rendering of a JSON value for error messages. */
export function describeValue(v: unknown): string {
  if (v === undefined) return 'nothing';
  const text = JSON.stringify(v);
  return text.length > 60 ? `${text.slice(0, 57)}...` : text;
}

export function isPlainObject(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

export class KeaMap {
  private constructor(readonly path: string, readonly value: Record<string, unknown>) {}

  /** Wraps `value`, which must be a JSON object. */
  static of(value: unknown, path: string): KeaMap {
    if (!isPlainObject(value)) throw new ConfigError(path, `must be a map (JSON object), got ${describeValue(value)}`);
    return new KeaMap(path, value);
  }

  /** The path of one of this map's keys ("Dhcp6.subnet6[0].id"; just the key at the top level). */
  at(key: string): string {
    return this.path ? `${this.path}.${key}` : key;
  }

  has(key: string): boolean {
    return this.value[key] !== undefined;
  }

  checkKeys(spec: KeySpec): this {
    checkKeys(this.value, this.path, spec);
    return this;
  }

  fail(key: string, problem: string): never {
    throw new ConfigError(this.at(key), problem);
  }

  required(key: string): unknown {
    const v = this.value[key];
    if (v === undefined) throw new ConfigError(this.at(key), 'required but missing');
    return v;
  }

  optInt(key: string, range: IntRange = {}): number | undefined {
    const v = this.value[key];
    if (v === undefined) return undefined;
    const min = range.min ?? 0;
    const max = range.max ?? UINT32_MAX;
    if (typeof v !== 'number' || !Number.isInteger(v) || v < min || v > max) {
      this.fail(key, `must be an integer in ${min}..${max}, got ${describeValue(v)}`);
    }
    return v;
  }

  int(key: string, range: IntRange = {}): number {
    this.required(key);
    return this.optInt(key, range) as number;
  }

  optNumber(key: string): number | undefined {
    const v = this.value[key];
    if (v === undefined) return undefined;
    if (typeof v !== 'number') this.fail(key, `must be a number, got ${describeValue(v)}`);
    return v;
  }

  optString(key: string, opts: { nonEmpty?: boolean } = {}): string | undefined {
    const v = this.value[key];
    if (v === undefined) return undefined;
    if (typeof v !== 'string') this.fail(key, `must be a string, got ${describeValue(v)}`);
    if (opts.nonEmpty && v.length === 0) this.fail(key, 'must not be empty');
    return v;
  }

  string(key: string, opts: { nonEmpty?: boolean } = {}): string {
    this.required(key);
    return this.optString(key, opts) as string;
  }

  optBool(key: string): boolean | undefined {
    const v = this.value[key];
    if (v === undefined) return undefined;
    if (typeof v !== 'boolean') this.fail(key, `must be true or false, got ${describeValue(v)}`);
    return v;
  }

  optMap(key: string): KeaMap | undefined {
    const v = this.value[key];
    return v === undefined ? undefined : KeaMap.of(v, this.at(key));
  }

  /** A list: its items with their paths (`key[i]`); empty when absent. */
  list(key: string): { item: unknown; path: string }[] {
    const v = this.value[key];
    if (v === undefined) return [];
    if (!Array.isArray(v)) this.fail(key, `must be a list (JSON array), got ${describeValue(v)}`);
    return v.map((item, i) => ({ item, path: `${this.at(key)}[${i}]` }));
  }

  /** A list of maps. */
  maps(key: string): KeaMap[] {
    return this.list(key).map(({ item, path }) => KeaMap.of(item, path));
  }

  /** A list of strings. */
  strings(key: string): { text: string; path: string }[] {
    return this.list(key).map(({ item, path }) => {
      if (typeof item !== 'string') throw new ConfigError(path, `must be a string, got ${describeValue(item)}`);
      return { text: item, path };
    });
  }

  /**
   * Kea's `user-context` (a map) with Kea's `comment` folded into it as
   * user-context.comment, the way Kea itself stores it.
   */
  userContext(): Record<string, unknown> | undefined {
    const uc = this.value['user-context'];
    if (uc !== undefined && !isPlainObject(uc)) this.fail('user-context', `must be a map (JSON object), got ${describeValue(uc)}`);
    const comment = this.optString('comment');
    if (uc === undefined && comment === undefined) return undefined;
    return comment === undefined ? { ...uc } : { ...uc, comment };
  }
}
