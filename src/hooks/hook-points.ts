// The direction of every hook point argument, as dhcp6_hooks-2022.dox gives it. The callout
// handle refuses setArgument() on 'in' arguments: the server would ignore the new value.
// (The statuses each point acts on are SUPPORTED_STATUSES in types.ts, next to HOOK_POINTS.)

import { HOOK_POINTS, type HookArgs, type HookPoint } from './types.js';

export type ArgumentDirection = 'in' | 'out' | 'in/out';

export const ARGUMENT_DIRECTIONS: { readonly [P in HookPoint]: { readonly [K in keyof HookArgs[P]]-?: ArgumentDirection } } = {
  dhcp6_srv_configured: { json_config: 'in', server_config: 'in', network_state: 'in', error: 'out' },
  cb6_updated: { audit_entries: 'in' },
  buffer6_receive: { query6: 'in/out' },
  pkt6_receive: { query6: 'in/out' },
  subnet6_select: { query6: 'in/out', subnet6: 'in/out', subnet6collection: 'in' },
  host6_identifier: { query6: 'in', id_type: 'in/out', id_value: 'out' },
  lease6_select: { query6: 'in', subnet6: 'in', fake_allocation: 'in', lease6: 'in/out' },
  lease6_renew: { query6: 'in', lease6: 'in/out', ia_na: 'in/out', ia_pd: 'in/out' },
  lease6_rebind: { query6: 'in', lease6: 'in/out', ia_na: 'in/out', ia_pd: 'in/out' },
  lease6_decline: { query6: 'in', lease6: 'in/out' },
  lease6_release: { query6: 'in', lease6: 'in/out' },
  ddns6_update: {
    query6: 'in', response6: 'in', subnet6: 'in', hostname: 'in/out',
    fwd_update: 'in/out', rev_update: 'in/out', ddns_params: 'in',
  },
  leases6_committed: { query6: 'in', leases6: 'in', deleted_leases6: 'in' },
  pkt6_send: { query6: 'in', response6: 'in/out' },
  buffer6_send: { response6: 'in/out' },
  lease6_expire: { lease6: 'in/out', remove_lease: 'in' },
  lease6_recover: { lease6: 'in' },
  command_processed: { name: 'in', arguments: 'in', response: 'in/out' },
};

const POINT_SET: ReadonlySet<string> = new Set(HOOK_POINTS);

export function isHookPoint(name: string): name is HookPoint {
  return POINT_SET.has(name);
}

/** Hook points whose arguments carry response6: the runner hands callouts a copy of its packet. */
export const RESPONSE_POINTS: ReadonlySet<HookPoint> = new Set<HookPoint>(['ddns6_update', 'pkt6_send', 'buffer6_send']);
