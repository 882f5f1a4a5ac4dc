import { afterEach, expect, it } from 'vitest';
import { MSG, OPT } from '../../src/dhcp6/constants.js';
import { findOption } from '../../src/dhcp6/codec.js';
import type { Engine } from '../../src/engine/engine.js';
import type { Host6 } from '../../src/store/types.js';
import { forEachDriver } from '../helpers/stores.js';
import {
  RELAYED, RecordingHooks, clientDuid, clientOptions, iaOf, leasesIn, makeConfig, makeEngine, message, mustAnswer, obtain,
  relay, requestFrom,
} from './harness.js';

const C1 = clientDuid(1);
const C2 = clientDuid(2);
const hex = (b: Buffer) => b.toString('hex');

function subnetWith(reservations: unknown[], extra: Record<string, unknown> = {}) {
  return {
    subnet6: [{
      id: 1, subnet: '2001:db8:1::/64', interface: 'eth0',
      pools: [{ pool: '2001:db8:1::100-2001:db8:1::103' }],
      'pd-pools': [{ prefix: '2001:db8:8000::', 'prefix-len': 48, 'delegated-len': 56 }],
      reservations,
      ...extra,
    }],
  };
}

function dbHost(h: Partial<Omit<Host6, 'hostId'>>): Omit<Host6, 'hostId'> {
  return { subnetId: 1, identifierType: 'duid', identifier: C1, hostname: '', ipAddresses: [], prefixes: [], optionData: [], userContext: null, ...h };
}

