// Kea's unix control socket: a client writes a JSON command and reads the JSON answer; the
// agent closes the connection once it has answered everything sent (as Kea does), so
// `socat`/`nc -U` style clients that read until EOF work unchanged. Several commands
// written back to back on one connection are answered in order. The socket file is made
// 0600 by default; a stale one left by a crashed run is replaced, a live one is an error.

import { lstat, unlink, chmod } from 'node:fs/promises';
import net from 'node:net';
import type { CommandProcessor } from '../commands/processor.js';
import type { CommandAnswer } from '../commands/types.js';
import { JsonValueSplitter } from './json-stream.js';

export interface UnixControlSocketOptions {
  path: string;
  /** file mode of the socket; 0o600 by default */
  mode?: number;
  processor: Pick<CommandProcessor, 'handle'>;
  log: { debug(obj: object, msg: string): void; warn(obj: object, msg: string): void; error(obj: object, msg: string): void };
  /** longest command accepted, in characters (default 64 MiB: config-set carries whole configurations) */
  maxCommandChars?: number;
  /** a connection with nothing sent, or a command left half-written, for this long is closed (Kea: 10 s) */
  idleTimeoutMs?: number;
  /** after the last answer, how long to wait for another command before closing (default 50 ms) */
  lingerMs?: number;
}

const DEFAULT_MAX_CHARS = 64 * 1024 * 1024;
const DEFAULT_IDLE_MS = 10_000;
const DEFAULT_LINGER_MS = 50;
const STOP_GRACE_MS = 2_000;

export class ControlSocketInUseError extends Error {
  constructor(readonly path: string) {
    super(`control socket ${path} is in use: another process answers on it`);
    this.name = 'ControlSocketInUseError';
  }
}

/** Removes a stale socket file; refuses a live socket or a file that is not a socket. */
async function clearSocketPath(path: string): Promise<void> {
  let st;
  try {
    st = await lstat(path);
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') return;
    throw err;
  }
  if (!st.isSocket()) throw new Error(`control socket path ${path} exists and is not a socket: refusing to replace it`);
  const live = await new Promise<boolean>((resolve) => {
    const probe = net.connect(path);
    probe.once('connect', () => {
      probe.destroy();
      resolve(true);
    });
    probe.once('error', () => resolve(false));
  });
  if (live) throw new ControlSocketInUseError(path);
  await unlink(path).catch((err: NodeJS.ErrnoException) => {
    if (err.code !== 'ENOENT') throw err;
  });
}

export class UnixControlSocket {
  private server: net.Server | null = null;
  private readonly connections = new Set<Connection>();
  private inode: number | null = null;

  constructor(private readonly opts: UnixControlSocketOptions) {}

  get path(): string {
    return this.opts.path;
  }

  /** Listens; rejects with ControlSocketInUseError when another process serves the path. */
  async start(): Promise<void> {
    if (this.server) throw new Error(`control socket ${this.opts.path} is already started`);
    const { path } = this.opts;
    const mode = this.opts.mode ?? 0o600;
    await clearSocketPath(path);
    const server = net.createServer({ allowHalfOpen: true }, (socket) => {
      const conn = new Connection(socket, this.opts, () => this.connections.delete(conn));
      this.connections.add(conn);
    });
    await new Promise<void>((resolve, reject) => {
      server.once('error', reject);
      // The socket file is created by bind() inside listen(); a umask keeps it private from
      // its first moment (worker threads cannot change the umask: there chmod alone applies).
      const restore = safeUmask(~mode & 0o777);
      try {
        server.listen(path, () => {
          server.off('error', reject);
          resolve();
        });
      } finally {
        if (restore !== null) safeUmask(restore);
      }
    });
    server.on('error', (err) => this.opts.log.error({ err, path }, 'control socket error'));
    await chmod(path, mode);
    this.inode = (await lstat(path)).ino;
    this.server = server;
  }

  /** Stops accepting, lets answers in progress finish (briefly), closes the rest, removes the file. */
  async stop(): Promise<void> {
    const server = this.server;
    if (!server) return;
    this.server = null;
    const closed = new Promise<void>((resolve) => server.close(() => resolve()));
    await Promise.all([...this.connections].map((c) => c.finish(STOP_GRACE_MS)));
    await closed;
    // Remove the file only if it is still ours (a new agent may already have replaced it).
    try {
      if ((await lstat(this.opts.path)).ino === this.inode) await unlink(this.opts.path);
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code !== 'ENOENT') throw err;
    }
  }
}

