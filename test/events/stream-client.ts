// A WebSocket subscriber for the tests: collects every message, parsed, and how the stream ended.

import WebSocket from 'ws';

export interface StreamMessage {
  type: string;
  seq: number | null;
  at?: string;
  agent?: string;
  lease?: Record<string, unknown>;
  code?: number;
  text?: string;
}

export interface EventMessage extends StreamMessage {
  seq: number;
  at: string;
  agent: string;
  lease: Record<string, unknown>;
}

export interface StreamEnd {
  code: number;
  reason: string;
}

export class StreamClient {
  readonly messages: StreamMessage[] = [];
  readonly ended: Promise<StreamEnd>;
  readonly opened: Promise<void>;
  /** HTTP status and body when the server refused to upgrade */
  readonly refused: Promise<{ status: number; headers: Record<string, string | string[] | undefined>; body: string } | null>;
  readonly ws: WebSocket;
  private waiters: (() => void)[] = [];

  constructor(url: string, opts: WebSocket.ClientOptions = {}) {
    this.ws = new WebSocket(url, { perMessageDeflate: false, ...opts });
    this.ws.on('message', (data) => {
      this.messages.push(JSON.parse(String(data)) as StreamMessage);
      for (const w of this.waiters.splice(0)) w();
    });
    this.ended = new Promise((resolve) => this.ws.on('close', (code, reason) => resolve({ code, reason: reason.toString('utf8') })));
    this.opened = new Promise((resolve, reject) => {
      this.ws.once('open', () => resolve());
      this.ws.once('error', reject);
    });
    this.refused = new Promise((resolve) => {
      this.ws.once('open', () => resolve(null));
      this.ws.once('error', () => resolve(null));
      this.ws.once('unexpected-response', (_req, res) => {
        let body = '';
        res.on('data', (c: Buffer) => (body += c.toString('utf8')));
        res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body }));
      });
    });
    this.ws.on('error', () => undefined);
  }

  /** The event messages (not live/heartbeat/error), in arrival order. */
  get events(): EventMessage[] {
    return this.messages.filter((m): m is EventMessage => m.lease !== undefined);
  }

  /** Resolves once `test` holds for the messages so far; fails after `timeoutMs`. */
  async until(test: (c: StreamClient) => boolean, what: string, timeoutMs = 10_000): Promise<void> {
    const deadline = Date.now() + timeoutMs;
    while (!test(this)) {
      const left = deadline - Date.now();
      if (left <= 0) throw new Error(`timed out waiting for ${what}; got ${JSON.stringify(this.messages.slice(-5))}`);
      await new Promise<void>((resolve) => {
        const t = setTimeout(resolve, Math.min(left, 200));
        this.waiters.push(() => {
          clearTimeout(t);
          resolve();
        });
      });
    }
  }

  untilLive(): Promise<void> {
    return this.until((c) => c.messages.some((m) => m.type === 'live'), 'the live message');
  }

  /** Until a live or heartbeat message says every matching event up to `seq` was sent. */
  untilCovered(seq: number): Promise<void> {
    return this.until((c) => c.messages.some((m) => (m.type === 'heartbeat' || m.type === 'live') && (m.seq ?? -1) >= seq), `a heartbeat covering seq ${seq}`);
  }

  untilEvents(n: number): Promise<void> {
    return this.until((c) => c.events.length >= n, `${n} events`);
  }

  close(): Promise<StreamEnd> {
    this.ws.close();
    return this.ended;
  }
}
