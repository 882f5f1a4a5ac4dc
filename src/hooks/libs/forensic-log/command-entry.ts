// The administrator entries of Kea's forensic log: successful lease6-add, lease6-update and
// lease6-del commands, in the forms the Kea ARM "DHCPv6 Log Entries" gives. Values are
// written as the operator sent them.

import { durationText } from './lease6-entry.js';

type Arguments = Record<string, unknown>;

function text(args: Arguments, key: string): string | undefined {
  const v = args[key];
  return typeof v === 'string' ? v : typeof v === 'number' ? String(v) : undefined;
}

/** The entry for a processed command, or null when it is not one to record (or failed). */
export function commandEntry(name: string, args: unknown, response: { result: number }, nowSeconds: number): string | null {
  if (response?.result !== 0) return null;
  if (name !== 'lease6-add' && name !== 'lease6-update' && name !== 'lease6-del') return null;
  if (args === null || typeof args !== 'object') return null;
  const a = args as Arguments;
  const address = text(a, 'ip-address');

  if (name === 'lease6-del') {
    if (address !== undefined) return `Administrator deleted the lease for address: ${address}`;
    const type = text(a, 'identifier-type');
    const identifier = text(a, 'identifier');
    if (type === undefined || identifier === undefined) return null;
    return `Administrator deleted a lease for a device identified by: ${type} of ${identifier}`;
  }

  const duid = text(a, 'duid');
  if (address === undefined || duid === undefined) return null;
  let entry = name === 'lease6-add' ? 'Administrator added a lease of' : 'Administrator updated information on the lease of';
  const prefixLen = text(a, 'prefix-len');
  entry += text(a, 'type') === 'IA_PD' && prefixLen !== undefined
    ? ` prefix: ${address}/${prefixLen}`
    : ` address: ${address}`;
  entry += ` to a device with DUID: ${duid}`;
  const hwaddr = text(a, 'hw-address');
  if (hwaddr !== undefined) entry += `, hardware address: ${hwaddr}`;
  let duration = typeof a['valid-lft'] === 'number' ? a['valid-lft'] : 0;
  if (duration === 0 && typeof a.expire === 'number') duration = a.expire - nowSeconds;
  if (duration > 0) entry += ` for ${durationText(duration)}`;
  return entry;
}
