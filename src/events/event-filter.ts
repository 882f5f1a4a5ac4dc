// Which lease events a subscriber wants: event types, subnets, DUIDs, address/prefix ranges.
// Evaluated in memory for live events (once per event and subscriber, no database query) and
// pushed into SQL, as far as EventStore.readSince can take it, when replaying from the table.

import { formatIpv6, parseIpv6 } from '../dhcp6/ipv6.js';
import { colonHex } from '../dhcp6/hex-text.js';
import type { LeaseEvent, LeaseEventFilter, LeaseEventType } from '../store/types.js';

/** Every event type of the stream, in the order docs/events.md lists them. */
export const LEASE_EVENT_TYPES = [
  'allocated',
  'renewed',
  'rebound',
  'released',
  'declined',
  'expired',
  'reclaimed',
  'recovered',
  'added',
  'updated',
  'deleted',
  'wiped',
] as const satisfies readonly LeaseEventType[];

// Fails to compile when store/types.ts gains an event type this list lacks.
type MissingEventType = Exclude<LeaseEventType, (typeof LEASE_EVENT_TYPES)[number]>;
const everyEventTypeListed: MissingEventType extends never ? true : never = true;
void everyEventTypeListed;

/** Inclusive bounds of addresses, from "2001:db8::/64", "2001:db8::1-2001:db8::ff" or one address. */
export interface AddressRange {
  first: bigint;
  last: bigint;
  /** as the subscriber wrote it, canonicalised, for messages and for resuming with the same filter */
  text: string;
}

/**
 * Within one criterion any value matches (OR); all criteria given must match (AND).
 * An absent or empty criterion matches everything.
 */
export interface EventFilter {
  types?: LeaseEventType[];
  subnetIds?: number[];
  duids?: Buffer[];
  ranges?: AddressRange[];
}

/**
 * A stored event with what filters and senders derive from it, computed once however many
 * subscribers look at it: the frame text, the address as a number, the DUID as hex.
 */
export class PreparedEvent {
  private addressValue: bigint | undefined;
  private duidText: string | undefined;
  private frameText: string | undefined;

  constructor(readonly event: LeaseEvent) {}

  get seq(): number {
    return this.event.seq;
  }

  get address(): bigint {
    this.addressValue ??= parseIpv6(this.event.address);
    return this.addressValue;
  }

  /** "" when the event carries no DUID */
  get duidHex(): string {
    this.duidText ??= this.event.duid ? colonHex(this.event.duid) : '';
    return this.duidText;
  }

  /** The event as sent on the stream (docs/events.md): one JSON text message. */
  get frame(): string {
    const e = this.event;
    this.frameText ??= JSON.stringify({ seq: e.seq, type: e.event, at: e.at.toISOString(), agent: e.agent, lease: e.lease });
    return this.frameText;
  }
}

export type EventMatcher = (e: PreparedEvent) => boolean;

/** Builds the in-memory test of a filter; sets are built once per subscription. */
export function compileFilter(filter: EventFilter): EventMatcher {
  const tests: EventMatcher[] = [];
  if (filter.types?.length) {
    const types = new Set<string>(filter.types);
    tests.push((e) => types.has(e.event.event));
  }
  if (filter.subnetIds?.length) {
    const ids = new Set(filter.subnetIds);
    tests.push((e) => ids.has(e.event.subnetId));
  }
  if (filter.duids?.length) {
    const duids = new Set(filter.duids.map((d) => colonHex(d)));
    tests.push((e) => duids.has(e.duidHex));
  }
  if (filter.ranges?.length) {
    const ranges = filter.ranges;
    // For IA_PD the event's address is the delegated prefix's first address.
    tests.push((e) => {
      const a = e.address;
      return ranges.some((r) => a >= r.first && a <= r.last);
    });
  }
  if (tests.length === 0) return () => true;
  if (tests.length === 1) return tests[0];
  return (e) => tests.every((t) => t(e));
}

/**
 * The part of a filter EventStore.readSince can evaluate in SQL. Replay still applies the
 * whole filter in memory: the store takes one DUID and no ranges, so those narrow only there.
 */
export function storeFilterOf(filter: EventFilter): LeaseEventFilter | undefined {
  const out: LeaseEventFilter = {};
  if (filter.types?.length) out.events = [...filter.types];
  if (filter.subnetIds?.length) out.subnetIds = [...filter.subnetIds];
  if (filter.duids?.length === 1) out.duid = filter.duids[0];
  const single = filter.ranges?.length === 1 ? filter.ranges[0] : undefined;
  if (single && single.first === single.last) out.address = formatIpv6(single.first);
  return Object.keys(out).length > 0 ? out : undefined;
}