function safeUmask(mask: number): number | null {
  try {
    return process.umask(mask);
  } catch {
    return null;
  }
}

/** One client connection: commands in, answers out in the same order. */
class Connection {
  private readonly splitter: JsonValueSplitter;
  private queue: Promise<void> = Promise.resolve();
  private inFlight = 0;
  private clientEnded = false;
  private lingerTimer: NodeJS.Timeout | null = null;
  private closing = false;

  constructor(
    private readonly socket: net.Socket,
    private readonly opts: UnixControlSocketOptions,
    onClose: () => void,
  ) {
    this.splitter = new JsonValueSplitter(opts.maxCommandChars ?? DEFAULT_MAX_CHARS);
    socket.setTimeout(opts.idleTimeoutMs ?? DEFAULT_IDLE_MS);
    socket.on('data', (chunk: Buffer) => this.onData(chunk));
    socket.on('end', () => this.onEnd());
    socket.on('timeout', () => this.onTimeout());
    socket.on('error', (err) => opts.log.debug({ err }, 'control connection error'));
    socket.on('close', () => {
      this.clearLinger();
      onClose();
    });
  }

  private onData(chunk: Buffer): void {
    // Data after the agent closed its side (the client wrote past the linger time) has nobody to answer to.
    if (this.socket.writableEnded) return;
    this.clearLinger();
    for (const item of this.splitter.push(chunk)) {
      if ('error' in item) this.enqueue(async () => ({ result: 1, text: item.error }));
      else this.enqueue(() => this.answer(item.text));
    }
  }

  private async answer(text: string): Promise<CommandAnswer> {
    let request: unknown;
    try {
      request = JSON.parse(text);
    } catch (err) {
      return { result: 1, text: `invalid JSON: ${(err as Error).message}` };
    }
    return this.opts.processor.handle(request);
  }

  private enqueue(produce: () => Promise<CommandAnswer>): void {
    this.inFlight++;
    this.queue = this.queue.then(async () => {
      let answer: CommandAnswer;
      try {
        answer = await produce();
      } catch (err) {
        // The processor never throws; this guards the connection if it ever did.
        this.opts.log.error({ err }, 'command processing failed');
        answer = { result: 1, text: 'Error during command processing: internal error' };
      }
      if (!this.socket.writableEnded) this.socket.write(`${JSON.stringify(answer)}\n`);
      this.inFlight--;
      this.afterAnswer();
    });
  }

  /** Kea closes after answering; a client sending more commands back to back gets them answered first. */
  private afterAnswer(): void {
    if (this.inFlight > 0) return;
    if (this.splitter.broken || this.clientEnded || this.closing) {
      this.socket.end();
      return;
    }
    if (this.splitter.pendingChars > 0) return;
    this.lingerTimer = setTimeout(() => this.socket.end(), this.opts.lingerMs ?? DEFAULT_LINGER_MS);
  }

  private onEnd(): void {
    this.clientEnded = true;
    if (this.splitter.pendingChars > 0 && !this.splitter.broken) {
      this.enqueue(async () => ({ result: 1, text: 'incomplete command: the connection was closed before the JSON value ended' }));
      return;
    }
    if (this.inFlight === 0) this.socket.end();
  }

  private onTimeout(): void {
    if (this.inFlight > 0) return;
    if (this.socket.writableEnded) {
      // answered and ended, but the client never closed its side
      this.socket.destroy();
      return;
    }
    const partial = this.splitter.pendingChars;
    if (partial > 0) {
      this.socket.end(`${JSON.stringify({ result: 1, text: `Connection over control channel timed out, discarded partial command of ${partial} characters` })}\n`);
    } else {
      this.socket.end();
    }
  }

  private clearLinger(): void {
    if (this.lingerTimer) clearTimeout(this.lingerTimer);
    this.lingerTimer = null;
  }

  /** Ends the connection once answers in progress are written, or after `graceMs` at the latest. */
  finish(graceMs: number): Promise<void> {
    this.closing = true;
    if (this.socket.destroyed) return Promise.resolve();
    return new Promise((resolve) => {
      const timer = setTimeout(() => this.socket.destroy(), graceMs);
      this.socket.once('close', () => {
        clearTimeout(timer);
        resolve();
      });
      if (this.inFlight === 0) this.socket.end();
    });
  }
}
