import { expect, it } from 'vitest';
import { forEachDriver, testLease } from '../helpers/stores.js';
import { isLeaseBatch, spyDriver, type BeforeStatement, type DriverSpy } from './driver-spy.js';
import { StoreClosedError } from '../../src/store/lease6-group-commit.js';
import type { LeaseMutation, SqlDriver } from '../../src/store/types.js';

const addr = (n: number) => `2001:db8:7::${n.toString(16)}`;
const insertOf = (n: number, overrides = {}): LeaseMutation => ({
  op: 'insert',
  lease: testLease({ address: addr(n), iaid: n, ...overrides }),
  event: 'allocated',
});

/** A gate the spy can hold statements at until the test opens it. */
function gate() {
  let open!: () => void;
  const opened = new Promise<void>((resolve) => (open = resolve));
  return { open, opened };
}

const ticks = async (n = 5) => {
  for (let i = 0; i < n; i++) await new Promise((r) => setImmediate(r));
};

forEachDriver('group commit', (getStore, ctx) => {
  async function agentWithSpy(before?: BeforeStatement) {
    let spy!: DriverSpy;
    const store = await ctx.openAgent('gc-agent', {
      wrap: (d: SqlDriver) => (spy = spyDriver(d, before)).driver,
    });
    spy.statements.length = 0;
    return { store, spy };
  }

  it('writes the changes of callers arriving together in one batch', async () => {
    const { store, spy } = await agentWithSpy();
    const results = await Promise.all(Array.from({ length: 40 }, (_, n) => store.leases.apply([insertOf(n)])));
    expect(results.every(([r]) => r.ok)).toBe(true);
    expect(spy.batches()).toBe(1);
    expect(await getStore().leases.getAll()).toHaveLength(40);
  });

  it('collects the callers arriving while a batch commits into the next batch', async () => {
    const g = gate();
    let held = false;
    const { store, spy } = await agentWithSpy(async (s) => {
      if (isLeaseBatch(s) && !held) {
        held = true;
        await g.opened;
      }
    });
    const first = store.leases.apply([insertOf(0)]);
    await ticks();
    const later = Array.from({ length: 30 }, (_, n) => store.leases.apply([insertOf(n + 1)]));
    await ticks();
    g.open();
    const results = await Promise.all([first, ...later]);
    expect(results.every(([r]) => r.ok)).toBe(true);
    const batches = spy.statements.filter(isLeaseBatch);
    expect(batches).toHaveLength(2);
    expect(JSON.parse(batches[1].params[3] as string)).toHaveLength(30);
  });

  it('hands each caller its own results, in the order of its changes', async () => {
    await getStore().leases.apply([insertOf(1), insertOf(3)]);
    const store = getStore();
    const [a, b, c] = await Promise.all([
      store.leases.apply([insertOf(1), insertOf(2)]),
      store.leases.apply([{ op: 'delete', address: addr(3), event: 'released' }, { op: 'delete', address: addr(4), event: 'released' }]),
      store.leases.apply([{ op: 'update', lease: testLease({ address: addr(5) }), event: 'renewed' }, insertOf(6)]),
    ]);
    const brief = (rs: { ok: boolean; reason?: string }[]) => rs.map((r) => (r.ok ? 'ok' : r.reason));
    expect(brief(a)).toEqual(['conflict', 'ok']);
    expect(brief(b)).toEqual(['ok', 'missing']);
    expect(brief(c)).toEqual(['missing', 'ok']);
    expect(b[0].ok && b[0].lease?.address).toBe(addr(3));
  });

  it('turns away a caller with an invalid change without failing the others arriving with it', async () => {
    const { store, spy } = await agentWithSpy();
    const outcomes = await Promise.allSettled([
      store.leases.apply([insertOf(1)]),
      store.leases.apply([insertOf(2, { validLft: -5 })]),
      store.leases.apply([insertOf(3)]),
    ]);
    expect(outcomes.map((o) => o.status)).toEqual(['fulfilled', 'rejected', 'fulfilled']);
    expect(String((outcomes[1] as PromiseRejectedResult).reason)).toMatch(/validLft/);
    expect(spy.batches()).toBe(1);
    expect((await getStore().leases.getAll()).map((l) => l.address)).toEqual([addr(1), addr(3)]);
  });

  it('splits a queue longer than the batch limit into several batches, each caller whole', async () => {
    const { store, spy } = await agentWithSpy();
    const calls = Array.from({ length: 30 }, (_, n) => store.leases.apply([insertOf(2 * n), insertOf(2 * n + 1)]));
    // the default limit is 1000 changes: 30 callers of 2 fit one batch
    await Promise.all(calls);
    expect(spy.batches()).toBe(1);
    const big = Array.from({ length: 3 }, (_, k) =>
      store.leases.apply(Array.from({ length: 600 }, (_, n) => insertOf(1000 + k * 600 + n))),
    );
    const results = await Promise.all(big);
    expect(results.every((rs) => rs.length === 600 && rs.every((r) => r.ok))).toBe(true);
    expect(spy.batches()).toBe(4);
  });

  it('rejects every caller of a failed batch and writes none of its changes', async () => {
    let failed = false;
    const { store } = await agentWithSpy((s) => {
      if (isLeaseBatch(s) && !failed) {
        failed = true;
        throw new Error('connection lost mid-batch');
      }
    });
    const outcomes = await Promise.allSettled(Array.from({ length: 10 }, (_, n) => store.leases.apply([insertOf(n)])));
    expect(outcomes.every((o) => o.status === 'rejected' && /connection lost/.test(String(o.reason)))).toBe(true);
    expect(await getStore().leases.getAll()).toEqual([]);
    expect(await getStore().events.maxSeq()).toBe(0);
    const [after] = await store.leases.apply([insertOf(1)]);
    expect(after.ok).toBe(true);
  });

  it('runs a batch again when the database aborted it for a deadlock', async () => {
    let aborted = false;
    const { store, spy } = await agentWithSpy((s) => {
      if (isLeaseBatch(s) && !aborted) {
        aborted = true;
        throw Object.assign(new Error('deadlock detected'), { code: '40P01' });
      }
    });
    const results = await Promise.all([store.leases.apply([insertOf(1)]), store.leases.apply([insertOf(2)])]);
    expect(results.map(([r]) => r.ok)).toEqual([true, true]);
    expect(spy.statements.filter(isLeaseBatch)).toHaveLength(2);
  });

  it('never lets a later change to an address overtake an earlier one still committing', async () => {
    const g = gate();
    let held = false;
    const { store, spy } = await agentWithSpy(async (s) => {
      if (isLeaseBatch(s) && !held) {
        held = true;
        await g.opened;
      }
    });
    const lease = testLease({ address: addr(1) });
    const insert = store.leases.apply([{ op: 'insert', lease, event: 'allocated' }]);
    await ticks();
    const update = store.leases.apply([{ op: 'update', lease: { ...lease, hostname: 'renewed' }, event: 'renewed' }]);
    const other = store.leases.apply([insertOf(2)]);
    await ticks();
    if (ctx.kind === 'pg') {
      // a second connection is free: the unrelated address goes ahead, the same address waits
      const started = spy.statements.filter(isLeaseBatch).map((s) => s.params.slice(3).join(' '));
      expect(started).toHaveLength(2);
      expect(started[1]).toContain(addr(2));
      expect(started[1]).not.toContain(`"${addr(1)}"`);
      expect((await other)[0].ok).toBe(true);
    }
    g.open();
    expect((await insert)[0].ok).toBe(true);
    expect((await update)[0]).toMatchObject({ ok: true });
    expect((await other)[0].ok).toBe(true);
    expect((await getStore().leases.get(addr(1)))?.hostname).toBe('renewed');
  });

  it('answers a caller only once its lease is committed and visible to another agent', async () => {
    const other = await ctx.openAgent('observer');
    const [r] = await getStore().leases.apply([insertOf(9)]);
    expect(r.ok).toBe(true);
    expect(await other.leases.get(addr(9))).not.toBeNull();
  });

  it('on close, commits what was queued and in flight, then refuses new changes', async () => {
    const { store } = await agentWithSpy();
    const pending = Array.from({ length: 20 }, (_, n) => store.leases.apply([insertOf(n)]));
    await store.close();
    const results = await Promise.all(pending);
    expect(results.every(([r]) => r.ok)).toBe(true);
    expect(await getStore().leases.getAll()).toHaveLength(20);
    await expect(store.leases.apply([insertOf(99)])).rejects.toThrow(StoreClosedError);
  });
});

forEachDriver('group commit: when a batch starts', (getStore, ctx) => {
  // Packets arrive as separate I/O callbacks (here: setImmediate callbacks of one loop turn).
  // On PGlite a statement blocks the thread, so a batch must wait for the callbacks already
  // due; on PostgreSQL a batch starts at once and the next one collects the rest.
  it('collects callers of separate callbacks of one loop turn into one batch on PGlite, starts at once on PostgreSQL', async () => {
    let spy!: DriverSpy;
    const store = await ctx.openAgent('gc-io', { wrap: (d: SqlDriver) => (spy = spyDriver(d)).driver });
    spy.statements.length = 0;
    const results = await Promise.all(
      Array.from({ length: 10 }, (_, n) => new Promise((resolve) => setImmediate(() => resolve(store.leases.apply([insertOf(n)]))))),
    );
    expect(results.every((r) => (r as { ok: boolean }[])[0].ok)).toBe(true);
    if (ctx.kind === 'pglite') expect(spy.batches()).toBe(1);
    else expect(spy.batches()).toBeGreaterThan(1); // the first caller's batch went alone
    expect(await getStore().leases.getAll()).toHaveLength(10);
  });
});
