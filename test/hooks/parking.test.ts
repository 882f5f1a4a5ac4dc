import { afterEach, describe, expect, it } from 'vitest';
import type { HooksLibraries } from '../../src/hooks/hooks-libraries.js';
import type { HookArgs, HooksRunner } from '../../src/hooks/types.js';
import { ProgrammableLibraries, library, newHooks } from './programmable-library.js';
import type { RecordingLogger } from './recording-logger.js';
import { lease6, query6 } from './sample-packets.js';

let test: ProgrammableLibraries;
let hooks: HooksLibraries;
let log: RecordingLogger;
let unparks: (() => void)[];

function committed(): HookArgs['leases6_committed'] {
  return { query6: query6(), leases6: [lease6()], deleted_leases6: [] };
}

async function start(libraries: ReturnType<typeof library>[], parkedPacketLimit?: number): Promise<HooksRunner> {
  test = new ProgrammableLibraries();
  unparks = [];
  ({ hooks, log } = newHooks());
  await hooks.commit(await hooks.prepare(libraries, { parkedPacketLimit }));
  return hooks.runner;
}

function parkWith(tag: string) {
  test.on(tag, 'leases6_committed', (h) => {
    unparks.push(h.park());
  });
}

afterEach(async () => {
  await hooks?.unloadAll();
});

describe('parking on leases6_committed', () => {
  it('holds the packet until the library unparks it, then resolves true', async () => {
    const runner = await start([library('p', ['leases6_committed'])]);
    parkWith('p');
    const outcome = await runner.call('leases6_committed', committed());
    expect(outcome.status).toBe('park');
    let settled: boolean | undefined;
    void outcome.parked!.then((v) => (settled = v));
    await Promise.resolve();
    expect(settled).toBeUndefined();
    unparks[0]();
    expect(await outcome.parked).toBe(true);
  });

  it('releases the packet only after every library that parked it unparked it', async () => {
    const runner = await start([library('a', ['leases6_committed']), library('b', ['leases6_committed'])]);
    parkWith('a');
    parkWith('b');
    const outcome = await runner.call('leases6_committed', committed());
    let settled: boolean | undefined;
    void outcome.parked!.then((v) => (settled = v));
    unparks[0]();
    unparks[0]();
    await new Promise((r) => setImmediate(r));
    expect(settled).toBeUndefined();
    unparks[1]();
    expect(await outcome.parked).toBe(true);
  });

  it('drops a packet beyond the parked-packet limit', async () => {
    const runner = await start([library('p', ['leases6_committed'])], 1);
    parkWith('p');
    const first = await runner.call('leases6_committed', committed());
    const second = await runner.call('leases6_committed', committed());
    expect(second.status).toBe('park');
    expect(await second.parked).toBe(false);
    expect(log.find('warn', /parking lot full/)).toBeDefined();
    unparks[0]();
    expect(await first.parked).toBe(true);
    // the slot is free again
    const third = await runner.call('leases6_committed', committed());
    unparks[2]();
    expect(await third.parked).toBe(true);
  });

  it('drops parked packets when their library unloads on reconfiguration', async () => {
    const runner = await start([library('p', ['leases6_committed'])]);
    parkWith('p');
    const outcome = await runner.call('leases6_committed', committed());
    await hooks.commit(await hooks.prepare([library('p', ['leases6_committed'])]));
    expect(await outcome.parked).toBe(false);
    unparks[0]();
    expect(test.events).toEqual(['load p', 'load p', 'unload p']);
  });

  it('continues when the library unparked before its callouts finished', async () => {
    const runner = await start([library('p', ['leases6_committed'])]);
    test.on('p', 'leases6_committed', (h) => h.park()());
    const outcome = await runner.call('leases6_committed', committed());
    expect(outcome.status).toBe('continue');
    expect(outcome.parked).toBeUndefined();
  });

  it('does not park when a later library sets continue, and the unpark function then does nothing', async () => {
    const runner = await start([library('a', ['leases6_committed']), library('b', ['leases6_committed'])]);
    parkWith('a');
    test.on('b', 'leases6_committed', (h) => h.setStatus('continue'));
    const outcome = await runner.call('leases6_committed', committed());
    expect(outcome.status).toBe('continue');
    expect(() => unparks[0]()).not.toThrow();
  });

  it('does not wait for a library whose callout parked and then threw', async () => {
    const runner = await start([library('a', ['leases6_committed']), library('b', ['leases6_committed'])]);
    test.on('a', 'leases6_committed', (h) => {
      h.park();
      throw new Error('billing client crashed');
    });
    parkWith('b');
    const outcome = await runner.call('leases6_committed', committed());
    expect(outcome.status).toBe('park');
    unparks[0]();
    expect(await outcome.parked).toBe(true);
  });

  it('treats setStatus(park) without park() as continue: nothing could release the packet', async () => {
    const runner = await start([library('p', ['leases6_committed'])]);
    test.on('p', 'leases6_committed', (h) => h.setStatus('park'));
    const outcome = await runner.call('leases6_committed', committed());
    expect(outcome.status).toBe('continue');
    expect(log.find('debug', /without handle\.park\(\)/)).toBeDefined();
  });

  it('treats park at a point that does not support it as continue', async () => {
    const runner = await start([library('p', ['lease6_select'])]);
    test.on('p', 'lease6_select', (h) => void h.park());
    const outcome = await runner.call('lease6_select', {
      query6: query6(), subnet6: null as never, fake_allocation: false, lease6: lease6(),
    });
    expect(outcome.status).toBe('continue');
    expect(outcome.parked).toBeUndefined();
  });
});
