// Lookups by address in flight at once share one statement: the first goes alone, the ones
// arriving while it runs go together in the next; every caller gets its own answer.

import { describe, expect, it } from 'vitest';
import { AddressReads } from '../../src/store/lease6-address-reads.js';
import type { Lease6 } from '../../src/store/types.js';
import { testLease } from '../helpers/stores.js';

const stored = new Map<string, Lease6>(
  ['2001:db8::1', '2001:db8::2', '2001:db8::3'].map((a) => [a, testLease({ address: a, userContext: { a } })]),
);

/** A read that records each call's addresses and answers when the test says so. */
function recordingRead() {
  const calls: string[][] = [];
  const pending: (() => void)[] = [];
  const read = (addresses: string[]) =>
    new Promise<Lease6[]>((resolve) => {
      calls.push(addresses);
      pending.push(() => resolve(addresses.flatMap((a) => (stored.has(a) ? [{ ...stored.get(a)! }] : []))));
    });
  const answerAll = async () => {
    while (pending.length > 0) {
      pending.shift()!();
      await new Promise((r) => setImmediate(r));
    }
  };
  return { read, calls, answerAll };
}

describe('AddressReads', () => {
  it('sends the first lookup alone and the ones arriving meanwhile together, each answered', async () => {
    const r = recordingRead();
    const reads = new AddressReads(r.read, 1);
    const first = reads.get('2001:db8::1');
    const later = ['2001:db8::2', '2001:db8::3', '2001:db8::9', '2001:db8::2'].map((a) => reads.get(a));
    expect(r.calls).toEqual([['2001:db8::1']]);
    await r.answerAll();
    const answers = await Promise.all([first, ...later]);
    expect(r.calls).toEqual([['2001:db8::1'], ['2001:db8::2', '2001:db8::3', '2001:db8::9']]);
    expect(answers.map((l) => l?.address ?? null)).toEqual(['2001:db8::1', '2001:db8::2', '2001:db8::3', null, '2001:db8::2']);
    // two callers of one address do not share an object they might change
    expect(answers[1]).not.toBe(answers[4]);
    expect(answers[1]!.userContext).not.toBe(answers[4]!.userContext);
    expect(answers[1]).toEqual(answers[4]);
  });

  it('rejects every caller of a batch whose read failed, and goes on with the next', async () => {
    let fail = true;
    const reads = new AddressReads(async (addresses) => {
      if (fail) throw new Error('connection lost');
      return addresses.flatMap((a) => (stored.has(a) ? [stored.get(a)!] : []));
    }, 1);
    const a = reads.get('2001:db8::1');
    const b = reads.get('2001:db8::2');
    await expect(a).rejects.toThrow('connection lost');
    await expect(b).rejects.toThrow('connection lost');
    fail = false;
    expect((await reads.get('2001:db8::3'))?.address).toBe('2001:db8::3');
  });
});
