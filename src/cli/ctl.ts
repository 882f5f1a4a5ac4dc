// `dhcp6-agent ctl COMMAND [ARGS-JSON] [where]`: sends one command to a running agent over
// its unix control socket or HTTP(S), prints the answer, and exits non-zero unless the
// result is 0 (success) or 3 (nothing found) — usable from scripts as Kea's tools are.

import { readFileSync, readdirSync, statSync } from 'node:fs';
import http from 'node:http';
import https from 'node:https';
import net from 'node:net';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { loadConfigFile } from '../config/parse-config.js';
import { ConfigError, type ControlSocketConfig } from '../config/types.js';
import { JsonValueSplitter } from '../transport/json-stream.js';

export const CTL_USAGE = `usage: dhcp6-agent ctl COMMAND [ARGS-JSON] [options]

Sends COMMAND (with ARGS-JSON, a JSON object, as its arguments) to a running agent and
prints the answer. Exits 0 when the result is 0 (success) or 3 (nothing found), 1 otherwise,
2 on a usage error.

Where the agent listens (one of):
  --socket PATH        its unix control socket
  --url URL            its HTTP control socket (http://127.0.0.1:8000/ or https://…)
  --config FILE        its configuration file: the first control socket there is used
HTTP options:
  --user USER:PASSWORD basic authentication (with --config: the first client configured)
  --ca FILE            CA certificate(s) to verify the agent with (with --config: its trust-anchor)
  --cert FILE --key FILE  client certificate and key, for cert-required sockets
  --timeout SECONDS    how long to wait for the answer (default 60)
`;

export interface CtlOutput {
  stdout(text: string): void;
  stderr(text: string): void;
}

const PROCESS_OUTPUT: CtlOutput = {
  stdout: (t) => process.stdout.write(t),
  stderr: (t) => process.stderr.write(t),
};

class UsageError extends Error {}

type Target =
  | { kind: 'unix'; path: string }
  | { kind: 'http'; url: URL; user?: string; ca?: Buffer[]; cert?: Buffer; key?: Buffer };

