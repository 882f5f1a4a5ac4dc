import { expect, it } from 'vitest';
import { forEachDriver, testLease } from '../helpers/stores.js';
import type { LeaseMutation, MutationResult, Store } from '../../src/store/types.js';

const ADDRESSES = Array.from({ length: 120 }, (_, n) => `2001:db8:9::${(n + 1).toString(16)}`);

/** Each agent tries every address, one apply() per address, all at once, in its own order. */
async function race(agents: Store[], mutation: (agent: number, address: string) => LeaseMutation) {
  const attempts = agents.map((store, k) => {
    const order = k % 2 === 0 ? ADDRESSES : [...ADDRESSES].reverse();
    return Promise.all(order.map(async (address) => ({ address, result: (await store.leases.apply([mutation(k, address)]))[0] })));
  });
  return Promise.all(attempts);
}

function winners(outcomes: { address: string; result: MutationResult }[][]): Map<string, number[]> {
  const won = new Map<string, number[]>();
  outcomes.forEach((list, agent) => {
    for (const { address, result } of list) {
      if (result.ok) won.set(address, [...(won.get(address) ?? []), agent]);
      else expect(result).toEqual({ ok: false, reason: 'conflict' });
    }
  });
  return won;
}

forEachDriver('two agents on one database', (getStore, ctx) => {
  it('never both insert the same address', async () => {
    const agents = [await ctx.openAgent('agent-a'), await ctx.openAgent('agent-b')];
    const outcomes = await race(agents, (k, address) => ({
      op: 'insert',
      lease: testLease({ address, duid: Buffer.from([0, 3, 0, 1, k]) }),
      event: 'allocated',
    }));
    const won = winners(outcomes);
    expect(won.size).toBe(ADDRESSES.length);
    for (const agentsThatWon of won.values()) expect(agentsThatWon).toHaveLength(1);
    // the database holds the winner's lease, and the event names the winner
    const events = await getStore().events.readSince(0, 1000);
    expect(events).toHaveLength(ADDRESSES.length);
    for (const e of events) {
      const winner = won.get(e.address)![0];
      expect(e.agent).toBe(winner === 0 ? 'agent-a' : 'agent-b');
      expect((await getStore().leases.get(e.address))?.duid).toEqual(Buffer.from([0, 3, 0, 1, winner]));
    }
  });

  it('never both take over the same expired lease', async () => {
    const expired = ADDRESSES.map((address) => testLease({ address, cltt: Math.floor(Date.now() / 1000) - 10_000, validLft: 60 }));
    await getStore().leases.apply(expired.map((lease) => ({ op: 'insert', lease, event: 'added' })));
    const agents = [await ctx.openAgent('agent-a'), await ctx.openAgent('agent-b')];
    const outcomes = await race(agents, (k, address) => ({
      op: 'insert',
      lease: testLease({ address, duid: Buffer.from([0, 3, 0, 1, k]) }),
      event: 'allocated',
      reuseExpired: true,
    }));
    const won = winners(outcomes);
    expect(won.size).toBe(ADDRESSES.length);
    for (const agentsThatWon of won.values()) expect(agentsThatWon).toHaveLength(1);
  });

  it('numbers the events of both agents in one gapless sequence', async () => {
    const agents = [await ctx.openAgent('agent-a'), await ctx.openAgent('agent-b')];
    await Promise.all(
      agents.map((store, k) =>
        Promise.all(
          ADDRESSES.filter((_, n) => n % 2 === k).map((address) =>
            store.leases.apply([{ op: 'insert', lease: testLease({ address }), event: 'allocated' }]),
          ),
        ),
      ),
    );
    const events = await getStore().events.readSince(0, 1000);
    expect(events.map((e) => e.seq)).toEqual(ADDRESSES.map((_, n) => n + 1));
    expect(new Set(events.map((e) => e.agent))).toEqual(new Set(['agent-a', 'agent-b']));
  });
});
