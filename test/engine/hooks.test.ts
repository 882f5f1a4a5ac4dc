import { afterEach, expect, it } from 'vitest';
import { MSG, OPT, STATUS } from '../../src/dhcp6/constants.js';
import { decodePacket, encodePacket, findOption } from '../../src/dhcp6/codec.js';
import { clientIdOption } from '../../src/dhcp6/option-builders.js';
import type { Dhcp6Message } from '../../src/dhcp6/types.js';
import type { Engine } from '../../src/engine/engine.js';
import { forEachDriver } from '../helpers/stores.js';
import {
  DIRECT, RecordingHooks, SERVER_DUID, clientDuid, clientOptions, iaOf, leasesIn, makeConfig, makeEngine, message, mustAnswer,
  obtain, requestFrom, send, statusOf,
} from './harness.js';

const C = { duid: clientDuid(1), na: [{ iaid: 1 }] };
const solicit = () => message(MSG.SOLICIT, clientOptions(C));
const TWO_SUBNETS = {
  subnet6: [
    { id: 1, subnet: '2001:db8:1::/64', interface: 'eth0', pools: [{ pool: '2001:db8:1::100-2001:db8:1::1ff' }] },
    { id: 2, subnet: '2001:db8:2::/64', pools: [{ pool: '2001:db8:2::100-2001:db8:2::1ff' }] },
  ],
};

