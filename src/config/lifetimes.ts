// Lifetimes and T1/T2 timers, inherited global → subnet the way Kea 2.2 does it: each of
// min-/default/max- is inherited on its own from the nearest level that sets it, and an
// unset min- or max- falls back to the resolved default (so "valid-lifetime": 100 alone
// gives 100/100/100, as kea-dhcp6 2.2 reports it in config-get).

import { ConfigError, type Lifetimes } from './types.js';
import { KeaMap } from './kea-map.js';
import { KEA_DEFAULTS } from './defaults.js';

export const LIFETIME_KEYS = [
  'preferred-lifetime', 'min-preferred-lifetime', 'max-preferred-lifetime',
  'valid-lifetime', 'min-valid-lifetime', 'max-valid-lifetime',
  'renew-timer', 'rebind-timer', 'calculate-tee-times', 't1-percent', 't2-percent',
] as const;

type LifetimeKey = (typeof LIFETIME_KEYS)[number];

/** A value set explicitly at some level, with the path it was set at. */
interface Setting<T> {
  value: T;
  path: string;
}

/** What one level (global or subnet) sets explicitly. */
export type LifetimeSettings = Partial<Record<LifetimeKey, Setting<number | boolean>>>;

export function readLifetimeSettings(map: KeaMap): LifetimeSettings {
  const out: LifetimeSettings = {};
  for (const key of LIFETIME_KEYS) {
    if (!map.has(key)) continue;
    let value: number | boolean;
    if (key === 'calculate-tee-times') value = map.optBool(key) as boolean;
    else if (key === 't1-percent' || key === 't2-percent') value = readPercent(map, key);
    else value = map.optInt(key) as number;
    out[key] = { value, path: map.at(key) };
  }
  return out;
}

function readPercent(map: KeaMap, key: string): number {
  const v = map.optNumber(key) as number;
  // Kea: "it must be greater than 0.0 and less than 1.0"
  if (!(v > 0 && v < 1)) map.fail(key, `${v} is invalid: it must be greater than 0.0 and less than 1.0`);
  return v;
}

/** Merges a level's own settings over its parent's (the parent already merged with its own parents). */
export function inheritLifetimeSettings(parent: LifetimeSettings, own: LifetimeSettings): LifetimeSettings {
  return { ...parent, ...own };
}

/**
 * Resolves merged settings into Lifetimes and checks them. `levelPath` is the path of the
 * level being resolved: a conflict is reported there only when one of the conflicting
 * values is set at this level (otherwise the parent level already reported it).
 */
export function resolveLifetimes(s: LifetimeSettings, levelPath: string): Lifetimes {
  const num = (k: LifetimeKey) => s[k]?.value as number | undefined;
  const preferred = num('preferred-lifetime') ?? KEA_DEFAULTS.preferredLifetime;
  const valid = num('valid-lifetime') ?? KEA_DEFAULTS.validLifetime;
  const out: Lifetimes = {
    preferred,
    minPreferred: num('min-preferred-lifetime') ?? preferred,
    maxPreferred: num('max-preferred-lifetime') ?? preferred,
    valid,
    minValid: num('min-valid-lifetime') ?? valid,
    maxValid: num('max-valid-lifetime') ?? valid,
    calculateTeeTimes: (s['calculate-tee-times']?.value as boolean | undefined) ?? KEA_DEFAULTS.calculateTeeTimes,
    t1Percent: num('t1-percent') ?? KEA_DEFAULTS.t1Percent,
    t2Percent: num('t2-percent') ?? KEA_DEFAULTS.t2Percent,
  };
  const renew = num('renew-timer');
  const rebind = num('rebind-timer');
  if (renew !== undefined) out.renewTimer = renew;
  if (rebind !== undefined) out.rebindTimer = rebind;

  const check = new OrderCheck(s, levelPath);
  check.notGreater('min-preferred-lifetime', out.minPreferred, 'preferred-lifetime', out.preferred);
  check.notGreater('preferred-lifetime', out.preferred, 'max-preferred-lifetime', out.maxPreferred);
  check.notGreater('min-valid-lifetime', out.minValid, 'valid-lifetime', out.valid);
  check.notGreater('valid-lifetime', out.valid, 'max-valid-lifetime', out.maxValid);
  if (renew !== undefined && rebind !== undefined) check.notGreater('renew-timer', renew, 'rebind-timer', rebind);
  if (rebind !== undefined) check.notGreater('rebind-timer', rebind, 'valid-lifetime', out.valid);
  if (renew !== undefined) check.notGreater('renew-timer', renew, 'valid-lifetime', out.valid);
  if (out.calculateTeeTimes) check.notGreater('t1-percent', out.t1Percent, 't2-percent', out.t2Percent, true);
  return out;
}

class OrderCheck {
  constructor(private readonly s: LifetimeSettings, private readonly levelPath: string) {}

  /** Requires a ≤ b (a < b when `strict`). */
  notGreater(aKey: LifetimeKey, a: number, bKey: LifetimeKey, b: number, strict = false): void {
    if (strict ? a < b : a <= b) return;
    const here = (k: LifetimeKey) => this.s[k]?.path === `${this.levelPath}.${k}`;
    // Two defaults never conflict, so at the global level one of the two is set there.
    let at: LifetimeKey;
    if (here(aKey)) at = aKey;
    else if (here(bKey)) at = bKey;
    else return;
    const label = (k: LifetimeKey) => (this.s[k] === undefined ? `(default) ${k}` : k);
    const problem =
      at === aKey
        ? `${a} must be ${strict ? 'less than' : 'at most'} ${label(bKey)} (${b})`
        : `${b} must be ${strict ? 'greater than' : 'at least'} ${label(aKey)} (${a})`;
    throw new ConfigError(`${this.levelPath}.${at}`, problem);
  }
}
