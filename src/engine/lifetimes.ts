// Preferred/valid lifetimes of a lease and the T1/T2 of its IA, from the (already
// inherited) subnet configuration and the client's hints.
import type { Lifetimes } from '../config/types.js';

export interface LeaseLifetimes {
  preferred: number;
  valid: number;
}

/** Kea's Triplet::get(hint): no hint (0) gives the default, else the hint bounded by min/max. */
function bounded(hint: number | undefined, dflt: number, min: number, max: number): number {
  if (!hint) return dflt;
  if (hint < min) return min;
  if (hint > max) return max;
  return hint;
}

/**
 * The lifetimes to give a lease: configured values, or the client's hints (IAADDR/IAPREFIX
 * lifetimes) clamped to min-/max-preferred-lifetime and min-/max-valid-lifetime.
 * RFC 8415 §21.6/§21.22: a client discards a lease whose preferred lifetime exceeds its
 * valid lifetime, so preferred never does.
 */
export function leaseLifetimes(cfg: Lifetimes, hint?: { preferred: number; valid: number }): LeaseLifetimes {
  const valid = bounded(hint?.valid, cfg.valid, cfg.minValid, cfg.maxValid);
  const preferred = bounded(hint?.preferred, cfg.preferred, cfg.minPreferred, cfg.maxPreferred);
  return { preferred: Math.min(preferred, valid), valid };
}

/**
 * T1/T2 of an IA whose shortest preferred lifetime is `preferred` (as kea-dhcp6's setTeeTimes):
 * explicit renew-timer/rebind-timer win, else calculated as t1-percent/t2-percent of it when
 * calculate-tee-times is on, else 0 (the client chooses). A T2 above the preferred lifetime,
 * or a T1 above T2 (above the preferred lifetime when T2 is 0), is not sane and is sent as 0
 * (RFC 8415 §21.4: T1 ≤ T2, and §14.2: both relative to the shortest preferred lifetime).
 */
export function teeTimes(cfg: Lifetimes, preferred: number): { t1: number; t2: number } {
  let t2 = 0;
  if (cfg.rebindTimer !== undefined) t2 = cfg.rebindTimer;
  else if (cfg.calculateTeeTimes) t2 = Math.round(cfg.t2Percent * preferred);
  if (t2 > preferred) t2 = 0;
  let t1 = 0;
  if (cfg.renewTimer !== undefined) t1 = cfg.renewTimer;
  else if (cfg.calculateTeeTimes) t1 = Math.round(cfg.t1Percent * preferred);
  if (t1 > (t2 || preferred)) t1 = 0;
  return { t1, t2 };
}
