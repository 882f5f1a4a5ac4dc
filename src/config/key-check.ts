// Every key of a configuration map is either one we implement, one real Kea knows but
// dhcp6-agent does not implement (a distinct error, so the operator knows it is not a
// typo), or unknown (a typo: we suggest the nearest supported key).

import { ConfigError } from './types.js';

export interface KeySpec {
  /** keys this map accepts */
  supported: readonly string[];
  /** keys real Kea accepts here that dhcp6-agent does not implement */
  unsupported?: readonly string[];
  /** extra words for the "not supported" message, e.g. what to do instead */
  hints?: Readonly<Record<string, string>>;
}

/** Throws ConfigError for the first key (in the given object's order) that is not supported. */
export function checkKeys(value: Record<string, unknown>, path: string, spec: KeySpec): void {
  for (const key of Object.keys(value)) {
    if (spec.supported.includes(key)) continue;
    const keyPath = path ? `${path}.${key}` : key;
    if (spec.unsupported?.includes(key)) {
      const hint = spec.hints?.[key];
      throw new ConfigError(keyPath, `not supported by dhcp6-agent${hint ? ` (${hint})` : ''}`);
    }
    const near = closestKey(key, spec.supported);
    throw new ConfigError(keyPath, `unknown key${near ? ` (did you mean '${near}'?)` : ''}`);
  }
}

/** The supported key nearest to a misspelt one, when it is near enough to be the intended one. */
export function closestKey(key: string, candidates: readonly string[]): string | undefined {
  const norm = (s: string) => s.toLowerCase().replace(/_/g, '-');
  const k = norm(key);
  const limit = Math.max(2, Math.floor(k.length / 5));
  let best: string | undefined;
  let bestDistance = Infinity;
  for (const c of candidates) {
    const n = norm(c);
    // A key that is a candidate cut short or extended ("ip-address") wins a tie.
    const d = editDistance(k, n) - (n.includes(k) || k.includes(n) ? 0.5 : 0);
    if (d < bestDistance) {
      bestDistance = d;
      best = c;
    }
  }
  return bestDistance <= limit ? best : undefined;
}

/** Levenshtein distance. */
function editDistance(a: string, b: string): number {
  let prev = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    const cur = [i];
    for (let j = 1; j <= b.length; j++) {
      cur[j] = Math.min(prev[j] + 1, cur[j - 1] + 1, prev[j - 1] + (a[i - 1] === b[j - 1] ? 0 : 1));
    }
    prev = cur;
  }
  return prev[b.length];
}
