// Example hook library (TypeScript, loaded without a build step): gives the clients of
// some subnets shorter lifetimes than the configuration does, e.g. a guest network.
//
//   "hooks-libraries": [{
//     "library": "short-lifetimes.ts",
//     "parameters": { "subnets": [2], "valid-lft": 1800, "preferred-lft": 900 }
//   }]
//
// lease6_select runs before the lease is written (REQUEST) or offered (SOLICIT); the lease
// is an in/out argument, so the engine stores and sends what the callout leaves in it.
// Renewals go through lease6_renew / lease6_rebind, which get the same treatment.

import type { CalloutHandle, LibraryContext, Lease6 } from 'dhcp6-agent/hooks';

export const version = 1;

interface Settings {
  subnets: Set<number>;
  valid: number;
  preferred: number;
}

function positive(value: unknown, name: string): number {
  if (typeof value !== 'number' || !Number.isInteger(value) || value <= 0) {
    throw new Error(`parameter '${name}' must be a positive integer`);
  }
  return value;
}

export function load(ctx: LibraryContext): void {
  const p = ctx.parameters;
  if (!Array.isArray(p.subnets) || !p.subnets.every((id) => Number.isInteger(id))) {
    throw new Error("parameter 'subnets' must be a list of subnet ids");
  }
  const settings: Settings = {
    subnets: new Set(p.subnets as number[]),
    valid: positive(p['valid-lft'], 'valid-lft'),
    preferred: positive(p['preferred-lft'], 'preferred-lft'),
  };
  if (settings.preferred > settings.valid) throw new Error("'preferred-lft' must not exceed 'valid-lft' (RFC 8415 §21.6)");

  // Never lengthen a lifetime: only shorten what the configuration gave.
  const shorten = (lease: Lease6): void => {
    if (!settings.subnets.has(lease.subnetId)) return;
    lease.validLft = Math.min(lease.validLft, settings.valid);
    lease.preferredLft = Math.min(lease.preferredLft, settings.preferred);
  };

  ctx.registerCallout('lease6_select', (handle: CalloutHandle<'lease6_select'>) => {
    shorten(handle.getArgument('lease6'));
  });
  for (const point of ['lease6_renew', 'lease6_rebind'] as const) {
    ctx.registerCallout(point, (handle: CalloutHandle<'lease6_renew' | 'lease6_rebind'>) => {
      shorten(handle.getArgument('lease6'));
    });
  }
  ctx.log.info({ subnets: [...settings.subnets] }, `short lifetimes: valid ${settings.valid} s, preferred ${settings.preferred} s`);
}
