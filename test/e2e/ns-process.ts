// Processes started inside a network namespace (`ip netns exec NS cmd …`), tracked by PID so the
// harness can always stop them, with helpers to wait for output and exit.

import { spawn, type ChildProcess } from 'node:child_process';

export interface SpawnInNsOptions {
  /** added to (and overriding) the test process's environment */
  env?: NodeJS.ProcessEnv;
  cwd?: string;
}

export interface NsExit {
  code: number | null;
  signal: NodeJS.Signals | null;
}

/** Every process spawned and not yet seen exiting, by PID, for teardown and the exit handler. */
export const liveProcesses = new Map<number, NsProcess>();

const MAX_KEPT_OUTPUT = 4 * 1024 * 1024;

export class NsProcess {
  readonly pid: number;
  stdout = '';
  stderr = '';
  /** set once the process has exited */
  exit: NsExit | null = null;
  private readonly exited: Promise<NsExit>;
  private readonly listeners = new Set<() => void>();

  constructor(
    readonly ns: string,
    readonly command: string,
    readonly args: readonly string[],
    readonly child: ChildProcess,
  ) {
    if (child.pid === undefined) throw new Error(`could not start '${command}' in namespace ${ns}`);
    this.pid = child.pid;
    child.stdout?.setEncoding('utf8').on('data', (s: string) => {
      this.stdout = (this.stdout + s).slice(-MAX_KEPT_OUTPUT);
      this.notify();
    });
    child.stderr?.setEncoding('utf8').on('data', (s: string) => {
      this.stderr = (this.stderr + s).slice(-MAX_KEPT_OUTPUT);
      this.notify();
    });
    this.exited = new Promise((resolve) => {
      // 'close' (not 'exit') so that all output has been read when waiters are told.
      child.once('close', (code, signal) => {
        this.exit = { code, signal };
        liveProcesses.delete(this.pid);
        this.notify();
        resolve(this.exit);
      });
      child.once('error', (err) => {
        this.stderr += `\n[spawn error] ${err.message}`;
        this.exit ??= { code: null, signal: null };
        liveProcesses.delete(this.pid);
        this.notify();
        resolve(this.exit);
      });
    });
    liveProcesses.set(this.pid, this);
  }

  private notify(): void {
    for (const l of this.listeners) l();
  }

  /** What to show when something went wrong: the command and the tail of its output. */
  describe(): string {
    const tail = (s: string): string => (s.length > 2000 ? '…' + s.slice(-2000) : s);
    return `'${[this.command, ...this.args].join(' ')}' in ${this.ns} (pid ${this.pid}, exit ${JSON.stringify(this.exit)})\n` +
      `--- stdout ---\n${tail(this.stdout)}\n--- stderr ---\n${tail(this.stderr)}`;
  }

  /** Length of output seen so far; pass as `since` to wait only for what comes after. */
  mark(stream: 'stdout' | 'stderr' = 'stdout'): number {
    return this[stream].length;
  }

  /**
   * Resolves with the first match of `pattern` in the stream (from offset `since`); rejects,
   * with the process's output, on timeout or when the process exits without printing it.
   */
  waitForOutput(
    pattern: string | RegExp,
    opts: { stream?: 'stdout' | 'stderr'; since?: number; timeoutMs?: number } = {},
  ): Promise<RegExpExecArray> {
    const stream = opts.stream ?? 'stdout';
    const since = opts.since ?? 0;
    const timeoutMs = opts.timeoutMs ?? 10_000;
    const re = typeof pattern === 'string' ? new RegExp(pattern.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')) : pattern;
    return new Promise((resolve, reject) => {
      const check = (): void => {
        const m = re.exec(this[stream].slice(since));
        if (m) {
          done();
          resolve(m);
        } else if (this.exit) {
          done();
          reject(new Error(`process exited before printing ${re}: ${this.describe()}`));
        }
      };
      const timer = setTimeout(() => {
        done();
        reject(new Error(`timed out after ${timeoutMs} ms waiting for ${re}: ${this.describe()}`));
      }, timeoutMs);
      const done = (): void => {
        clearTimeout(timer);
        this.listeners.delete(check);
      };
      this.listeners.add(check);
      check();
    });
  }

  /** Resolves when the process exits; rejects after timeoutMs (the process is left running). */
  waitForExit(timeoutMs = 30_000): Promise<NsExit> {
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`timed out after ${timeoutMs} ms waiting for exit: ${this.describe()}`)), timeoutMs);
      void this.exited.then((e) => {
        clearTimeout(timer);
        resolve(e);
      });
    });
  }

  /** Writes to the process's stdin. */
  write(text: string): void {
    this.child.stdin?.write(text);
  }

  /** SIGTERM, then SIGKILL if it has not exited within graceMs. */
  async stop(graceMs = 3000): Promise<NsExit> {
    if (this.exit) return this.exit;
    this.signal('SIGTERM');
    const timer = setTimeout(() => this.signal('SIGKILL'), graceMs);
    const e = await this.exited;
    clearTimeout(timer);
    return e;
  }

  signal(sig: NodeJS.Signals): void {
    if (this.exit) return;
    try {
      process.kill(this.pid, sig);
    } catch {
      // ESRCH: it exited between the check and the signal.
    }
  }
}

/** Runs `cmd args…` inside namespace `ns`. `ip netns exec` execs the command, so the PID is the command's own. */
export function spawnInNs(ns: string, cmd: string, args: readonly string[] = [], opts: SpawnInNsOptions = {}): NsProcess {
  const child = spawn('ip', ['netns', 'exec', ns, cmd, ...args], {
    env: { ...process.env, ...opts.env },
    cwd: opts.cwd,
    stdio: ['pipe', 'pipe', 'pipe'],
  });
  // A failed spawn (no `ip`) is reported through NsProcess; never as an unhandled 'error' event.
  child.on('error', () => undefined);
  return new NsProcess(ns, cmd, args, child);
}
