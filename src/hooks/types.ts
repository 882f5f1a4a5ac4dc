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

export interface CalloutOutcome<A> {
  status: NextStep;
  /** the arguments after all callouts ran: in/out arguments may have been changed or replaced */
  args: A;
}

export interface HooksRunner {
  /** True when some library registered a callout on the point. The engine checks this
   *  first so that a point nobody listens to costs nothing (no argument objects built). */
  has(point: HookPoint): boolean;
  /** Calls the point's callouts in library order. Never throws: a failing callout is
   *  logged with its library name and counts as 'continue'. */
  call<A extends Record<string, unknown>>(point: HookPoint, args: A): Promise<CalloutOutcome<A>>;
}

/** A runner with no libraries: what the engine uses when hooks are not configured. */
export const NO_HOOKS: HooksRunner = {
  has: () => false,
  call: async (_point, args) => ({ status: 'continue', args }),
};
