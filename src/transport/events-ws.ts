// GET /events on the HTTP control socket: the lease event stream over WebSocket. Same
// listener, so the same TLS; the upgrade bypasses fastify's request hooks, so it applies the
// socket's basic-authentication check itself (401 before upgrading). Subscriptions come from
// the URL query, or — with ?subscription=message — from the first message.

import { STATUS_CODES, type IncomingMessage } from 'node:http';
import type { Duplex } from 'node:stream';
import type { FastifyInstance, FastifyPluginAsync } from 'fastify';
import { WebSocketServer, type RawData, type WebSocket } from 'ws';
import type { EventHub } from '../events/event-hub.js';
import { CLOSE_CODE, closeReason, errorMessage } from '../events/stream-messages.js';
import type { Subscription } from '../events/subscription.js';
import { requestFromMessage, requestFromQuery, SubscriptionRequestError, type SubscriptionRequest } from '../events/subscription-request.js';
import { unauthorizedResponse } from './http-auth.js';

/** What the route needs of the HTTP control socket (HttpControlSocket provides it). */
export interface EventsRouteHost {
  readonly fastify: FastifyInstance;
  /** the user name, "" without authentication, null when the credentials are refused */
  readonly authorize: (authorization: string | undefined) => string | null;
  readonly realm: string | undefined;
  /** adds routes/hooks before the socket starts */
  register(plugin: FastifyPluginAsync): void;
}

export interface EventsRouteOptions {
  /** default "/events" */
  path?: string;
  /** ms between WebSocket pings; a connection that left the previous one unanswered is dropped (default 30000) */
  pingInterval?: number;
  /** ms a connection opened with ?subscription=message may take to send it (default 30000) */
  firstMessageTimeout?: number;
  /** largest message a subscriber may send, in bytes (default 1 MiB: long DUID lists) */
  maxMessageSize?: number;
  log?: { info(obj: object, msg: string): void; warn(obj: object, msg: string): void };
}

export interface EventsRoute {
  readonly connections: number;
  /** Closes every stream (1001, with the seq to resume from); the socket's stop() calls it too. */
  close(): Promise<void>;
}

interface Connection {
  ws: WebSocket;
  alive: boolean;
  sub: Subscription | null;
  firstMessageTimer: NodeJS.Timeout | null;
  closed: Promise<void>;
}

const CLOSE_GRACE_MS = 1000;

/**
 * The subscription a URL query asks for, or null for `?subscription=message`: the first
 * message carries it (for filters too long for a URL). No query at all: every event, live.
 */
function subscriptionOfQuery(params: URLSearchParams): SubscriptionRequest | null {
  const mode = params.getAll('subscription');
  if (mode.length === 0) return requestFromQuery(params);
  if (mode.length > 1 || mode[0] !== 'message') {
    throw new SubscriptionRequestError('subscription', `must be "message" (the subscription comes as the first message), got "${mode.join(',')}"`);
  }
  if ([...params.keys()].some((k) => k !== 'subscription')) {
    throw new SubscriptionRequestError('subscription', 'is "message": the first message carries the whole subscription, so no other parameter may be given');
  }
  return null;
}

/** An HTTP answer on a socket that asked to upgrade, in Kea's {"result", "text"} shape. */
function refuse(sock: Duplex, status: number, text: string, headers: Record<string, string> = {}): void {
  const body = JSON.stringify({ result: status, text });
  const lines = [
    `HTTP/1.1 ${status} ${STATUS_CODES[status] ?? ''}`,
    'Content-Type: application/json',
    `Content-Length: ${Buffer.byteLength(body)}`,
    'Connection: close',
    ...Object.entries(headers).map(([k, v]) => `${k}: ${v}`),
  ];
  sock.end(`${lines.join('\r\n')}\r\n\r\n${body}`);
}

