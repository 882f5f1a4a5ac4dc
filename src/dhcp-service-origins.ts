// Kea's network state with origins (dhcp-disable / dhcp-enable "origin"): the operator
// ("user") and an HA partner ("ha-partner") each hold the DHCP service disabled on their
// own; it serves again only when no origin holds it. A max-period re-enables the origin
// that asked for it, so a forgotten dhcp-disable cannot stop the service for good.

import type { DhcpServiceControl, ServiceOrigin } from './commands/types.js';
import type { NetworkState } from './hooks/types.js';

export class DhcpServiceOrigins implements DhcpServiceControl {
  /** origin → its max-period timer (null: disabled until dhcp-enable) */
  private readonly holders = new Map<ServiceOrigin, NodeJS.Timeout | null>();

  /** `state`: the engine's network state, which the packet path reads */
  constructor(private readonly state: NetworkState) {}

  isEnabled(): boolean {
    return this.state.isEnabled();
  }

  disable(origin: ServiceOrigin, maxPeriodSeconds?: number): void {
    this.clearTimer(origin);
    let timer: NodeJS.Timeout | null = null;
    if (maxPeriodSeconds !== undefined && maxPeriodSeconds > 0) {
      timer = setTimeout(() => this.enable(origin), maxPeriodSeconds * 1000);
      timer.unref();
    }
    this.holders.set(origin, timer);
    this.state.disable();
  }

  enable(origin: ServiceOrigin): void {
    this.clearTimer(origin);
    this.holders.delete(origin);
    // A hook library may have disabled the service through network_state without an origin:
    // with no origin left holding it, the operator's dhcp-enable is what resumes service.
    if (this.holders.size === 0) this.state.enable();
  }

  disabledBy(): ServiceOrigin[] {
    return [...this.holders.keys()].sort();
  }

  /** Stops the max-period timers (the agent is stopping). */
  close(): void {
    for (const origin of this.holders.keys()) this.clearTimer(origin);
  }

  private clearTimer(origin: ServiceOrigin): void {
    const timer = this.holders.get(origin);
    if (timer) clearTimeout(timer);
    if (this.holders.has(origin)) this.holders.set(origin, null);
  }
}
