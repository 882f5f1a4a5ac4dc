// Calls the callouts of a hook point in library order (Kea's CalloutManager) for one set of
// loaded libraries. Every callout of a call sees the status the earlier ones left; a callout
// that throws or rejects is logged with its library's name and counts as 'continue'.

import { CalloutHandleImpl, type CallState, type ContextStore } from './callout-handle.js';
import { RESPONSE_POINTS } from './hook-points.js';
import type { Callout, HookLogger } from './library-api.js';
import type { LoadedLibrary } from './loaded-library.js';
import { deepCopy } from './packet-copy.js';
import { ParkingLot } from './parking-lot.js';
import {
  HOOK_POINTS, SUPPORTED_STATUSES,
  type CalloutOutcome, type HookArgs, type HookPacket, type HookPoint, type HooksRunner,
} from './types.js';

interface CalloutEntry {
  library: LoadedLibrary;
  callout: Callout<never>;
}

/** Kea's default parked-packet-limit. */
export const DEFAULT_PARKED_PACKET_LIMIT = 256;

export class CalloutManager implements HooksRunner {
  private readonly entries: Record<HookPoint, CalloutEntry[]>;
  private readonly contexts: ContextStore = new WeakMap();
  /** buffer6_send has only response6: it finds its packet's context through this link. */
  private readonly queryOfResponse = new WeakMap<HookPacket, HookPacket>();
  readonly parking: ParkingLot;

  constructor(
    readonly libraries: readonly LoadedLibrary[],
    private readonly log: HookLogger,
    parkedPacketLimit = DEFAULT_PARKED_PACKET_LIMIT,
  ) {
    this.parking = new ParkingLot(parkedPacketLimit);
    this.entries = Object.fromEntries(HOOK_POINTS.map((p) => [p, [] as CalloutEntry[]])) as Record<HookPoint, CalloutEntry[]>;
    for (const library of libraries) {
      for (const [point, callouts] of library.callouts) {
        for (const callout of callouts) this.entries[point].push({ library, callout });
      }
    }
  }

  has(point: HookPoint): boolean {
    return this.entries[point].length !== 0;
  }

  /** Drops the parked packets; a call still running finishes, but cannot park any more. */
  close(): void {
    this.parking.close();
  }

  async call<P extends HookPoint>(point: P, args: HookArgs[P]): Promise<CalloutOutcome<HookArgs[P]>> {
    const entries = this.entries[point];
    if (entries.length === 0) return { status: 'continue', args };

    const contextKey = this.prepareArguments(point, args);
    const state: CallState = { status: 'continue', ticket: null };
    for (const { library, callout } of entries) {
      const before = state.status;
      const handle = new CalloutHandleImpl(point, args, library, state, this.contexts, contextKey);
      try {
        const result = (callout as Callout<P>)(handle);
        if (result !== undefined && typeof (result as Promise<void>).then === 'function') await result;
      } catch (err) {
        state.status = before;
        handle.releaseParks();
        library.log.error({ hookPoint: point, err }, `callout of library ${library.name} on ${point} failed: ${errorText(err)}; continuing`);
      } finally {
        handle.close();
      }
    }
    return this.outcome(point, args, state);
  }

  private outcome<P extends HookPoint>(point: P, args: HookArgs[P], state: CallState): CalloutOutcome<HookArgs[P]> {
    let status = state.status;
    if (status !== 'continue' && !SUPPORTED_STATUSES[point].includes(status)) {
      this.log.debug({ hookPoint: point, status }, `status '${status}' is not supported at ${point}; continuing`);
      status = 'continue';
    }
    const ticket = state.ticket;
    if (status !== 'park') {
      ticket?.cancel();
      return { status, args };
    }
    if (ticket === null) {
      this.log.debug({ hookPoint: point }, `status 'park' set without handle.park(): nothing could release the packet; continuing`);
      return { status: 'continue', args };
    }
    if (ticket.outstanding === 0) return { status: 'continue', args };
    const parked = this.parking.park(ticket);
    if (parked === null) {
      this.log.warn({ hookPoint: point, limit: this.parking.limit }, 'parking lot full or libraries unloaded: packet dropped');
      return { status: 'park', parked: Promise.resolve(false), args };
    }
    return { status: 'park', parked, args };
  }

  /** Copies response6's packet for the callouts and returns the packet's context key. */
  private prepareArguments<P extends HookPoint>(point: P, args: HookArgs[P]): object {
    const a = args as { query6?: HookPacket; response6?: HookPacket };
    const response = a.response6;
    if (response !== undefined && RESPONSE_POINTS.has(point)) {
      if (response.packet !== undefined) response.packet = deepCopy(response.packet);
      if (a.query6 !== undefined) this.queryOfResponse.set(response, a.query6);
    }
    if (a.query6 !== undefined) return a.query6;
    if (response !== undefined) return this.queryOfResponse.get(response) ?? response;
    // lease6_expire, command_processed, …: no packet, so the context lives for this call only.
    return args as object;
  }
}

export function errorText(err: unknown): string {
  return err instanceof Error ? err.message : String(err);
}
