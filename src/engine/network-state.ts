// Kea's network state: dhcp-disable / dhcp-enable (and hook libraries holding a
// network_state) stop and resume the DHCP service without stopping the agent.
import type { NetworkState } from '../hooks/types.js';

export class ServiceState implements NetworkState {
  private enabled = true;
  private reenableTimer: NodeJS.Timeout | null = null;

  isEnabled(): boolean {
    return this.enabled;
  }

  enable(): void {
    this.clearTimer();
    this.enabled = true;
  }

  /** `maxPeriodSeconds`: Kea's dhcp-disable max-period, after which service resumes by itself. */
  disable(maxPeriodSeconds?: number): void {
    this.clearTimer();
    this.enabled = false;
    if (maxPeriodSeconds !== undefined && maxPeriodSeconds > 0) {
      this.reenableTimer = setTimeout(() => this.enable(), maxPeriodSeconds * 1000);
      this.reenableTimer.unref();
    }
  }

  private clearTimer(): void {
    if (this.reenableTimer) clearTimeout(this.reenableTimer);
    this.reenableTimer = null;
  }
}
