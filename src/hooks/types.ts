// What the engine and the command processor see of the hooks framework.
// Contract: ../shared/seeds/dhcp6_hooks-2022.dox (hook points, arguments, next-step statuses).

export const HOOK_POINTS = [
  'dhcp6_srv_configured',
  'cb6_updated',
  'buffer6_receive',
  'pkt6_receive',
  'subnet6_select',
  'host6_identifier',
  'lease6_select',
  'lease6_renew',
  'lease6_rebind',
  'lease6_decline',
  'lease6_release',
  'ddns6_update',
  'leases6_committed',
  'pkt6_send',
  'buffer6_send',
  'lease6_expire',
  'lease6_recover',
  'command_processed',
] as const;

export type HookPoint = (typeof HOOK_POINTS)[number];

/** Kea's next-step statuses. What each means is decided at the call site, per the contract. */
export type NextStep = 'continue' | 'skip' | 'drop' | 'park';

/**
 * The statuses other than 'continue' that each hook point acts on (dhcp6_hooks-2022.dox,
 * "Next step status"). A callout setting any other status is treated as 'continue' (the
 * runner logs it at debug), so `call()` only ever reports a status listed here or 'continue'.
 */
export const SUPPORTED_STATUSES: { readonly [P in HookPoint]: readonly NextStep[] } = {
  dhcp6_srv_configured: ['drop'],
  cb6_updated: [],
  buffer6_receive: ['skip', 'drop'],
  pkt6_receive: ['skip', 'drop'],
  subnet6_select: ['skip', 'drop'],
  host6_identifier: ['skip', 'drop'],
  lease6_select: ['skip'],
  lease6_renew: ['skip'],
  lease6_rebind: ['skip'],
  lease6_decline: ['skip', 'drop'],
  lease6_release: ['skip', 'drop'],
  ddns6_update: [],
  leases6_committed: ['drop', 'park'],
  pkt6_send: ['skip', 'drop'],
  buffer6_send: ['skip', 'drop'],
  lease6_expire: ['skip'],
  lease6_recover: ['skip'],
  command_processed: [],
};

export interface CalloutOutcome<A> {
  status: NextStep;
  /** set when status is 'park' (leases6_committed): resolves true when a library unparks
   *  the packet, false when it is dropped (parking lot full, library unloaded) */
  parked?: Promise<boolean>;
  /** the arguments after all callouts ran: in/out arguments may have been changed or replaced */
  args: A;
}

export interface HooksRunner {
  /** True when some library registered a callout on the point. The engine checks this
   *  first so that a point nobody listens to costs nothing (no argument objects built). */
  has(point: HookPoint): boolean;
  /** Calls the point's callouts in library order. Never throws: a failing callout is
   *  logged with its library name and counts as 'continue'. */
  call<P extends HookPoint>(point: P, args: HookArgs[P]): Promise<CalloutOutcome<HookArgs[P]>>;
}

/** A runner with no libraries: what the engine uses when hooks are not configured. */
export const NO_HOOKS: HooksRunner = {
  has: () => false,
  call: async (_point, args) => ({ status: 'continue', args }),
};

// ---- the arguments of each hook point, named exactly as in the Kea contract ----
import type { Dhcp6Packet, PacketOrigin, IaOption } from '../dhcp6/types.js';
import type { Config, Subnet6 } from '../config/types.js';
import type { Lease6 } from '../store/types.js';

/**
 * query6 / response6 as callouts see them: the decoded packet (mutable) and its addressing.
 *
 * Identity: pass the same query6 object at every hook point of one client message, and the
 * same response6 object at pkt6_send and buffer6_send — the per-library callout context
 * (Kea's "callout context") is keyed on it and lives as long as the object does.
 *
 * Copies (contract section "Accessing DHCPv6 Options"): the engine may put option objects
 * and Buffers shared with the configuration into a response. Before callouts run at a point
 * that passes response6 (ddns6_update, pkt6_send, buffer6_send), the runner replaces
 * `response6.packet` with a deep copy (only when some callout is registered there), so a
 * callout can change options without touching the configuration. After pkt6_send, encode
 * `outcome.args.response6.packet`, not a reference taken before the call.
 */
export interface HookPacket {
  /** undefined only at buffer6_receive, before parsing */
  packet?: Dhcp6Packet;
  /** the wire bytes: set at buffer6_receive (received) and buffer6_send (to be sent) */
  buffer?: Buffer;
  /** for a query: where it came from; for a response: where it goes (remote*) and from (local*) */
  origin: PacketOrigin;
  /** the client's hardware address when known (from CLIENT_LINKLAYER_ADDR or a DUID-LL/LLT) */
  hwaddr: { bytes: Buffer; type: number; source: number } | null;
}

/** A change the configuration backend (or another agent sharing the database) made. */
export interface AuditEntry {
  objectType: string;
  objectId: number | string;
  modificationType: 'create' | 'update' | 'delete';
  modificationTime: string;
  logMessage: string;
}

export interface NetworkState {
  isEnabled(): boolean;
  enable(): void;
  disable(): void;
}

export interface HookArgs {
  dhcp6_srv_configured: { json_config: Record<string, unknown>; server_config: Config; network_state: NetworkState; error?: string };
  cb6_updated: { audit_entries: AuditEntry[] };
  buffer6_receive: { query6: HookPacket };
  pkt6_receive: { query6: HookPacket };
  subnet6_select: { query6: HookPacket; subnet6: Subnet6 | null; subnet6collection: readonly Subnet6[] };
  host6_identifier: { query6: HookPacket; id_type: string; id_value: Buffer };
  lease6_select: { query6: HookPacket; subnet6: Subnet6; fake_allocation: boolean; lease6: Lease6 };
  lease6_renew: { query6: HookPacket; lease6: Lease6; ia_na?: IaOption; ia_pd?: IaOption };
  lease6_rebind: { query6: HookPacket; lease6: Lease6; ia_na?: IaOption; ia_pd?: IaOption };
  lease6_decline: { query6: HookPacket; lease6: Lease6 };
  lease6_release: { query6: HookPacket; lease6: Lease6 };
  ddns6_update: {
    query6: HookPacket; response6: HookPacket; subnet6: Subnet6;
    hostname: string; fwd_update: boolean; rev_update: boolean; ddns_params: Record<string, unknown>;
  };
  leases6_committed: { query6: HookPacket; leases6: Lease6[]; deleted_leases6: Lease6[] };
  pkt6_send: { query6: HookPacket; response6: HookPacket };
  buffer6_send: { response6: HookPacket };
  lease6_expire: { lease6: Lease6; remove_lease: boolean };
  lease6_recover: { lease6: Lease6 };
  command_processed: { name: string; arguments: unknown; response: { result: number; text?: string; arguments?: unknown } };
}
