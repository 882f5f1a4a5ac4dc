// run-script's timeout (docs/hooks.md): "the script's process group gets SIGTERM, and SIGKILL a
// second later". The SIGKILL must come even when the script itself dies of the SIGTERM: a process
// it started that ignores SIGTERM (and does not hold the script's output open) is otherwise left
// running after the timeout.

import { chmodSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { runScript } from '../../src/hooks/libs/run-script/script-process.js';
import { RecordingLogger } from './recording-logger.js';

let dir: string;
let stubborn: number | undefined;

beforeAll(() => {
  dir = mkdtempSync(path.join(os.tmpdir(), 'hooks-script-kill-'));
});

afterAll(() => {
  try {
    if (stubborn !== undefined) process.kill(stubborn, 'SIGKILL');
  } catch {
    // gone, as it should be
  }
  rmSync(dir, { recursive: true, force: true });
});

/** Running: exists and is not a zombie (an orphan waits for PID 1 to reap it, which may take a while). */
function alive(pid: number): boolean {
  try {
    return !/^\d+ \(.*\) Z/.test(readFileSync(`/proc/${pid}/stat`, 'utf8'));
  } catch {
    return false;
  }
}

it('SIGKILLs the process group a second after the timeout even when the script itself died of the SIGTERM', async () => {
  const file = path.join(dir, 'stubborn.sh');
  // The background child ignores SIGTERM and keeps no pipe of the script's open; the script
  // waits for it and dies of the SIGTERM the timeout sends.
  writeFileSync(file, `#!/bin/sh
( trap '' TERM; exec /bin/sleep 30 ) </dev/null >/dev/null 2>&1 &
echo $! > "${dir}/stubborn.pid"
wait
`);
  chmodSync(file, 0o755);

  const started = Date.now();
  const result = await runScript(file, 'lease6_select', {}, { timeoutMs: 300, log: new RecordingLogger() });
  expect(result).toEqual({ ok: false, failure: 'timed out after 300 ms' });
  stubborn = Number(readFileSync(path.join(dir, 'stubborn.pid'), 'utf8'));
  expect(stubborn).toBeGreaterThan(0);

  // SIGTERM at 300 ms, SIGKILL at 1300 ms: give it until 3 s after the start (30 s without the SIGKILL).
  while (alive(stubborn) && Date.now() - started < 3000) await new Promise((r) => setTimeout(r, 50));
  expect(alive(stubborn), `pid ${stubborn} (ignores SIGTERM) still runs ${Date.now() - started} ms after the call started`).toBe(false);
});
