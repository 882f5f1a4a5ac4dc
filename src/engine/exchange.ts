// One client message being answered: what every step of the packet path shares — the
// configuration view it started on, the decoded message, the selected subnet and host
// reservation, and the query6 object callouts see (the same object at every hook point of
// this message, as the hooks contract asks).
import type { Logger } from 'pino';
import type { Subnet6 } from '../config/types.js';
import type { Dhcp6Packet, PacketOrigin } from '../dhcp6/types.js';
import type { HookPacket, HooksRunner } from '../hooks/types.js';
import type { Store } from '../store/types.js';
import type { ClientMessage, Hwaddr } from './client-message.js';
import type { ConfigView } from './config-view.js';
import type { PoolCursors } from './pool-cursor.js';
import type { RecentClients } from './recent-clients.js';
import type { ClientLeaseReads } from './client-lease-reads.js';
import type { HostReservation } from './reservation-index.js';
import type { Statistics } from './statistics.js';
import { nowSeconds } from './lease-records.js';

export interface EngineDeps {
  readonly store: Store;
  readonly hooks: HooksRunner;
  readonly stats: Statistics;
  readonly cursors: PoolCursors;
  readonly recentClients: RecentClients;
  /** getByDuid, batched across the packets in flight */
  readonly clientLeases: ClientLeaseReads;
  readonly logger: Logger;
  readonly serverDuid: Buffer;
}

const NO_OWNERS: ReadonlySet<string> = new Set();

export class Exchange {
  query6: HookPacket | null;
  /** the response6 argument (ddns6_update, pkt6_send, buffer6_send), created on first use */
  response6: HookPacket | null = null;
  subnet: Subnet6 | null = null;
  host: HostReservation | null = null;
  /** the reservation owners (identifier type + value) this client presents */
  owners: ReadonlySet<string> = NO_OWNERS;
  readonly now = nowSeconds();

  constructor(
    readonly deps: EngineDeps,
    readonly view: ConfigView,
    readonly origin: PacketOrigin,
    public packet: Dhcp6Packet,
    public msg: ClientMessage,
    readonly hwaddr: Hwaddr | null,
    query6: HookPacket | null,
  ) {
    this.query6 = query6;
    if (query6) {
      query6.packet = packet;
      query6.hwaddr = hwaddr;
    }
  }

  get clientId(): Buffer {
    // Every message type but INFORMATION-REQUEST was checked to carry one.
    return this.msg.clientId ?? Buffer.alloc(0);
  }

  /** The query6 argument of every hook point for this message (created on first use). */
  hookQuery(): HookPacket {
    if (!this.query6) this.query6 = { packet: this.packet, origin: this.origin, hwaddr: this.hwaddr };
    return this.query6;
  }

  /** Whether an address/prefix reserved for `owner` may go to this client. */
  mayHave(owner: HostReservation | undefined): boolean {
    return owner === undefined || this.owners.has(owner.owner);
  }
}