forEachDriver('engine hook points', (getStore) => {
  let engine: Engine | null = null;
  afterEach(async () => {
    await engine?.stop();
    engine = null;
  });
  const start = (hooks: RecordingHooks, dhcp6: Record<string, unknown> = {}) => (engine = makeEngine(getStore(), makeConfig(dhcp6), hooks));

  it('calls no hook point nobody registered on', async () => {
    const hooks = new RecordingHooks();
    await obtain(start(hooks), C);
    expect(hooks.calls).toEqual([]);
  });

  it('passes the same query6 object to every hook point of one message', async () => {
    const hooks = new RecordingHooks().on('buffer6_receive', () => undefined).on('pkt6_receive', () => undefined)
      .on('subnet6_select', () => undefined).on('lease6_select', () => undefined).on('pkt6_send', () => undefined);
    await send(start(hooks), solicit());
    const q = hooks.calls.map((c) => (c.args as { query6?: unknown }).query6);
    expect(q).toHaveLength(5);
    for (const x of q) expect(x).toBe(q[0]);
  });

  it('buffer6_receive: drop drops the packet; a changed buffer is what is parsed', async () => {
    const dropping = new RecordingHooks().on('buffer6_receive', () => 'drop');
    const e = start(dropping);
    expect(await send(e, solicit())).toBeNull();
    expect(e.statistics.value('pkt6-receive-drop')).toBe(1);
    await e.stop();
    const other = encodePacket(message(MSG.SOLICIT, clientOptions({ duid: clientDuid(9), na: [{ iaid: 4 }] })));
    const rewriting = new RecordingHooks().on('buffer6_receive', (a) => {
      a.query6.buffer = other;
    });
    const r = await mustAnswer(start(rewriting), solicit());
    expect(iaOf(r, 4)).toBeDefined();
  });

  it('buffer6_receive: skip uses the packet the callout parsed', async () => {
    const hooks = new RecordingHooks().on('buffer6_receive', (a) => {
      a.query6.packet = message(MSG.SOLICIT, clientOptions({ duid: clientDuid(8), na: [{ iaid: 6 }] }));
      return 'skip';
    });
    const r = await mustAnswer(start(hooks), solicit());
    expect(iaOf(r, 6)).toBeDefined();
  });

  it('pkt6_receive: skip and drop both drop the packet', async () => {
    for (const status of ['skip', 'drop'] as const) {
      const e = start(new RecordingHooks().on('pkt6_receive', () => status));
      expect(await send(e, solicit())).toBeNull();
      expect(e.statistics.value('pkt6-receive-drop')).toBe(1);
      await e.stop();
    }
  });

  it('pkt6_receive: a callout changing the query changes what is answered', async () => {
    const hooks = new RecordingHooks().on('pkt6_receive', (a) => {
      const m = a.query6.packet as Dhcp6Message;
      m.options = m.options.filter((o) => o.code !== OPT.IA_NA);
    });
    const r = await mustAnswer(start(hooks), solicit());
    expect(findOption(r.options, OPT.IA_NA)).toBeUndefined();
  });

  it('subnet6_select: a callout may pick another subnet from the collection', async () => {
    const hooks = new RecordingHooks().on('subnet6_select', (a) => {
      expect(a.subnet6?.id).toBe(1);
      a.subnet6 = a.subnet6collection.find((s) => s.id === 2) ?? null;
    });
    const r = await mustAnswer(start(hooks, TWO_SUBNETS), solicit());
    expect(leasesIn(iaOf(r, 1))[0].lease).toBe('2001:db8:2::100');
  });

  it('subnet6_select: skip leaves the client without a subnet, drop drops the packet', async () => {
    const skip = await mustAnswer(start(new RecordingHooks().on('subnet6_select', () => 'skip')), solicit());
    expect(statusOf(iaOf(skip, 1).options)).toBe(STATUS.NoAddrsAvail);
    await engine!.stop();
    expect(await send(start(new RecordingHooks().on('subnet6_select', () => 'drop')), solicit())).toBeNull();
  });

  it('lease6_select: fake_allocation tells SOLICIT from REQUEST; the callout\'s lease is written and sent', async () => {
    const hooks = new RecordingHooks().on('lease6_select', (a) => {
      a.lease6.validLft = 7000;
      a.lease6.preferredLft = 6000;
    });
    const r = await obtain(start(hooks), C);
    expect(hooks.callsOf('lease6_select').map((a) => a.fake_allocation)).toEqual([true, false]);
    expect(hooks.callsOf('lease6_select')[0].subnet6.id).toBe(1);
    const [given] = leasesIn(iaOf(r, 1));
    expect(given).toMatchObject({ preferred: 6000, valid: 7000 });
    expect(await getStore().leases.get(given.lease)).toMatchObject({ preferredLft: 6000, validLft: 7000 });
  });

  it('lease6_select: skip assigns nothing to that IA', async () => {
    const hooks = new RecordingHooks().on('lease6_select', () => 'skip');
    const r = await obtain(start(hooks), C);
    expect(statusOf(iaOf(r, 1).options)).toBe(STATUS.NoAddrsAvail);
    expect(await getStore().leases.getAll()).toEqual([]);
  });

  it('lease6_renew: gets the lease and the IA; what it changes is written; skip keeps the stored row', async () => {
    const hooks = new RecordingHooks();
    const e = start(hooks);
    const c = { duid: clientDuid(2), na: [{ iaid: 1 }] };
    const r = await obtain(e, c);
    const address = leasesIn(iaOf(r, 1))[0].lease;
    hooks.on('lease6_renew', (a) => {
      expect(a.ia_na?.iaid).toBe(1);
      a.lease6.validLft = 9000;
    });
    const renewed = await mustAnswer(e, requestFrom(r, c, MSG.RENEW));
    expect(leasesIn(iaOf(renewed, 1))[0].valid).toBe(9000);
    expect((await getStore().leases.get(address))!.validLft).toBe(9000);
    hooks.on('lease6_renew', (a) => {
      a.lease6.validLft = 1234;
      return 'skip';
    });
    await mustAnswer(e, requestFrom(r, c, MSG.RENEW));
    expect((await getStore().leases.get(address))!.validLft).toBe(9000);
  });

  it('lease6_rebind: called per lease on REBIND with ia_pd for prefixes', async () => {
    const hooks = new RecordingHooks();
    const e = start(hooks);
    const c = { duid: clientDuid(3), pd: [{ iaid: 5 }] };
    const r = await obtain(e, c);
    hooks.on('lease6_rebind', () => undefined);
    await mustAnswer(e, requestFrom(r, c, MSG.REBIND));
    const calls = hooks.callsOf('lease6_rebind');
    expect(calls).toHaveLength(1);
    expect(calls[0].ia_pd?.iaid).toBe(5);
    expect(calls[0].lease6.type).toBe('IA_PD');
  });

  it('lease6_decline: skip answers as if declined and leaves the database alone; drop sends nothing', async () => {
    const hooks = new RecordingHooks();
    const e = start(hooks);
    const c = { duid: clientDuid(4), na: [{ iaid: 1 }] };
    const r = await obtain(e, c);
    const address = leasesIn(iaOf(r, 1))[0].lease;
    hooks.on('lease6_decline', () => 'skip');
    const skipped = await mustAnswer(e, requestFrom(r, c, MSG.DECLINE));
    expect(statusOf(iaOf(skipped, 1).options)).toBe(STATUS.Success);
    expect((await getStore().leases.get(address))!.state).toBe(0);
    hooks.on('lease6_decline', () => 'drop');
    expect(await send(e, requestFrom(r, c, MSG.DECLINE))).toBeNull();
    expect((await getStore().leases.get(address))!.state).toBe(0);
  });

  it('lease6_release: skip and drop keep the lease but answer as if released', async () => {
    for (const status of ['skip', 'drop'] as const) {
      const hooks = new RecordingHooks();
      const e = start(hooks);
      const c = { duid: clientDuid(5), na: [{ iaid: 1 }] };
      const r = await obtain(e, c);
      hooks.on('lease6_release', () => status);
      const ans = await mustAnswer(e, requestFrom(r, c, MSG.RELEASE));
      expect(statusOf(iaOf(ans, 1).options)).toBe(STATUS.Success);
      expect(await getStore().leases.get(leasesIn(iaOf(r, 1))[0].lease)).not.toBeNull();
      await e.stop();
      await getStore().leases.wipe();
    }
  });

  it('ddns6_update: the hostname and forward/reverse decisions are stored and sent in Client FQDN', async () => {
    const hooks = new RecordingHooks().on('ddns6_update', (a) => {
      expect(a.hostname).toBe('laptop.example.org.');
      a.hostname = 'renamed.example.org.';
      a.fwd_update = true;
      a.rev_update = true;
    });
    const fqdn = { kind: 'client_fqdn' as const, code: OPT.CLIENT_FQDN, flags: 1, name: 'laptop.example.org', partial: false };
    const r = await obtain(start(hooks), { ...C, extra: [fqdn] });
    const out = findOption(r.options, OPT.CLIENT_FQDN, 'client_fqdn');
    expect(out).toMatchObject({ name: 'renamed.example.org', flags: 1, partial: false });
    const stored = await getStore().leases.get(leasesIn(iaOf(r, 1))[0].lease);
    expect(stored).toMatchObject({ hostname: 'renamed.example.org.', fqdnFwd: true, fqdnRev: true });
  });

  it('without ddns6_update callouts, tells an FQDN client the server does no DNS updates', async () => {
    const fqdn = { kind: 'client_fqdn' as const, code: OPT.CLIENT_FQDN, flags: 1, name: 'laptop.example.org', partial: false };
    const r = await obtain(start(new RecordingHooks()), { ...C, extra: [fqdn] });
    // N set, S cleared, O set because the client's S was overridden.
    expect(findOption(r.options, OPT.CLIENT_FQDN, 'client_fqdn')).toMatchObject({ flags: 6, name: 'laptop.example.org' });
    expect(await getStore().leases.get(leasesIn(iaOf(r, 1))[0].lease)).toMatchObject({ hostname: 'laptop.example.org.', fqdnFwd: false });
  });

  it('leases6_committed: gets the new and deleted leases after the commit; drop sends nothing', async () => {
    const hooks = new RecordingHooks().on('leases6_committed', () => undefined);
    const e = start(hooks);
    const r = await obtain(e, C);
    const [committed] = hooks.callsOf('leases6_committed');
    expect(committed.leases6.map((l) => l.address)).toEqual([leasesIn(iaOf(r, 1))[0].lease]);
    expect(committed.deleted_leases6).toEqual([]);
    await mustAnswer(e, requestFrom(r, C, MSG.RELEASE));
    const released = hooks.callsOf('leases6_committed')[1];
    expect(released.leases6).toEqual([]);
    expect(released.deleted_leases6.map((l) => l.address)).toEqual([leasesIn(iaOf(r, 1))[0].lease]);
    hooks.on('leases6_committed', () => 'drop');
    const c2 = { duid: clientDuid(6), na: [{ iaid: 1 }] };
    const adv = await mustAnswer(e, message(MSG.SOLICIT, clientOptions(c2)));
    expect(await send(e, requestFrom(adv, c2))).toBeNull();
    expect(await getStore().leases.getByDuid(c2.duid)).toHaveLength(1);
  });

  it('leases6_committed: is not called for SOLICIT without Rapid Commit, CONFIRM or INFORMATION-REQUEST', async () => {
    const hooks = new RecordingHooks().on('leases6_committed', () => undefined);
    const e = start(hooks);
    await send(e, solicit());
    await send(e, message(MSG.INFORMATION_REQUEST, [clientIdOption(C.duid)]));
    expect(hooks.callsOf('leases6_committed')).toEqual([]);
  });

  it('leases6_committed: park holds the reply until unparked, and drops it when parking fails', async () => {
    let release!: (ok: boolean) => void;
    const hooks = new RecordingHooks().on('leases6_committed', () => ({ status: 'park', parked: new Promise<boolean>((r) => (release = r)) }));
    const e = start(hooks);
    const adv = await mustAnswer(e, solicit());
    let done = false;
    const pending = send(e, requestFrom(adv, C)).then((a) => {
      done = true;
      return a;
    });
    await new Promise((r) => setTimeout(r, 50));
    expect(done).toBe(false);
    release(true);
    expect((await pending)!.reply.msgType).toBe(MSG.REPLY);
    const c2 = { duid: clientDuid(7), na: [{ iaid: 1 }] };
    const adv2 = await mustAnswer(e, message(MSG.SOLICIT, clientOptions(c2)));
    const pending2 = send(e, requestFrom(adv2, c2));
    await new Promise((r) => setTimeout(r, 20));
    release(false);
    expect(await pending2).toBeNull();
  });

  it('pkt6_send: changes to response6 are sent; skip sends the callout\'s buffer; drop sends nothing', async () => {
    const hooks = new RecordingHooks().on('pkt6_send', (a) => {
      (a.response6.packet as Dhcp6Message).options.push({ kind: 'raw', code: 65000, data: Buffer.from('hi') });
    });
    const e = start(hooks);
    const r = await mustAnswer(e, solicit());
    expect(findOption(r.options, 65000)).toBeDefined();
    const packed = encodePacket(message(MSG.ADVERTISE, [clientIdOption(C.duid)], 0x123456));
    hooks.on('pkt6_send', (a) => {
      a.response6.buffer = packed;
      return 'skip';
    });
    expect((await e.receive(encodePacket(solicit()), DIRECT))!.data).toEqual(packed);
    hooks.on('pkt6_send', () => 'drop');
    expect(await send(e, solicit())).toBeNull();
  });

  it('pkt6_send: callouts get copies of configured options, never the configuration\'s bytes', async () => {
    const hooks = new RecordingHooks().on('pkt6_send', (a) => {
      const dns = findOption((a.response6.packet as Dhcp6Message).options, OPT.DNS_SERVERS);
      if (dns && dns.kind === 'raw') dns.data.fill(0);
    });
    const e = start(hooks, { 'option-data': [{ name: 'dns-servers', data: '2001:db8::53' }] });
    const ask = () => message(MSG.INFORMATION_REQUEST, [clientIdOption(C.duid), { kind: 'oro', code: OPT.ORO, codes: [OPT.DNS_SERVERS] }]);
    await send(e, ask());
    hooks.on('pkt6_send', () => undefined);
    const r = await mustAnswer(e, ask());
    expect(findOption(r.options, OPT.DNS_SERVERS, 'addresses')?.addresses).toEqual(['2001:db8::53']);
  });

  it('buffer6_send: a changed buffer is sent; skip and drop send nothing', async () => {
    const hooks = new RecordingHooks().on('buffer6_send', (a) => {
      a.response6.buffer = Buffer.concat([a.response6.buffer!, Buffer.from([0, 99, 0, 0])]);
    });
    const e = start(hooks);
    const a = await e.receive(encodePacket(solicit()), DIRECT);
    expect(findOption((decodePacket(a!.data) as Dhcp6Message).options, 99)).toBeDefined();
    for (const status of ['skip', 'drop'] as const) {
      hooks.on('buffer6_send', () => status);
      expect(await send(e, solicit())).toBeNull();
    }
    expect(e.statistics.value('pkt6-sent')).toBe(1);
  });

  it('buffer6_send and pkt6_send see where the reply goes', async () => {
    const hooks = new RecordingHooks().on('pkt6_send', () => undefined).on('buffer6_send', (a) => {
      expect(a.response6.origin).toMatchObject({ remoteAddress: DIRECT.remoteAddress, remotePort: 546 });
    });
    await send(start(hooks), solicit());
    expect(hooks.callsOf('pkt6_send')[0].response6).toBe(hooks.callsOf('buffer6_send')[0].response6);
    expect(hooks.callsOf('pkt6_send')[0].query6.packet).toBeDefined();
    expect(findOption((hooks.callsOf('pkt6_send')[0].response6.packet as Dhcp6Message).options, OPT.SERVERID, 'duid')?.duid).toEqual(SERVER_DUID);
  });
});