forEachDriver('engine reservations', (getStore, ctx) => {
  let engines: Engine[] = [];
  afterEach(async () => {
    for (const e of engines.splice(0)) await e.stop();
  });
  const start = (dhcp6: Record<string, unknown>, hooks = new RecordingHooks()) => {
    const e = makeEngine(getStore(), makeConfig(dhcp6), hooks);
    engines.push(e);
    return e;
  };

  it('gives a client its reserved address (by DUID), with the reserved hostname', async () => {
    const e = start(subnetWith([{ duid: hex(C1), 'ip-addresses': ['2001:db8:1::102'], hostname: 'host-one.example.org' }]));
    const r = await obtain(e, { duid: C1, na: [{ iaid: 1 }] });
    expect(leasesIn(iaOf(r, 1))[0].lease).toBe('2001:db8:1::102');
    expect((await getStore().leases.get('2001:db8:1::102'))!.hostname).toBe('host-one.example.org');
  });

  it('gives a reserved address outside the pools to its client', async () => {
    const e = start(subnetWith([{ duid: hex(C1), 'ip-addresses': ['2001:db8:1::9'] }]));
    const r = await obtain(e, { duid: C1, na: [{ iaid: 1 }] });
    expect(leasesIn(iaOf(r, 1))[0].lease).toBe('2001:db8:1::9');
  });

  it('never gives a reserved address to another client, even when it asks for it', async () => {
    const e = start(subnetWith([{ duid: hex(C1), 'ip-addresses': ['2001:db8:1::100'] }]));
    const seen = new Set<string>();
    for (let i = 10; i < 13; i++) {
      const r = await obtain(e, { duid: clientDuid(i), na: [{ iaid: 1, hint: '2001:db8:1::100' }] });
      seen.add(leasesIn(iaOf(r, 1))[0].lease);
    }
    expect(seen).toEqual(new Set(['2001:db8:1::101', '2001:db8:1::102', '2001:db8:1::103']));
    const full = await obtain(e, { duid: clientDuid(20), na: [{ iaid: 1 }] });
    expect(leasesIn(iaOf(full, 1))).toEqual([]);
    const owner = await obtain(e, { duid: C1, na: [{ iaid: 1 }] });
    expect(leasesIn(iaOf(owner, 1))[0].lease).toBe('2001:db8:1::100');
  });

  it('matches a reservation by hw-address taken from the DUID-LLT', async () => {
    const e = start(subnetWith([{ 'hw-address': '02:00:00:00:00:01', 'ip-addresses': ['2001:db8:1::77'] }]));
    const r = await obtain(e, { duid: C1, na: [{ iaid: 1 }] });
    expect(leasesIn(iaOf(r, 1))[0].lease).toBe('2001:db8:1::77');
  });

  it('matches a reservation by hw-address from the relay\'s Client Link-Layer Address option', async () => {
    const e = start({
      subnet6: [{ id: 2, subnet: '2001:db8:2::/64', pools: [{ pool: '2001:db8:2::100-2001:db8:2::1ff' }],
        reservations: [{ 'hw-address': 'aa:bb:cc:dd:ee:ff', 'ip-addresses': ['2001:db8:2::42'] }] }],
    });
    const enDuid = Buffer.from('0002000009bf0102030405', 'hex');
    const lla = { kind: 'linklayer_addr' as const, code: OPT.CLIENT_LINKLAYER_ADDR, linkType: 1, address: Buffer.from('aabbccddeeff', 'hex') };
    const wrap = (p: Parameters<typeof relay>[0]) => relay(p, [{ linkAddress: '2001:db8:2::1', options: [lla] }]);
    const r = await obtain(e, { duid: enDuid, na: [{ iaid: 1 }] }, RELAYED, wrap);
    expect(leasesIn(iaOf(r, 1))[0].lease).toBe('2001:db8:2::42');
  });

  it('tries identifiers in host-reservation-identifiers order', async () => {
    const res = [
      { 'hw-address': '02:00:00:00:00:01', 'ip-addresses': ['2001:db8:1::aa'] },
      { duid: hex(C1), 'ip-addresses': ['2001:db8:1::bb'] },
    ];
    const byHw = start({ ...subnetWith(res), 'host-reservation-identifiers': ['hw-address', 'duid'] });
    expect(leasesIn(iaOf(await obtain(byHw, { duid: C1, na: [{ iaid: 1 }] }), 1))[0].lease).toBe('2001:db8:1::aa');
    await getStore().leases.wipe();
    const byDuid = start({ ...subnetWith(res), 'host-reservation-identifiers': ['duid', 'hw-address'] });
    expect(leasesIn(iaOf(await obtain(byDuid, { duid: C1, na: [{ iaid: 2 }] }), 2))[0].lease).toBe('2001:db8:1::bb');
  });

  it('honours global reservations', async () => {
    const e = start({ ...subnetWith([]), reservations: [{ duid: hex(C1), 'ip-addresses': ['2001:db8:1::55'], hostname: 'global-host' }] });
    const r = await obtain(e, { duid: C1, na: [{ iaid: 1 }] });
    expect(leasesIn(iaOf(r, 1))[0].lease).toBe('2001:db8:1::55');
  });

  it('delegates a reserved prefix and keeps it from other clients', async () => {
    const e = start(subnetWith([{ duid: hex(C1), prefixes: ['2001:db8:8000:100::/56'] }]));
    const other = await obtain(e, { duid: C2, pd: [{ iaid: 1, hint: '2001:db8:8000:100::', len: 56 }] });
    expect(leasesIn(iaOf(other, 1, OPT.IA_PD))[0].lease).not.toBe('2001:db8:8000:100::/56');
    const r = await obtain(e, { duid: C1, pd: [{ iaid: 1 }] });
    expect(leasesIn(iaOf(r, 1, OPT.IA_PD))[0].lease).toBe('2001:db8:8000:100::/56');
  });

  it('sends the reservation\'s options before the subnet\'s', async () => {
    const e = start(subnetWith(
      [{ duid: hex(C1), 'option-data': [{ name: 'dns-servers', data: '2001:db8::aaaa' }] }],
      { 'option-data': [{ name: 'dns-servers', data: '2001:db8::53' }] },
    ));
    const mine = await obtain(e, { duid: C1, na: [{ iaid: 1 }], oro: [OPT.DNS_SERVERS] });
    expect(findOption(mine.options, OPT.DNS_SERVERS, 'addresses')?.addresses).toEqual(['2001:db8::aaaa']);
    const theirs = await obtain(e, { duid: C2, na: [{ iaid: 1 }], oro: [OPT.DNS_SERVERS] });
    expect(findOption(theirs.options, OPT.DNS_SERVERS, 'addresses')?.addresses).toEqual(['2001:db8::53']);
  });

  it('honours a reservation added to the database once reservations are refreshed', async () => {
    const e = start(subnetWith([]));
    await getStore().hosts.add(dbHost({ ipAddresses: ['2001:db8:1::66'], optionData: [{ name: 'dns-servers', data: '2001:db8::66' }] }));
    await e.reservations.refresh();
    const r = await obtain(e, { duid: C1, na: [{ iaid: 1 }], oro: [OPT.DNS_SERVERS] });
    expect(leasesIn(iaOf(r, 1))[0].lease).toBe('2001:db8:1::66');
    expect(findOption(r.options, OPT.DNS_SERVERS, 'addresses')?.addresses).toEqual(['2001:db8::66']);
  });

  it('loads database reservations before answering the first packet', async () => {
    await getStore().hosts.add(dbHost({ ipAddresses: ['2001:db8:1::101'] }));
    const e = start(subnetWith([]));
    const adv = await mustAnswer(e, message(MSG.SOLICIT, clientOptions({ duid: C2, na: [{ iaid: 1, hint: '2001:db8:1::101' }] })));
    expect(leasesIn(iaOf(adv, 1))[0].lease).not.toBe('2001:db8:1::101');
  });

  it('learns of another agent\'s reservation change through the audit channel', async () => {
    const e = start(subnetWith([]));
    const other = await ctx.openAgent('agent-b');
    await new Promise((r) => setTimeout(r, 200));
    await other.hosts.add(dbHost({ ipAddresses: ['2001:db8:1::88'] }));
    let lease = '';
    for (let i = 0; i < 50 && lease !== '2001:db8:1::88'; i++) {
      await new Promise((r) => setTimeout(r, 100));
      const adv = await mustAnswer(e, message(MSG.SOLICIT, clientOptions({ duid: C1, na: [{ iaid: 1 }] })));
      lease = leasesIn(iaOf(adv, 1))[0]?.lease ?? '';
    }
    expect(lease).toBe('2001:db8:1::88');
  });

  it('takes back, on RENEW, an address now reserved for another client', async () => {
    const e = start(subnetWith([]));
    const c2 = { duid: C2, na: [{ iaid: 1 }] };
    const r = await obtain(e, c2);
    const held = leasesIn(iaOf(r, 1))[0].lease;
    await getStore().hosts.add(dbHost({ ipAddresses: [held] }));
    await e.reservations.refresh();
    const renew = await mustAnswer(e, requestFrom(r, c2, MSG.RENEW));
    expect(leasesIn(iaOf(renew, 1))).toEqual([{ lease: held, preferred: 0, valid: 0 }]);
    expect(await getStore().leases.get(held)).toBeNull();
    const owner = await obtain(e, { duid: C1, na: [{ iaid: 1 }] });
    expect(leasesIn(iaOf(owner, 1))[0].lease).toBe(held);
  });

  it('gives a client its new reservation on RENEW, taking back the lease it held', async () => {
    const e = start(subnetWith([]));
    const c1 = { duid: C1, na: [{ iaid: 1 }] };
    const r = await obtain(e, c1);
    const held = leasesIn(iaOf(r, 1))[0].lease;
    await getStore().hosts.add(dbHost({ ipAddresses: ['2001:db8:1::77'] }));
    await e.reservations.refresh();
    const renew = await mustAnswer(e, requestFrom(r, c1, MSG.RENEW));
    expect(leasesIn(iaOf(renew, 1))).toEqual([
      { lease: '2001:db8:1::77', preferred: 3000, valid: 4000 },
      { lease: held, preferred: 0, valid: 0 },
    ]);
    expect(await getStore().leases.get(held)).toBeNull();
    expect((await getStore().leases.get('2001:db8:1::77'))!.duid).toEqual(C1);
  });

  it('keeps the held lease on RENEW when the new reservation is taken by another client', async () => {
    const e = start(subnetWith([]));
    const c1 = { duid: C1, na: [{ iaid: 1 }] };
    const r = await obtain(e, c1);
    const r2 = await obtain(e, { duid: C2, na: [{ iaid: 1 }] });
    const theirs = leasesIn(iaOf(r2, 1))[0].lease;
    await getStore().hosts.add(dbHost({ subnetId: 0, ipAddresses: [theirs] }));
    await e.reservations.refresh();
    const renew = await mustAnswer(e, requestFrom(r, c1, MSG.RENEW));
    expect(leasesIn(iaOf(renew, 1))).toEqual(leasesIn(iaOf(r, 1)));
  });

  it('matches flex-id reservations with the identifier host6_identifier provides', async () => {
    const hooks = new RecordingHooks().on('host6_identifier', (a) => {
      a.id_value = Buffer.from('flexy');
    });
    const e = start({ ...subnetWith([{ 'flex-id': "'flexy'", 'ip-addresses': ['2001:db8:1::fe'] }]), 'host-reservation-identifiers': ['flex-id'] }, hooks);
    const r = await obtain(e, { duid: C2, na: [{ iaid: 1 }] });
    expect(leasesIn(iaOf(r, 1))[0].lease).toBe('2001:db8:1::fe');
    expect(hooks.callsOf('host6_identifier')[0].id_type).toBe('flex-id');
  });

  it('does not use a flex-id when host6_identifier says skip', async () => {
    const hooks = new RecordingHooks().on('host6_identifier', (a) => {
      a.id_value = Buffer.from('flexy');
      return 'skip';
    });
    const e = start({ ...subnetWith([{ 'flex-id': "'flexy'", 'ip-addresses': ['2001:db8:1::fe'] }]), 'host-reservation-identifiers': ['flex-id'] }, hooks);
    const r = await obtain(e, { duid: C2, na: [{ iaid: 1 }] });
    expect(leasesIn(iaOf(r, 1))[0].lease).not.toBe('2001:db8:1::fe');
  });
});
