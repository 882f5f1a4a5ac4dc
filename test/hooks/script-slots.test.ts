import { describe, expect, it } from 'vitest';
import { ScriptSlots, type ScriptResult } from '../../src/hooks/libs/run-script/script-process.js';

function controlled() {
  let finish!: (r: ScriptResult) => void;
  const promise = new Promise<ScriptResult>((r) => (finish = r));
  return { task: () => promise, finish };
}

describe('run-script concurrency bound', () => {
  it('runs at most the limit at once, queues the next ones and refuses beyond the queue', async () => {
    const slots = new ScriptSlots(1, 1);
    const a = controlled();
    const b = controlled();
    let bStarted = false;
    const first = slots.run(a.task);
    const second = slots.run(() => {
      bStarted = true;
      return b.task();
    });
    const third = await slots.run(controlled().task);
    expect(third).toEqual({ ok: false, failure: 'not run: 1 scripts running and 1 waiting' });
    expect(bStarted).toBe(false);
    a.finish({ ok: true });
    expect(await first).toEqual({ ok: true });
    await Promise.resolve();
    expect(bStarted).toBe(true);
    b.finish({ ok: false, failure: 'exited with code 1' });
    expect(await second).toEqual({ ok: false, failure: 'exited with code 1' });
  });

  it('answers queued calls as not run when closed, so no packet waits forever', async () => {
    const slots = new ScriptSlots(1, 5);
    const a = controlled();
    void slots.run(a.task);
    const queued = slots.run(controlled().task);
    expect(slots.close()).toBe(1);
    expect(await queued).toEqual({ ok: false, failure: 'not run: the library unloaded first' });
    expect(await slots.run(controlled().task)).toEqual({ ok: false, failure: 'not run: the library is unloading' });
  });
});