interface Request {
  command: string;
  arguments?: Record<string, unknown>;
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

function urlOf(socket: Extract<ControlSocketConfig, { socketType: 'http' }>): URL {
  const host = socket.socketAddress.includes(':') ? `[${socket.socketAddress}]` : socket.socketAddress;
  return new URL(`${socket.certFile ? 'https' : 'http'}://${host}:${socket.socketPort}/`);
}

async function targetFromConfig(file: string, values: Record<string, string | undefined>): Promise<Target> {
  let sockets: ControlSocketConfig[];
  try {
    sockets = (await loadConfigFile(file)).controlSockets;
  } catch (err) {
    if (err instanceof ConfigError) throw new UsageError(`${file}: ${err.message}`);
    throw err;
  }
  const socket = sockets.find((s) => s.socketType === 'unix') ?? sockets[0];
  if (!socket) throw new UsageError(`${file} configures no control socket`);
  if (socket.socketType === 'unix') return { kind: 'unix', path: socket.socketName };
  const client = socket.authentication?.clients[0];
  return {
    kind: 'http',
    url: urlOf(socket),
    user: values.user ?? (client ? `${client.user}:${client.password}` : undefined),
    ca: values.ca ? readCa(values.ca) : socket.trustAnchor ? readCa(socket.trustAnchor) : undefined,
    cert: values.cert ? readOption('certificate', values.cert) : undefined,
    key: values.key ? readOption('key', values.key) : undefined,
  };
}

async function parse(argv: string[]): Promise<{ request: Request; target: Target; timeoutMs: number }> {
  let parsed;
  try {
    parsed = parseArgs({
      args: argv,
      allowPositionals: true,
      options: {
        socket: { type: 'string' },
        url: { type: 'string' },
        config: { type: 'string', short: 'c' },
        user: { type: 'string' },
        ca: { type: 'string' },
        cert: { type: 'string' },
        key: { type: 'string' },
        timeout: { type: 'string' },
      },
    });
  } catch (err) {
    throw new UsageError((err as Error).message);
  }
  const { values, positionals } = parsed;
  if (positionals.length === 0) throw new UsageError('COMMAND is missing');
  if (positionals.length > 2) throw new UsageError(`unexpected ${positionals.slice(2).join(' ')}: give ARGS-JSON as one argument`);
  const request: Request = { command: positionals[0] };
  if (positionals[1] !== undefined) {
    let args: unknown;
    try {
      args = JSON.parse(positionals[1]);
    } catch (err) {
      throw new UsageError(`ARGS-JSON is not valid JSON: ${(err as Error).message}`);
    }
    if (typeof args !== 'object' || args === null || Array.isArray(args)) throw new UsageError('ARGS-JSON must be a JSON object');
    request.arguments = args as Record<string, unknown>;
  }
  const where = [values.socket, values.url, values.config].filter((v) => v !== undefined);
  if (where.length !== 1) throw new UsageError('say where the agent listens with exactly one of --socket, --url, --config');
  if ((values.cert === undefined) !== (values.key === undefined)) throw new UsageError('--cert and --key go together');
  const timeout = values.timeout === undefined ? 60 : Number(values.timeout);
  if (!(timeout > 0)) throw new UsageError('--timeout must be a positive number of seconds');

  let target: Target;
  if (values.socket !== undefined) {
    target = { kind: 'unix', path: values.socket };
  } else if (values.url !== undefined) {
    let url: URL;
    try {
      url = new URL(values.url);
    } catch {
      throw new UsageError(`--url ${values.url} is not a URL`);
    }
    if (url.protocol !== 'http:' && url.protocol !== 'https:') throw new UsageError('--url must be http:// or https://');
    const fromUrl = url.username ? `${decodeURIComponent(url.username)}:${decodeURIComponent(url.password)}` : undefined;
    url.username = '';
    url.password = '';
    target = {
      kind: 'http',
      url,
      user: values.user ?? fromUrl,
      ca: values.ca ? readCa(values.ca) : undefined,
      cert: values.cert ? readOption('certificate', values.cert) : undefined,
      key: values.key ? readOption('key', values.key) : undefined,
    };
  } else {
    target = await targetFromConfig(values.config as string, values);
  }
  return { request, target, timeoutMs: timeout * 1000 };
}

/** Writes the command and reads one JSON answer (the agent closes after it). */
function sendUnix(path: string, request: Request, timeoutMs: number): Promise<unknown> {
  return new Promise((resolve, reject) => {
    const splitter = new JsonValueSplitter(Number.MAX_SAFE_INTEGER);
    const socket = net.createConnection(path, () => socket.write(JSON.stringify(request)));
    socket.setTimeout(timeoutMs, () => socket.destroy(new Error(`no answer within ${timeoutMs / 1000} s`)));
    let done = false;
    socket.on('data', (chunk: Buffer) => {
      for (const item of splitter.push(chunk)) {
        if (done) return;
        done = true;
        socket.end();
        if ('error' in item) reject(new Error(`the agent answered something that is not JSON: ${item.error}`));
        else resolve(JSON.parse(item.text));
      }
    });
    socket.on('end', () => {
      if (!done) reject(new Error('the agent closed the connection without answering'));
    });
    socket.on('error', (err: NodeJS.ErrnoException) => {
      if (!done) reject(new Error(`cannot talk to the agent at ${path}: ${err.code ?? err.message}`));
    });
  });
}

function sendHttp(target: Extract<Target, { kind: 'http' }>, request: Request, timeoutMs: number): Promise<unknown> {
  const body = JSON.stringify(request);
  const headers: Record<string, string | number> = { 'content-type': 'application/json', 'content-length': Buffer.byteLength(body) };
  if (target.user !== undefined) headers.authorization = `Basic ${Buffer.from(target.user).toString('base64')}`;
  const tls = target.url.protocol === 'https:' ? { ca: target.ca, cert: target.cert, key: target.key } : {};
  const lib = target.url.protocol === 'https:' ? https : http;
  return new Promise((resolve, reject) => {
    const req = lib.request(target.url, { method: 'POST', headers, timeout: timeoutMs, ...tls }, (res) => {
      let text = '';
      res.setEncoding('utf8');
      res.on('data', (d: string) => (text += d));
      res.on('end', () => {
        let answer: unknown;
        try {
          answer = JSON.parse(text);
        } catch {
          reject(new Error(`HTTP ${res.statusCode}: the agent answered something that is not JSON: ${text.slice(0, 200)}`));
          return;
        }
        if (res.statusCode === 401) reject(new Error('HTTP 401: the agent refused the credentials (give --user USER:PASSWORD)'));
        else resolve(answer);
      });
    });
    req.on('timeout', () => req.destroy(new Error(`no answer within ${timeoutMs / 1000} s`)));
    req.on('error', (err: NodeJS.ErrnoException) => reject(new Error(`cannot talk to the agent at ${target.url.href}: ${err.code ?? err.message}`)));
    req.end(body);
  });
}

/** The exit status for an answer: Kea's success (0) and empty (3) are fine, anything else is not. */
function exitStatus(answer: unknown): number {
  const first = Array.isArray(answer) ? answer[0] : answer;
  const result = (first as { result?: unknown } | null)?.result;
  return result === 0 || result === 3 ? 0 : 1;
}

/** Runs `ctl` with the arguments after the word "ctl"; resolves to the exit status. */
export async function runCtl(argv: string[], out: CtlOutput = PROCESS_OUTPUT): Promise<number> {
  if (argv.includes('--help') || argv.includes('-h')) {
    out.stdout(CTL_USAGE);
    return 0;
  }
  let parsed;
  try {
    parsed = await parse(argv);
  } catch (err) {
    if (!(err instanceof UsageError)) throw err;
    out.stderr(`dhcp6-agent ctl: ${err.message}\n\n${CTL_USAGE}`);
    return 2;
  }
  const { request, target, timeoutMs } = parsed;
  let answer: unknown;
  try {
    answer = target.kind === 'unix' ? await sendUnix(target.path, request, timeoutMs) : await sendHttp(target, request, timeoutMs);
  } catch (err) {
    out.stderr(`dhcp6-agent ctl: ${(err as Error).message}\n`);
    return 1;
  }
  out.stdout(`${JSON.stringify(answer, null, 2)}\n`);
  return exitStatus(answer);
}
