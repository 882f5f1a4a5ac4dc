// bench/hooks.sh: a hooks library with a callout that does nothing on each hook point a
// 4-way exchange passes — the cost of calling callouts, without any work in them.
export const version = 1;

export function pkt6_receive() {}
export function subnet6_select() {}
export function lease6_select() {}
export function leases6_committed() {}
export function pkt6_send() {}
export function buffer6_send() {}
