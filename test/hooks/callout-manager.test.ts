import { afterEach, describe, expect, it } from 'vitest';
import { HOOK_POINTS, SUPPORTED_STATUSES, type HookArgs, type HookPoint, type NextStep } from '../../src/hooks/types.js';
import type { HooksLibraries } from '../../src/hooks/hooks-libraries.js';
import { MSG } from '../../src/dhcp6/constants.js';
import { ProgrammableLibraries, library, newHooks } from './programmable-library.js';
import type { RecordingLogger } from './recording-logger.js';
import { lease6, query6, response6, subnet6 } from './sample-packets.js';

/** Arguments for every hook point, as the engine / command processor would pass them. */
function argsFor<P extends HookPoint>(point: P): HookArgs[P] {
  const q = query6();
  const all: { [K in HookPoint]: HookArgs[K] } = {
    dhcp6_srv_configured: {
      json_config: { Dhcp6: {} }, server_config: {} as HookArgs['dhcp6_srv_configured']['server_config'],
      network_state: { isEnabled: () => true, enable() {}, disable() {} },
    },
    cb6_updated: { audit_entries: [{ objectType: 'dhcp6_subnet', objectId: 1, modificationType: 'update', modificationTime: '2024-01-01T00:00:00Z', logMessage: 'x' }] },
    buffer6_receive: { query6: { ...q, packet: undefined, buffer: Buffer.from([1, 0, 0, 1]) } },
    pkt6_receive: { query6: q },
    subnet6_select: { query6: q, subnet6: subnet6(), subnet6collection: [subnet6()] },
    host6_identifier: { query6: q, id_type: 'flex-id', id_value: Buffer.alloc(0) },
    lease6_select: { query6: q, subnet6: subnet6(), fake_allocation: false, lease6: lease6() },
    lease6_renew: { query6: q, lease6: lease6() },
    lease6_rebind: { query6: q, lease6: lease6() },
    lease6_decline: { query6: q, lease6: lease6() },
    lease6_release: { query6: q, lease6: lease6() },
    ddns6_update: {
      query6: q, response6: response6(), subnet6: subnet6(), hostname: 'h.example.org.',
      fwd_update: true, rev_update: true, ddns_params: {},
    },
    leases6_committed: { query6: q, leases6: [lease6()], deleted_leases6: [] },
    pkt6_send: { query6: q, response6: response6() },
    buffer6_send: { response6: { ...response6(), buffer: Buffer.from([7, 0, 0, 1]) } },
    lease6_expire: { lease6: lease6(), remove_lease: true },
    lease6_recover: { lease6: lease6({ state: 1 }) },
    command_processed: { name: 'lease6-get', arguments: { 'ip-address': '2001:db8:1::10' }, response: { result: 0, text: 'ok' } },
  };
  return all[point];
}

const ALL_STATUSES: NextStep[] = ['continue', 'skip', 'drop', 'park'];

let test: ProgrammableLibraries;
let hooks: HooksLibraries;
let log: RecordingLogger;

async function start(...libraries: ReturnType<typeof library>[]) {
  test = new ProgrammableLibraries();
  ({ hooks, log } = newHooks());
  await hooks.commit(await hooks.prepare(libraries));
  return hooks.runner;
}

afterEach(async () => {
  await hooks?.unloadAll();
});

