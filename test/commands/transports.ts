// Both control sockets started on one processor, and a client for each, so a command test
// can send the same request over the unix socket and over HTTP.

import { mkdtemp, rm } from 'node:fs/promises';
import net from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { CommandProcessor } from '../../src/commands/processor.js';
import type { CommandAnswer } from '../../src/commands/types.js';
import { HttpControlSocket } from '../../src/transport/http.js';
import { UnixControlSocket } from '../../src/transport/unix.js';
import { recordingLog } from './test-agent.js';

export type Via = 'unix' | 'http';
export const TRANSPORTS: readonly Via[] = ['unix', 'http'];

/** Sends raw bytes on a unix socket and returns everything read until the agent closes. */
export function unixExchange(path: string, payload: string | Buffer): Promise<string> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    const c = net.createConnection(path, () => c.write(payload));
    c.on('data', (d) => chunks.push(d));
    c.on('end', () => resolve(Buffer.concat(chunks).toString('utf8')));
    c.on('error', reject);
  });
}

export interface RunningTransports {
  send(via: Via, request: unknown): Promise<CommandAnswer>;
  readonly socketPath: string;
  readonly httpUrl: string;
  stop(): Promise<void>;
}

export async function startTransports(processor: CommandProcessor): Promise<RunningTransports> {
  const dir = await mkdtemp(join(tmpdir(), 'd6ctl-'));
  const socketPath = join(dir, 'control.sock');
  const unix = new UnixControlSocket({ path: socketPath, processor, log: recordingLog() });
  const http = new HttpControlSocket({
    config: { socketType: 'http', socketAddress: '127.0.0.1', socketPort: 0, certRequired: false },
    processor,
    log: recordingLog(),
  });
  await unix.start();
  await http.start();
  const httpUrl = `http://127.0.0.1:${http.address().port}/`;
  return {
    socketPath,
    httpUrl,
    async send(via, request) {
      if (via === 'unix') return JSON.parse(await unixExchange(socketPath, JSON.stringify(request))) as CommandAnswer;
      const r = await fetch(httpUrl, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(request) });
      if (r.status !== 200) throw new Error(`HTTP ${r.status}: ${await r.text()}`);
      return (await r.json()) as CommandAnswer;
    },
    async stop() {
      await unix.stop();
      await http.stop();
      await rm(dir, { recursive: true, force: true });
    },
  };
}
