// An agent's event plumbing for the tests: a hub on a store, and the events route on a real
// HTTP control socket listening on loopback. Stopped (socket first, then hub) by stopAll().

import { createEventHub, type EventHub, type EventHubOptions } from '../../src/events/event-hub.js';
import { HttpControlSocket, type HttpControlSocketConfig } from '../../src/transport/http.js';
import { registerEventsRoute, type EventsRoute, type EventsRouteOptions } from '../../src/transport/events-ws.js';
import type { LeaseEventsConfig } from '../../src/config/types.js';
import { vi } from 'vitest';
import type { Store } from '../../src/store/types.js';

export const PLAIN_HTTP: HttpControlSocketConfig = { socketType: 'http', socketAddress: '127.0.0.1', socketPort: 0, certRequired: false };

export const DEFAULT_EVENTS_CONFIG: LeaseEventsConfig = { retentionAge: 0, retentionCount: 0, maxBuffered: 10_000 };

/** The command side is not under test here: every command is unsupported. */
const NO_COMMANDS = {
  handle: async () => ({ result: 2, text: 'not supported in this test' }),
  definitions: () => [],
  extraCommands: () => [],
};

export interface StreamRig {
  hub: EventHub;
  socket: HttpControlSocket;
  route: EventsRoute;
  /** ws(s)://127.0.0.1:port/events */
  url: string;
  port: number;
  stop(): Promise<void>;
}

export interface RigOptions {
  config?: Partial<LeaseEventsConfig>;
  http?: Partial<HttpControlSocketConfig>;
  hub?: Partial<EventHubOptions>;
  route?: EventsRouteOptions;
  /** reuse a hub (a second listener on the same agent) */
  sharedHub?: EventHub;
}

const running: StreamRig[] = [];

export async function startRig(store: Store, opts: RigOptions = {}): Promise<StreamRig> {
  const hub =
    opts.sharedHub ??
    createEventHub({ store, config: { ...DEFAULT_EVENTS_CONFIG, ...opts.config }, pollInterval: 60_000, heartbeatInterval: 60_000, ...opts.hub });
  if (!opts.sharedHub) await hub.start();
  const config = { ...PLAIN_HTTP, ...opts.http } as HttpControlSocketConfig;
  const socket = new HttpControlSocket({ config, processor: NO_COMMANDS, log: { info() {}, warn() {}, error() {} } });
  const route = registerEventsRoute(socket, hub, opts.route);
  await socket.start();
  const port = socket.address().port;
  const rig: StreamRig = {
    hub,
    socket,
    route,
    port,
    url: `${config.certFile ? 'wss' : 'ws'}://127.0.0.1:${port}/events`,
    async stop() {
      const i = running.indexOf(rig);
      if (i >= 0) running.splice(i, 1);
      await socket.stop();
      if (!opts.sharedHub) await hub.stop();
    },
  };
  running.push(rig);
  return rig;
}

export async function stopAllRigs(): Promise<void> {
  for (const rig of running.slice().reverse()) await rig.stop();
}

/**
 * Until vi.restoreAllMocks(): a hub started on `store` hears no NOTIFY (as after a lost LISTEN
 * connection) and, with `handOver: false`, is not handed this agent's batches by the writer
 * either, so only a read of the table (wake(), the poll) brings it events.
 */
export function deafen(store: Store, opts: { handOver: boolean }): void {
  const listen = store.events.listen.bind(store.events);
  vi.spyOn(store.events, 'listen').mockImplementation(() => listen(() => undefined));
  if (!opts.handOver) vi.spyOn(store.events, 'onLocalCommit').mockImplementation(() => () => undefined);
}