export function registerEventsRoute(socket: EventsRouteHost, hub: EventHub, opts: EventsRouteOptions = {}): EventsRoute {
  const path = opts.path ?? '/events';
  const pingInterval = opts.pingInterval ?? 30_000;
  const firstMessageTimeout = opts.firstMessageTimeout ?? 30_000;
  const connections = new Set<Connection>();
  // No permessage-deflate: it costs CPU and latency per message for every subscriber.
  const wss = new WebSocketServer({ noServer: true, perMessageDeflate: false, maxPayload: opts.maxMessageSize ?? 1024 * 1024 });
  let pingTimer: NodeJS.Timeout | null = null;
  let closing: Promise<void> | null = null;

  function subscribe(conn: Connection, request: SubscriptionRequest): void {
    try {
      conn.sub = hub.subscribe(request, {
        send: (message, written) => conn.ws.send(message, written),
        close: (code, reason) => conn.ws.close(code, reason),
      });
    } catch (err) {
      conn.ws.close(CLOSE_CODE.INTERNAL_ERROR, closeReason((err as Error).message));
    }
  }

  function refuseSubscription(conn: Connection, problem: string): void {
    conn.ws.send(errorMessage(CLOSE_CODE.BAD_SUBSCRIPTION, problem, null));
    conn.ws.close(CLOSE_CODE.BAD_SUBSCRIPTION, closeReason(problem));
  }

  function attach(ws: WebSocket, request: SubscriptionRequest | null): void {
    let resolveClosed!: () => void;
    const conn: Connection = { ws, alive: true, sub: null, firstMessageTimer: null, closed: new Promise((r) => (resolveClosed = r)) };
    connections.add(conn);
    ws.on('pong', () => {
      conn.alive = true;
    });
    ws.on('error', (err) => opts.log?.warn({ err: err.message }, 'lease event stream connection failed'));
    ws.on('close', () => {
      if (conn.firstMessageTimer) clearTimeout(conn.firstMessageTimer);
      conn.sub?.detach();
      connections.delete(conn);
      resolveClosed();
    });
    if (request) {
      subscribe(conn, request);
      return;
    }
    conn.firstMessageTimer = setTimeout(
      () => refuseSubscription(conn, `no subscription message came within ${firstMessageTimeout} ms (the URL asked for subscription=message)`),
      firstMessageTimeout,
    );
    conn.firstMessageTimer.unref();
    ws.once('message', (data: RawData, isBinary: boolean) => {
      if (conn.firstMessageTimer) clearTimeout(conn.firstMessageTimer);
      conn.firstMessageTimer = null;
      if (isBinary) return refuseSubscription(conn, 'the subscription message must be a JSON text message');
      let request: SubscriptionRequest;
      try {
        // binaryType is "nodebuffer": a text message arrives as one Buffer
        request = requestFromMessage((data as Buffer).toString('utf8'));
      } catch (err) {
        refuseSubscription(conn, (err as Error).message);
        return;
      }
      subscribe(conn, request);
    });
  }

  function onUpgrade(req: IncomingMessage, sock: Duplex, head: Buffer): void {
    sock.on('error', () => sock.destroy());
    const raw = req.url ?? '/';
    const url = new URL(raw, 'http://localhost');
    if (url.pathname !== path) {
      refuse(sock, 400, `Bad Request: only GET ${path} upgrades to a WebSocket`);
      return;
    }
    if (socket.authorize(req.headers.authorization) === null) {
      const r = unauthorizedResponse(socket.realm ?? '');
      refuse(sock, r.status, r.body.text, r.headers);
      return;
    }
    let request: SubscriptionRequest | null;
    try {
      request = subscriptionOfQuery(url.searchParams);
    } catch (err) {
      refuse(sock, 400, `Bad Request: ${(err as Error).message}`);
      return;
    }
    if (closing) {
      refuse(sock, 503, 'Service Unavailable: the agent is stopping');
      return;
    }
    wss.handleUpgrade(req, sock, head, (ws) => attach(ws, request));
  }

  async function close(): Promise<void> {
    closing ??= (async () => {
      if (pingTimer) clearInterval(pingTimer);
      pingTimer = null;
      const all = [...connections];
      for (const conn of all) {
        if (conn.sub && !conn.sub.isClosed) conn.sub.end(CLOSE_CODE.GOING_AWAY, 'agent stopping', closeReason(`agent stopping; resume with since=${conn.sub.cursor}`));
        else conn.ws.close(CLOSE_CODE.GOING_AWAY, 'agent stopping');
      }
      // A peer that does not answer the close frame promptly is cut off: stopping must not wait for it.
      const grace = new Promise<void>((r) => setTimeout(r, CLOSE_GRACE_MS).unref());
      await Promise.race([Promise.all(all.map((c) => c.closed)), grace]);
      for (const conn of connections) conn.ws.terminate();
      await Promise.all(all.map((c) => c.closed));
      socket.fastify.server.off('upgrade', onUpgrade);
      wss.close();
    })();
    return closing;
  }

  socket.fastify.server.on('upgrade', onUpgrade);
  socket.register(async (f) => {
    // A plain GET (no Upgrade header) reaches fastify: say what the endpoint is.
    f.get(path, async (_request, reply) =>
      reply.code(426).header('upgrade', 'websocket').type('application/json').send({ result: 426, text: `Upgrade Required: GET ${path} is a WebSocket endpoint (the lease event stream)` }),
    );
    f.addHook('onReady', async () => {
      pingTimer ??= setInterval(() => {
        for (const conn of connections) {
          if (!conn.alive) {
            conn.ws.terminate();
            continue;
          }
          conn.alive = false;
          conn.ws.ping();
        }
      }, pingInterval);
      pingTimer.unref();
    });
    f.addHook('preClose', close);
  });

  return {
    get connections() {
      return connections.size;
    },
    close,
  };
}
