// `dhcp6-agent events [options]`: prints the lease event stream of a running agent, one JSON
// object per line, for scripts and people. When the connection drops it reconnects and
// resumes after the last seq it printed (or was told of by a heartbeat), so no event is
// printed twice or skipped.

import { readFileSync, readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import WebSocket from 'ws';
import { loadConfigFile } from '../config/parse-config.js';
import { ConfigError } from '../config/types.js';
import { CLOSE_CODE, resumeSeqOf } from '../events/stream-messages.js';
import { requestFromQuery, requestToQuery, SubscriptionRequestError, type SubscriptionRequest } from '../events/subscription-request.js';

export const EVENTS_USAGE = `usage: dhcp6-agent events [options]

Prints the lease events of a running agent as they happen, one JSON object per line:
{"seq", "type", "at", "agent", "lease"}. Reconnects when the connection drops and resumes
after the last event printed. Exits 0 after --count events or on SIGINT/SIGTERM, 1 when the
agent refuses the subscription (credentials, filter, or a --since older than the stored
events: then resync with lease6-get-all), 2 on a usage error.

Where the agent listens (one of):
  --url URL            its HTTP control socket (http://127.0.0.1:8000/, https://…, ws://…/events)
  --config FILE        its configuration file: the first HTTP control socket there is used
Connection:
  --user USER:PASSWORD basic authentication (with --config: the first client configured)
  --ca FILE            CA certificate(s) to verify the agent with (with --config: its trust-anchor)
  --cert FILE --key FILE  client certificate and key, for cert-required sockets
Which events (each may repeat or hold a comma-separated list; all given must match):
  --since SEQ          first replay the stored events after SEQ, then continue live
  --type TYPE          allocated, renewed, rebound, released, declined, expired, reclaimed,
                       recovered, added, updated, deleted, wiped
  --subnet-id ID
  --duid HEX           the client's DUID, e.g. 00:03:00:01:0a:0b:0c:0d:0e:0f
  --range RANGE        2001:db8::/64, 2001:db8::100-2001:db8::1ff, or one address
Output:
  --count N            exit after N events
`;

export interface EventsOutput {
  stdout(text: string): void;
  stderr(text: string): void;
}

const PROCESS_OUTPUT: EventsOutput = {
  stdout: (t) => process.stdout.write(t),
  stderr: (t) => process.stderr.write(t),
};

const FIRST_RETRY_MS = 250;
const MAX_RETRY_MS = 10_000;

class UsageError extends Error {}

interface Target {
  url: URL;
  user?: string;
  ca?: Buffer[];
  cert?: Buffer;
  key?: Buffer;
}

interface Options {
  target: Target;
  request: SubscriptionRequest;
  count?: number;
}

function readOption(what: string, path: string): Buffer {
  try {
    return readFileSync(path);
  } catch (err) {
    throw new UsageError(`cannot read ${what} ${path}: ${(err as NodeJS.ErrnoException).code ?? (err as Error).message}`);
  }
}

/** A CA file, or (Kea's trust-anchor) a directory of them. */
function readCa(path: string): Buffer[] {
  let isDir = false;
  try {
    isDir = statSync(path).isDirectory();
  } catch {
    // readOption names the problem
  }
  if (!isDir) return [readOption('CA file', path)];
  return readdirSync(path)
    .filter((f) => /\.(pem|crt|cer)$/i.test(f))
    .map((f) => readOption('CA file', join(path, f)));
}

/** The WebSocket URL of the stream: http(s) becomes ws(s); a bare host gets /events. */
function streamUrl(text: string): URL {
  let url: URL;
  try {
    url = new URL(text);
  } catch {
    throw new UsageError(`--url ${text} is not a URL`);
  }
  const scheme = { 'http:': 'ws:', 'https:': 'wss:', 'ws:': 'ws:', 'wss:': 'wss:' }[url.protocol];
  if (!scheme) throw new UsageError('--url must be http://, https://, ws:// or wss://');
  const out = new URL(`${scheme}//${url.host}${url.pathname === '/' ? '/events' : url.pathname}`);
  out.username = url.username;
  out.password = url.password;
  return out;
}

async function targetFromConfig(file: string, values: { user?: string; ca?: string; cert?: string; key?: string }): Promise<Target> {
  let sockets;
  try {
    sockets = (await loadConfigFile(file)).controlSockets;
  } catch (err) {
    if (err instanceof ConfigError) throw new UsageError(`${file}: ${err.message}`);
    throw err;
  }
  const socket = sockets.find((s) => s.socketType === 'http');
  if (!socket || socket.socketType !== 'http') throw new UsageError(`${file} configures no HTTP control socket: the event stream is served only there`);
  const host = socket.socketAddress.includes(':') ? `[${socket.socketAddress}]` : socket.socketAddress;
  const client = socket.authentication?.clients[0];
  return {
    url: new URL(`${socket.certFile ? 'wss' : 'ws'}://${host}:${socket.socketPort}/events`),
    user: values.user ?? (client ? `${client.user}:${client.password}` : undefined),
    ca: values.ca ? readCa(values.ca) : socket.trustAnchor ? readCa(socket.trustAnchor) : undefined,
    cert: values.cert ? readOption('certificate', values.cert) : undefined,
    key: values.key ? readOption('key', values.key) : undefined,
  };
}

async function parse(argv: string[]): Promise<Options> {
  let parsed;
  try {
    parsed = parseArgs({
      args: argv,
      allowPositionals: false,
      options: {
        url: { type: 'string' },
        config: { type: 'string', short: 'c' },
        user: { type: 'string' },
        ca: { type: 'string' },
        cert: { type: 'string' },
        key: { type: 'string' },
        since: { type: 'string' },
        type: { type: 'string', multiple: true },
        'subnet-id': { type: 'string', multiple: true },
        duid: { type: 'string', multiple: true },
        range: { type: 'string', multiple: true },
        count: { type: 'string' },
      },
    });
  } catch (err) {
    throw new UsageError((err as Error).message);
  }
  const { values } = parsed;
  if ((values.url === undefined) === (values.config === undefined)) throw new UsageError('say where the agent listens with exactly one of --url, --config');
  if ((values.cert === undefined) !== (values.key === undefined)) throw new UsageError('--cert and --key go together');

  // The filter flags are the query parameters of GET /events: one parser checks both.
  const query = new URLSearchParams();
  if (values.since !== undefined) query.set('since', values.since);
  for (const key of ['type', 'subnet-id', 'duid', 'range'] as const) for (const v of values[key] ?? []) query.append(key, v);
  let request: SubscriptionRequest;
  try {
    request = requestFromQuery(query);
  } catch (err) {
    if (err instanceof SubscriptionRequestError) throw new UsageError(`--${err.field}: ${err.problem}`);
    throw err;
  }

  let count: number | undefined;
  if (values.count !== undefined) {
    count = Number(values.count);
    if (!Number.isSafeInteger(count) || count < 1) throw new UsageError(`--count must be a positive integer, got "${values.count}"`);
  }

  let target: Target;
  if (values.url !== undefined) {
    const url = streamUrl(values.url);
    const fromUrl = url.username ? `${decodeURIComponent(url.username)}:${decodeURIComponent(url.password)}` : undefined;
    url.username = '';
    url.password = '';
    target = {
      url,
      user: values.user ?? fromUrl,
      ca: values.ca ? readCa(values.ca) : undefined,
      cert: values.cert ? readOption('certificate', values.cert) : undefined,
      key: values.key ? readOption('key', values.key) : undefined,
    };
  } else {
    target = await targetFromConfig(values.config as string, values);
  }
  return { target, request, count };
}

/** How one connection ended: go on (reconnect) or stop with an exit status. */
type Outcome = { retry: true; opened: boolean } | { retry: false; status: number };

class EventPrinter {
  /** resume point: the last seq printed, or announced by a live/heartbeat message or a close reason */
  lastSeq: number | undefined;
  printed = 0;

  constructor(private readonly opts: Options, private readonly out: EventsOutput, private readonly signal: AbortSignal) {
    this.lastSeq = opts.request.since;
  }

  private requestUrl(): URL {
    const url = new URL(this.opts.target.url);
    url.search = requestToQuery({ ...this.opts.request, since: this.lastSeq }).toString();
    return url;
  }

  /** One connection: prints until it closes, the count is reached or the signal fires. */
  connectOnce(): Promise<Outcome> {
    const { target } = this.opts;
    const headers: Record<string, string> = {};
    if (target.user !== undefined) headers.authorization = `Basic ${Buffer.from(target.user).toString('base64')}`;
    const ws = new WebSocket(this.requestUrl(), { headers, ca: target.ca, cert: target.cert, key: target.key, perMessageDeflate: false });
    return new Promise<Outcome>((resolve) => {
      let opened = false;
      let outcome: Outcome | null = null;
      const finish = (o: Outcome) => {
        outcome ??= o;
      };
      const onAbort = () => {
        finish({ retry: false, status: 0 });
        ws.close(1000, 'done');
      };
      this.signal.addEventListener('abort', onAbort, { once: true });

      ws.on('open', () => {
        opened = true;
      });
      ws.on('unexpected-response', (_req, res) => {
        let body = '';
        res.setEncoding('utf8');
        res.on('data', (d: string) => (body += d));
        res.on('end', () => {
          let text = body;
          try {
            text = (JSON.parse(body) as { text?: string }).text ?? body;
          } catch {
            // not Kea's JSON shape: show it as it came
          }
          const status = res.statusCode ?? 0;
          this.out.stderr(`dhcp6-agent events: the agent refused the stream: HTTP ${status} ${text}${status === 401 ? ' (give --user USER:PASSWORD)' : ''}\n`);
          // 5xx: the agent is stopping or in trouble, try again; anything else will not change
          finish(status >= 500 ? { retry: true, opened: false } : { retry: false, status: 1 });
          ws.terminate();
        });
      });
      ws.on('message', (data) => this.onMessage(String(data), ws, finish));
      ws.on('error', (err: NodeJS.ErrnoException) => {
        if (!opened && !outcome) this.out.stderr(`dhcp6-agent events: cannot reach ${target.url.href}: ${err.code ?? err.message}\n`);
      });
      ws.on('close', (code, reasonBuf) => {
        this.signal.removeEventListener('abort', onAbort);
        const reason = reasonBuf.toString('utf8');
        const resume = resumeSeqOf(reason);
        if (resume !== undefined && (this.lastSeq === undefined || resume > this.lastSeq)) this.lastSeq = resume;
        if (!outcome) {
          if (code === CLOSE_CODE.RESYNC_REQUIRED || code === CLOSE_CODE.BAD_SUBSCRIPTION) {
            this.out.stderr(`dhcp6-agent events: the agent ended the stream (${code}): ${reason}\n`);
            finish({ retry: false, status: 1 });
          } else {
            if (opened) this.out.stderr(`dhcp6-agent events: the stream closed (${code}${reason ? ` ${reason}` : ''}); reconnecting\n`);
            finish({ retry: true, opened });
          }
        }
        resolve(outcome as Outcome);
      });
    });
  }

  private onMessage(text: string, ws: WebSocket, finish: (o: Outcome) => void): void {
    // messages already on their way after the count was reached or a signal came are not printed
    if (this.signal.aborted || (this.opts.count !== undefined && this.printed >= this.opts.count)) return;
    let msg: { type?: unknown; seq?: unknown; text?: unknown; lease?: unknown };
    try {
      msg = JSON.parse(text) as typeof msg;
    } catch {
      return;
    }
    const seq = typeof msg.seq === 'number' ? msg.seq : undefined;
    if (msg.lease !== undefined && seq !== undefined) {
      if (this.lastSeq !== undefined && seq <= this.lastSeq) return;
      this.out.stdout(`${text}\n`);
      this.lastSeq = seq;
      this.printed++;
      if (this.opts.count !== undefined && this.printed >= this.opts.count) {
        finish({ retry: false, status: 0 });
        ws.close(1000, 'done');
      }
      return;
    }
    if (msg.type === 'error') {
      this.out.stderr(`dhcp6-agent events: ${String(msg.text)}\n`);
      return;
    }
    // live / heartbeat: every matching event up to seq was sent
    if (seq !== undefined && (this.lastSeq === undefined || seq > this.lastSeq)) this.lastSeq = seq;
  }
}

function sleep(ms: number, signal: AbortSignal): Promise<void> {
  return new Promise((resolve) => {
    if (signal.aborted) return resolve();
    const t = setTimeout(done, ms);
    function done() {
      clearTimeout(t);
      signal.removeEventListener('abort', done);
      resolve();
    }
    signal.addEventListener('abort', done, { once: true });
  });
}

/**
 * Runs `events` with the arguments after the word "events"; resolves to the exit status.
 * Without `signal` it stops on SIGINT/SIGTERM.
 */
export async function runEvents(argv: string[], out: EventsOutput = PROCESS_OUTPUT, signal?: AbortSignal): Promise<number> {
  if (argv.includes('--help') || argv.includes('-h')) {
    out.stdout(EVENTS_USAGE);
    return 0;
  }
  let opts: Options;
  try {
    opts = await parse(argv);
  } catch (err) {
    if (!(err instanceof UsageError)) throw err;
    out.stderr(`dhcp6-agent events: ${err.message}\n\n${EVENTS_USAGE}`);
    return 2;
  }
  const stop = new AbortController();
  const onSignal = () => stop.abort();
  if (signal) {
    if (signal.aborted) return 0;
    signal.addEventListener('abort', onSignal, { once: true });
  } else {
    process.once('SIGINT', onSignal);
    process.once('SIGTERM', onSignal);
  }
  // `events | head -1`: a closed pipe ends the stream like a signal, not with an EPIPE crash
  if (out === PROCESS_OUTPUT) process.stdout.on('error', onSignal);
  try {
    const printer = new EventPrinter(opts, out, stop.signal);
    let delay = FIRST_RETRY_MS;
    for (;;) {
      const outcome = await printer.connectOnce();
      if (!outcome.retry) return outcome.status;
      if (stop.signal.aborted) return 0;
      if (outcome.opened) delay = FIRST_RETRY_MS;
      await sleep(delay, stop.signal);
      if (stop.signal.aborted) return 0;
      delay = Math.min(delay * 2, MAX_RETRY_MS);
    }
  } finally {
    signal?.removeEventListener('abort', onSignal);
    process.off('SIGINT', onSignal);
    process.off('SIGTERM', onSignal);
    process.stdout.off('error', onSignal);
  }
}
