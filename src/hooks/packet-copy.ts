// Deep copies of decoded packets for callouts (contract section "Accessing DHCPv6 Options"):
// a response may hold option objects and Buffers shared with the configuration, and a
// callout changing them must not change what every later client receives.
// structuredClone is not used: it turns a Buffer into a plain Uint8Array.

export function deepCopy<T>(value: T): T {
  return copy(value) as T;
}

function copy(value: unknown): unknown {
  if (value === null || typeof value !== 'object') return value;
  if (Buffer.isBuffer(value)) return Buffer.from(value);
  if (value instanceof Uint8Array) return value.slice();
  if (Array.isArray(value)) return value.map(copy);
  const out: Record<string, unknown> = {};
  for (const key of Object.keys(value)) out[key] = copy((value as Record<string, unknown>)[key]);
  return out;
}
