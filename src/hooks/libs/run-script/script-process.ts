// Runs the script: one process per call, argv[1] the hook point (or load/unload), an
// environment of KEA_* variables only, its output into the agent's log line by line, and
// a timeout after which its process group is killed. A bound on concurrent processes
// keeps a burst of packets from forking without limit.

import { spawn } from 'node:child_process';
import type { Readable } from 'node:stream';
import type { HookLogger } from '../../library-api.js';

export interface ScriptResult {
  /** true when the script exited with status 0 */
  ok: boolean;
  /** why it failed: "exited with code 3", "timed out after 5000 ms", "could not start: …" */
  failure?: string;
}

export interface RunOptions {
  timeoutMs: number;
  log: HookLogger;
}

/** After SIGTERM at the timeout, how long the script gets before SIGKILL. */
const KILL_GRACE_MS = 1000;
/** After the script exits, how long its output may take to drain. */
const CLOSE_GRACE_MS = 1000;
/** Longer output lines are cut: a runaway script must not fill memory through one line. */
const MAX_LINE = 4096;

export function runScript(file: string, argument: string, env: Record<string, string>, options: RunOptions): Promise<ScriptResult> {
  const { log, timeoutMs } = options;
  return new Promise<ScriptResult>((resolve) => {
    let settled = false;
    let timedOut = false;
    let killTimer: NodeJS.Timeout | undefined;
    const finish = (result: ScriptResult) => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      // After a timeout the SIGKILL still comes: the script may have died of the SIGTERM
      // while something it started ignores it (ESRCH once the group is gone is harmless).
      if (!timedOut) clearTimeout(killTimer);
      resolve(result);
    };
    // detached: the script leads its own process group, so a timeout kills what it started too.
    const child = spawn(file, [argument], { env, stdio: ['ignore', 'pipe', 'pipe'], detached: true });
    const signalGroup = (signal: NodeJS.Signals) => {
      try {
        if (child.pid !== undefined) process.kill(-child.pid, signal);
      } catch {
        // already gone
      }
    };
    const timer = setTimeout(() => {
      timedOut = true;
      signalGroup('SIGTERM');
      killTimer = setTimeout(() => signalGroup('SIGKILL'), KILL_GRACE_MS);
      killTimer.unref();
    }, timeoutMs);

    const scriptLog = log.child({ script: file, argument });
    forwardLines(child.stdout, (line) => scriptLog.info({ pid: child.pid, stream: 'stdout' }, line));
    forwardLines(child.stderr, (line) => scriptLog.warn({ pid: child.pid, stream: 'stderr' }, line));

    let exited: ScriptResult | undefined;
    child.on('error', (err) => finish({ ok: false, failure: `could not start: ${err.message}` }));
    child.on('exit', (code, signal) => {
      if (timedOut) exited = { ok: false, failure: `timed out after ${timeoutMs} ms` };
      else if (code === 0) exited = { ok: true };
      else if (code !== null) exited = { ok: false, failure: `exited with code ${code}` };
      else exited = { ok: false, failure: `killed by ${signal}` };
      // Normally 'close' follows once the output is read; a background process the script
      // left holding its stdout must not hold the caller.
      const result = exited;
      setTimeout(() => finish(result), CLOSE_GRACE_MS).unref();
    });
    child.on('close', () => {
      if (exited) finish(exited);
    });
  });
}

function forwardLines(stream: Readable | null, emit: (line: string) => void): void {
  if (stream === null) return;
  stream.setEncoding('utf8');
  let pending = '';
  stream.on('data', (chunk: string) => {
    pending += chunk;
    let newline: number;
    while ((newline = pending.indexOf('\n')) >= 0) {
      emit(pending.slice(0, Math.min(newline, MAX_LINE)));
      pending = pending.slice(newline + 1);
    }
    if (pending.length > MAX_LINE) {
      emit(pending.slice(0, MAX_LINE));
      pending = '';
    }
  });
  stream.on('end', () => {
    if (pending !== '') emit(pending);
  });
}

/**
 * At most `limit` scripts at once; further calls wait in a queue of at most `queueLimit`.
 * Beyond it, and after close(), a call is refused: it resolves as a failure at once.
 */
export class ScriptSlots {
  private running = 0;
  private readonly queue: { start: () => void; refuse: () => void }[] = [];
  private closed = false;

  constructor(readonly limit: number, readonly queueLimit: number) {}

  run(task: () => Promise<ScriptResult>): Promise<ScriptResult> {
    if (this.closed) return Promise.resolve({ ok: false, failure: 'not run: the library is unloading' });
    if (this.running < this.limit) return this.start(task);
    if (this.queue.length >= this.queueLimit) {
      return Promise.resolve({ ok: false, failure: `not run: ${this.limit} scripts running and ${this.queueLimit} waiting` });
    }
    return new Promise<ScriptResult>((resolve) => {
      this.queue.push({
        start: () => void this.start(task).then(resolve),
        refuse: () => resolve({ ok: false, failure: 'not run: the library unloaded first' }),
      });
    });
  }

  /** Refuses new calls and queued ones; running scripts finish. Returns how many were queued. */
  close(): number {
    this.closed = true;
    const queued = this.queue.splice(0);
    for (const entry of queued) entry.refuse();
    return queued.length;
  }

  private async start(task: () => Promise<ScriptResult>): Promise<ScriptResult> {
    this.running++;
    try {
      return await task();
    } catch (err) {
      return { ok: false, failure: `could not start: ${err instanceof Error ? err.message : String(err)}` };
    } finally {
      this.running--;
      this.queue.shift()?.start();
    }
  }
}