describe('hook point runner', () => {
  it('has no callouts and continues with the same arguments when no library is loaded', async () => {
    const runner = await start();
    for (const point of HOOK_POINTS) expect(runner.has(point)).toBe(false);
    const args = argsFor('lease6_select');
    expect(await runner.call('lease6_select', args)).toEqual({ status: 'continue', args });
  });

  it('reports a callout only on the points a library registered', async () => {
    const runner = await start(library('a', ['lease6_select', 'pkt6_send']));
    expect(HOOK_POINTS.filter((p) => runner.has(p))).toEqual(['lease6_select', 'pkt6_send']);
  });

  it('calls the callouts of two libraries in the order they are listed, the second seeing the first one\'s changes', async () => {
    const runner = await start(library('first', ['lease6_select']), library('second', ['lease6_select']));
    test.on('first', 'lease6_select', (h) => {
      const handle = h as unknown as import('../../src/hooks/library-api.js').CalloutHandle<'lease6_select'>;
      handle.setArgument('lease6', { ...handle.getArgument('lease6'), validLft: 77 });
      handle.setStatus('skip');
    });
    let seen: { validLft: number; status: NextStep } | undefined;
    test.on('second', 'lease6_select', (h) => {
      seen = { validLft: (h.getArgument('lease6' as never) as { validLft: number }).validLft, status: h.getStatus() };
    });
    const outcome = await runner.call('lease6_select', argsFor('lease6_select'));
    expect(test.calls.map((c) => c.tag)).toEqual(['first', 'second']);
    expect(seen).toEqual({ validLft: 77, status: 'skip' });
    expect(outcome.status).toBe('skip');
    expect(outcome.args.lease6.validLft).toBe(77);
  });

  describe.each(HOOK_POINTS.map((p) => [p]))('%s', (point) => {
    const supported = ['continue', ...SUPPORTED_STATUSES[point].filter((s) => s !== 'park')] as NextStep[];
    const unsupported = ALL_STATUSES.filter((s) => s !== 'continue' && !SUPPORTED_STATUSES[point].includes(s));

    it.each(supported.map((s) => [s]))('passes its arguments and reports status %s', async (status) => {
      const runner = await start(library('recorder', [point]));
      test.on('recorder', point, (h) => h.setStatus(status));
      const args = argsFor(point);
      const outcome = await runner.call(point, args);
      expect(outcome.status).toBe(status);
      expect(test.calls).toHaveLength(1);
      expect(Object.keys(test.calls[0].args).sort()).toEqual(Object.keys(args).sort());
      for (const [name, value] of Object.entries(args)) {
        if (name !== 'response6') expect(test.calls[0].args[name]).toBe(value);
      }
    });

    if (unsupported.length > 0) {
      it.each(unsupported.map((s) => [s]))('treats status %s as continue and logs it at debug', async (status) => {
        const runner = await start(library('recorder', [point]));
        test.on('recorder', point, (h) => h.setStatus(status));
        const outcome = await runner.call(point, argsFor(point));
        expect(outcome.status).toBe('continue');
        expect(log.find('debug', new RegExp(`status '${status}' is not supported at ${point}`))).toBeDefined();
      });
    }
  });

  it('treats a callout that throws as continue, logs it with the library name, and still calls the next library', async () => {
    const runner = await start(library('thrower', ['pkt6_receive']), library('next', ['pkt6_receive']));
    test.on('thrower', 'pkt6_receive', (h) => {
      h.setStatus('drop');
      throw new Error('boom');
    });
    const outcome = await runner.call('pkt6_receive', argsFor('pkt6_receive'));
    expect(outcome.status).toBe('continue');
    expect(test.calls.map((c) => c.tag)).toEqual(['thrower', 'next']);
    const record = log.find('error', /boom/);
    expect(record?.msg).toContain('programmable.js');
    expect(record?.fields.library).toBe('programmable.js');
    expect(record?.fields.hookPoint).toBe('pkt6_receive');
  });

  it('treats a callout whose promise rejects as continue and logs it', async () => {
    const runner = await start(library('rejecter', ['lease6_release']));
    test.on('rejecter', 'lease6_release', async (h) => {
      h.setStatus('skip');
      await Promise.resolve();
      throw new Error('database unreachable');
    });
    const outcome = await runner.call('lease6_release', argsFor('lease6_release'));
    expect(outcome.status).toBe('continue');
    expect(log.find('error', /programmable\.js.*database unreachable/)).toBeDefined();
  });

  it('awaits an async callout for its own packet while calls for other packets complete', async () => {
    const runner = await start(library('slow', ['pkt6_receive']));
    let release!: () => void;
    const gate = new Promise<void>((r) => (release = r));
    const slowPacket = query6({ transactionId: 1 });
    test.on('slow', 'pkt6_receive', async (h) => {
      if (h.getArgument('query6' as never) === slowPacket) {
        await gate;
        h.setStatus('drop');
      }
    });
    let slowDone = false;
    const slow = runner.call('pkt6_receive', { query6: slowPacket }).then((o) => {
      slowDone = true;
      return o;
    });
    const fast = await runner.call('pkt6_receive', { query6: query6({ transactionId: 2 }) });
    expect(fast.status).toBe('continue');
    expect(slowDone).toBe(false);
    release();
    expect((await slow).status).toBe('drop');
  });

  it('keeps each library\'s context for one packet across its hook points, response-only points included', async () => {
    const points: HookPoint[] = ['pkt6_receive', 'pkt6_send', 'buffer6_send'];
    const runner = await start(library('a', points), library('b', points));
    const seen: Record<string, unknown> = {};
    test.on('a', 'pkt6_receive', (h) => h.setContext('started', h.getArgument('query6' as never)));
    test.on('a', 'pkt6_send', (h) => {
      seen.aSend = h.getContext('started');
    });
    test.on('a', 'buffer6_send', (h) => {
      seen.aBuffer = h.getContext('started');
    });
    test.on('b', 'pkt6_send', (h) => {
      seen.bSend = h.getContext('started');
    });
    const q = query6();
    const r = response6();
    await runner.call('pkt6_receive', { query6: q });
    await runner.call('pkt6_send', { query6: q, response6: r });
    await runner.call('buffer6_send', { response6: r });
    expect(seen).toEqual({ aSend: q, aBuffer: q, bSend: undefined });

    // another packet starts with an empty context
    await runner.call('pkt6_send', { query6: query6(), response6: response6() });
    expect(seen.aSend).toBeUndefined();
  });

  it('hands callouts a copy of response6 so that changing an option leaves shared configured bytes alone', async () => {
    const runner = await start(library('editor', ['pkt6_send']));
    const configured = Buffer.from([0x20, 0x01, 0x0d, 0xb8]);
    const r = response6();
    r.packet!.options.push({ kind: 'raw', code: 65000, data: configured });
    test.on('editor', 'pkt6_send', (h) => {
      const response = h.getArgument('response6' as never) as typeof r;
      const opt = response.packet!.options.find((o) => o.code === 65000) as { data: Buffer };
      opt.data[0] = 0xff;
    });
    const outcome = await runner.call('pkt6_send', { query6: query6(), response6: r });
    expect(configured[0]).toBe(0x20);
    const changed = outcome.args.response6.packet!.options.find((o) => o.code === 65000) as { data: Buffer };
    expect(changed.data[0]).toBe(0xff);
    expect(outcome.args.response6).toBe(r);
    expect(outcome.args.response6.packet!.kind === 'message' && outcome.args.response6.packet!.msgType).toBe(MSG.REPLY);
  });

  it('refuses setArgument on an in-only argument, which counts as a failed callout', async () => {
    const runner = await start(library('a', ['lease6_select']));
    test.on('a', 'lease6_select', (h) => {
      h.setStatus('skip');
      h.setArgument('query6' as never, query6() as never);
    });
    const outcome = await runner.call('lease6_select', argsFor('lease6_select'));
    expect(outcome.status).toBe('continue');
    expect(log.find('error', /argument 'query6' of lease6_select is in-only/)).toBeDefined();
  });

  it('lets dhcp6_srv_configured report an error with DROP', async () => {
    const runner = await start(library('veto', ['dhcp6_srv_configured']));
    test.on('veto', 'dhcp6_srv_configured', (h) => {
      h.setArgument('error' as never, 'license file missing' as never);
      h.setStatus('drop');
    });
    const outcome = await runner.call('dhcp6_srv_configured', argsFor('dhcp6_srv_configured'));
    expect(outcome.status).toBe('drop');
    expect(outcome.args.error).toBe('license file missing');
  });

  it('ignores a status set through a handle after its callout returned', async () => {
    const runner = await start(library('late', ['lease6_renew']));
    let kept: import('../../src/hooks/library-api.js').CalloutHandle<HookPoint> | undefined;
    test.on('late', 'lease6_renew', (h) => {
      kept = h;
    });
    const outcome = await runner.call('lease6_renew', argsFor('lease6_renew'));
    kept!.setStatus('skip');
    expect(outcome.status).toBe('continue');
    expect(log.find('warn', /setStatus\(\) after the callout returned/)).toBeDefined();
  });
});
