// Parked packets (Kea's parking lots): leases6_committed may hold a REPLY until the
// libraries that parked it release it. The lot is bounded — a packet beyond the bound is
// dropped — and emptied (every packet dropped) when its libraries unload.

/** One packet's parking: how many park() calls still wait for their release. */
export class ParkTicket {
  private references = 0;
  private state: 'open' | 'parked' | 'released' | 'dropped' | 'cancelled' = 'open';
  private settle: ((unparked: boolean) => void) | null = null;

  /** A park() call: one more reference, and the function that gives it back (once). */
  reference(): () => void {
    this.references++;
    let used = false;
    return () => {
      if (used) return;
      used = true;
      this.references--;
      if (this.references === 0 && this.state === 'parked') this.finish('released', true);
    };
  }

  get outstanding(): number {
    return this.references;
  }

  /** Called by the lot: holds the packet until every reference is back. */
  hold(onDone: () => void): Promise<boolean> {
    this.state = 'parked';
    return new Promise<boolean>((resolve) => {
      this.settle = (unparked) => {
        onDone();
        resolve(unparked);
      };
    });
  }

  drop(): void {
    if (this.state === 'parked') this.finish('dropped', false);
    else if (this.state === 'open') this.state = 'dropped';
  }

  /** The final status was not 'park' (a later callout changed it): releases do nothing. */
  cancel(): void {
    if (this.state === 'open') this.state = 'cancelled';
  }

  private finish(state: 'released' | 'dropped', unparked: boolean): void {
    this.state = state;
    const settle = this.settle;
    this.settle = null;
    settle?.(unparked);
  }
}

export class ParkingLot {
  private readonly parked = new Set<ParkTicket>();
  private closed = false;

  constructor(readonly limit: number) {}

  get size(): number {
    return this.parked.size;
  }

  /**
   * Holds the packet; resolves true when released, false when dropped.
   * Returns null (packet dropped) when the lot is full or its libraries are unloaded.
   */
  park(ticket: ParkTicket): Promise<boolean> | null {
    if (this.closed || this.parked.size >= this.limit) {
      ticket.drop();
      return null;
    }
    this.parked.add(ticket);
    return ticket.hold(() => this.parked.delete(ticket));
  }

  /** Drops every parked packet and refuses new ones (the libraries are being unloaded). */
  close(): void {
    this.closed = true;
    for (const ticket of [...this.parked]) ticket.drop();
  }
}
