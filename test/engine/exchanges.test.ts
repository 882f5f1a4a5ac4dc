import { afterEach, expect, it } from 'vitest';
import { MSG, OPT, STATUS } from '../../src/dhcp6/constants.js';
import { encodePacket, findOption } from '../../src/dhcp6/codec.js';
import { clientIdOption, iaAddrOption, iaNaOption, serverIdOption } from '../../src/dhcp6/option-builders.js';
import type { Engine } from '../../src/engine/engine.js';
import { forEachDriver } from '../helpers/stores.js';
import {
  DIRECT, SERVER_DUID, clientDuid, clientOptions, iaOf, leasesIn, makeConfig, makeEngine, message, mustAnswer, obtain,
  requestFrom, send, statusOf,
} from './harness.js';

const OTHER_SERVER = Buffer.from('0003000102000000beef', 'hex');

forEachDriver('engine exchanges', (getStore) => {
  let engine: Engine | null = null;
  afterEach(async () => {
    await engine?.stop();
    engine = null;
  });
  const start = (dhcp6: Record<string, unknown> = {}) => (engine = makeEngine(getStore(), makeConfig(dhcp6)));

  it('answers SOLICIT with an ADVERTISE offering a pool address and stores nothing', async () => {
    const e = start();
    const c = { duid: clientDuid(1), na: [{ iaid: 1 }] };
    const adv = await mustAnswer(e, message(MSG.SOLICIT, clientOptions(c)));
    expect(adv.msgType).toBe(MSG.ADVERTISE);
    expect(findOption(adv.options, OPT.SERVERID, 'duid')?.duid).toEqual(SERVER_DUID);
    expect(findOption(adv.options, OPT.CLIENTID, 'duid')?.duid).toEqual(c.duid);
    const [lease] = leasesIn(iaOf(adv, 1));
    expect(lease).toEqual({ lease: '2001:db8:1::100', preferred: 3000, valid: 4000 });
    expect(iaOf(adv, 1)).toMatchObject({ t1: 1000, t2: 2000 });
    expect(await getStore().leases.getAll()).toEqual([]);
  });

  it('commits the advertised address on REQUEST and answers with a REPLY', async () => {
    const e = start();
    const c = { duid: clientDuid(2), na: [{ iaid: 7 }] };
    const reply = await obtain(e, c);
    expect(reply.msgType).toBe(MSG.REPLY);
    expect(leasesIn(iaOf(reply, 7))).toEqual([{ lease: '2001:db8:1::100', preferred: 3000, valid: 4000 }]);
    const stored = await getStore().leases.get('2001:db8:1::100');
    expect(stored).toMatchObject({ type: 'IA_NA', subnetId: 1, iaid: 7, preferredLft: 3000, validLft: 4000, state: 0 });
    expect(stored!.duid).toEqual(c.duid);
    expect(stored!.hwaddr).toEqual(Buffer.from('020000000002', 'hex'));
  });

  it('answers a direct client at its source address on port 546, echoing the transaction id', async () => {
    const e = start();
    const sol = message(MSG.SOLICIT, clientOptions({ duid: clientDuid(3), na: [{ iaid: 1 }] }));
    const a = await send(e, sol);
    expect(a!.answer).toMatchObject({ address: DIRECT.remoteAddress, port: 546 });
    expect(a!.reply.transactionId).toBe(sol.transactionId);
  });

  it('gives different clients different addresses', async () => {
    const e = start();
    const r1 = await obtain(e, { duid: clientDuid(10), na: [{ iaid: 1 }] });
    const r2 = await obtain(e, { duid: clientDuid(11), na: [{ iaid: 1 }] });
    expect(leasesIn(iaOf(r1, 1))[0].lease).not.toBe(leasesIn(iaOf(r2, 1))[0].lease);
  });

  it('gives a returning client (same DUID and IAID) its lease back', async () => {
    const e = start();
    const c = { duid: clientDuid(12), na: [{ iaid: 3 }] };
    const first = await obtain(e, c);
    await obtain(e, { duid: clientDuid(13), na: [{ iaid: 3 }] });
    const again = await obtain(e, c);
    expect(leasesIn(iaOf(again, 3))[0].lease).toBe(leasesIn(iaOf(first, 3))[0].lease);
    expect(await getStore().leases.getAll()).toHaveLength(2);
  });

  it('honours a hinted address that is in a pool and free, and ignores one that is not', async () => {
    const e = start();
    const inPool = await obtain(e, { duid: clientDuid(14), na: [{ iaid: 1, hint: '2001:db8:1::1a0' }] });
    expect(leasesIn(iaOf(inPool, 1))[0].lease).toBe('2001:db8:1::1a0');
    const outside = await obtain(e, { duid: clientDuid(15), na: [{ iaid: 1, hint: '2001:db8:1::5' }] });
    expect(leasesIn(iaOf(outside, 1))[0].lease).not.toBe('2001:db8:1::5');
    const taken = await mustAnswer(e, message(MSG.SOLICIT, clientOptions({ duid: clientDuid(16), na: [{ iaid: 1, hint: '2001:db8:1::1a0' }] })));
    expect(leasesIn(iaOf(taken, 1))[0].lease).not.toBe('2001:db8:1::1a0');
  });

  it('clamps hinted lifetimes to the configured bounds', async () => {
    const e = start({ 'min-valid-lifetime': 3000, 'max-valid-lifetime': 5000, 'min-preferred-lifetime': 2000, 'max-preferred-lifetime': 4000 });
    const low = await obtain(e, { duid: clientDuid(17), na: [{ iaid: 1, preferred: 10, valid: 20 }] });
    expect(leasesIn(iaOf(low, 1))[0]).toMatchObject({ preferred: 2000, valid: 3000 });
    const high = await obtain(e, { duid: clientDuid(18), na: [{ iaid: 1, preferred: 99999, valid: 99999 }] });
    expect(leasesIn(iaOf(high, 1))[0]).toMatchObject({ preferred: 4000, valid: 5000 });
  });

  it('calculates T1/T2 from the preferred lifetime when no timers are configured', async () => {
    const e = start({ 'renew-timer': undefined, 'rebind-timer': undefined, 'calculate-tee-times': true });
    const r = await obtain(e, { duid: clientDuid(19), na: [{ iaid: 1 }] });
    expect(iaOf(r, 1)).toMatchObject({ t1: 1500, t2: 2400 });
  });

  it('assigns several IA_NA and IA_PD of one message, each its own lease', async () => {
    const e = start();
    const c = { duid: clientDuid(20), na: [{ iaid: 1 }, { iaid: 2 }], pd: [{ iaid: 5 }, { iaid: 6 }] };
    const r = await obtain(e, c);
    const nas = [leasesIn(iaOf(r, 1))[0].lease, leasesIn(iaOf(r, 2))[0].lease];
    const pds = [leasesIn(iaOf(r, 5, OPT.IA_PD))[0].lease, leasesIn(iaOf(r, 6, OPT.IA_PD))[0].lease];
    expect(new Set(nas).size).toBe(2);
    expect(new Set(pds).size).toBe(2);
    for (const p of pds) expect(p).toMatch(/^2001:db8:80[0-9a-f]{2}::\/56$|^2001:db8:8000:[0-9a-f]+00::\/56$/);
    const stored = await getStore().leases.getAll();
    expect(stored.filter((l) => l.type === 'IA_PD').map((l) => l.prefixLen)).toEqual([56, 56]);
    expect(stored).toHaveLength(4);
  });

  it('delegates a hinted prefix from a pd-pool', async () => {
    const e = start();
    const r = await obtain(e, { duid: clientDuid(21), pd: [{ iaid: 1, hint: '2001:db8:8000:4200::', len: 56 }] });
    expect(leasesIn(iaOf(r, 1, OPT.IA_PD))[0].lease).toBe('2001:db8:8000:4200::/56');
  });

  it('answers with NoAddrsAvail / NoPrefixAvail in the IA when the pools are exhausted', async () => {
    const e = start({
      subnet6: [{ id: 1, subnet: '2001:db8:1::/64', interface: 'eth0', pools: [{ pool: '2001:db8:1::10-2001:db8:1::11' }],
        'pd-pools': [{ prefix: '2001:db8:8000::', 'prefix-len': 55, 'delegated-len': 56 }] }],
    });
    for (let i = 0; i < 2; i++) await obtain(e, { duid: clientDuid(30 + i), na: [{ iaid: 1 }], pd: [{ iaid: 1 }] });
    const c = { duid: clientDuid(40), na: [{ iaid: 1 }], pd: [{ iaid: 1 }] };
    const adv = await mustAnswer(e, message(MSG.SOLICIT, clientOptions(c)));
    expect(statusOf(iaOf(adv, 1).options)).toBe(STATUS.NoAddrsAvail);
    expect(statusOf(iaOf(adv, 1, OPT.IA_PD).options)).toBe(STATUS.NoPrefixAvail);
    expect(leasesIn(iaOf(adv, 1))).toEqual([]);
    const rep = await mustAnswer(e, message(MSG.REQUEST, clientOptions({ ...c, serverId: SERVER_DUID })));
    expect(statusOf(iaOf(rep, 1).options)).toBe(STATUS.NoAddrsAvail);
    expect(statusOf(iaOf(rep, 1, OPT.IA_PD).options)).toBe(STATUS.NoPrefixAvail);
    expect(iaOf(rep, 1)).toMatchObject({ t1: 0, t2: 0 });
    expect(e.statistics.value('v6-allocation-fail')).toBe(4);
    expect(e.statistics.value('v6-allocation-fail-subnet')).toBe(4);
  });

  it('counts an IA_PD in a subnet without pd-pools as v6-allocation-fail-no-pools', async () => {
    const e = start({ subnet6: [{ id: 1, subnet: '2001:db8:1::/64', interface: 'eth0', pools: [{ pool: '2001:db8:1::100-2001:db8:1::1ff' }] }] });
    const adv = await mustAnswer(e, message(MSG.SOLICIT, clientOptions({ duid: clientDuid(44), na: [{ iaid: 1 }], pd: [{ iaid: 2 }] })));
    expect(leasesIn(iaOf(adv, 1))).toHaveLength(1);
    expect(statusOf(iaOf(adv, 2, OPT.IA_PD).options)).toBe(STATUS.NoPrefixAvail);
    expect(e.statistics.value('v6-allocation-fail')).toBe(1);
    expect(e.statistics.value('v6-allocation-fail-no-pools')).toBe(1);
  });

  it('sends PD_EXCLUDE for the pd-pool\'s excluded prefix when the client asks for it', async () => {
    const e = start({
      subnet6: [{ id: 1, subnet: '2001:db8:1::/64', interface: 'eth0',
        'pd-pools': [{ prefix: '2001:db8:8000::', 'prefix-len': 48, 'delegated-len': 56, 'excluded-prefix': '2001:db8:8000:ff::', 'excluded-prefix-len': 64 }] }],
    });
    const r = await obtain(e, { duid: clientDuid(45), pd: [{ iaid: 1 }], oro: [OPT.PD_EXCLUDE] });
    const prefix = findOption(iaOf(r, 1, OPT.IA_PD).options, OPT.IAPREFIX, 'iaprefix')!;
    expect(prefix.prefix).toBe('2001:db8:8000::');
    const excluded = findOption(prefix.options, OPT.PD_EXCLUDE, 'pd_exclude');
    expect(excluded).toMatchObject({ prefixLen: 64 });
    expect(excluded!.subnetId).toEqual(Buffer.from([0xff]));
    const unasked = await obtain(e, { duid: clientDuid(46), pd: [{ iaid: 1 }] });
    expect(findOption(iaOf(unasked, 1, OPT.IA_PD).options, OPT.IAPREFIX, 'iaprefix')!.options).toEqual([]);
  });

  it('answers NoAddrsAvail when no subnet serves the client\'s link', async () => {
    const e = start();
    const adv = await mustAnswer(e, message(MSG.SOLICIT, clientOptions({ duid: clientDuid(41), na: [{ iaid: 1 }] })), { ...DIRECT, iface: 'eth7' });
    expect(statusOf(iaOf(adv, 1).options)).toBe(STATUS.NoAddrsAvail);
  });

  it('commits on SOLICIT with Rapid Commit when the subnet allows it, answering REPLY with the option', async () => {
    const e = start({ 'rapid-commit': true });
    const r = await mustAnswer(e, message(MSG.SOLICIT, clientOptions({ duid: clientDuid(42), na: [{ iaid: 1 }], rapidCommit: true })));
    expect(r.msgType).toBe(MSG.REPLY);
    expect(findOption(r.options, OPT.RAPID_COMMIT)).toBeDefined();
    expect(await getStore().leases.get(leasesIn(iaOf(r, 1))[0].lease)).not.toBeNull();
  });

  it('answers SOLICIT with Rapid Commit by ADVERTISE when the subnet does not allow it', async () => {
    const e = start();
    const r = await mustAnswer(e, message(MSG.SOLICIT, clientOptions({ duid: clientDuid(43), na: [{ iaid: 1 }], rapidCommit: true })));
    expect(r.msgType).toBe(MSG.ADVERTISE);
    expect(findOption(r.options, OPT.RAPID_COMMIT)).toBeUndefined();
    expect(await getStore().leases.getAll()).toEqual([]);
  });

  it('extends the binding on RENEW', async () => {
    const e = start();
    const c = { duid: clientDuid(50), na: [{ iaid: 1 }], pd: [{ iaid: 2 }] };
    const r = await obtain(e, c);
    const before = await getStore().leases.get(leasesIn(iaOf(r, 1))[0].lease);
    await getStore().leases.apply([{ op: 'update', lease: { ...before!, cltt: before!.cltt - 500 }, event: 'updated' }]);
    const renew = await mustAnswer(e, requestFrom(r, c, MSG.RENEW));
    expect(renew.msgType).toBe(MSG.REPLY);
    expect(leasesIn(iaOf(renew, 1))).toEqual(leasesIn(iaOf(r, 1)));
    expect(leasesIn(iaOf(renew, 2, OPT.IA_PD))).toEqual(leasesIn(iaOf(r, 2, OPT.IA_PD)));
    const after = await getStore().leases.get(before!.address);
    expect(after!.cltt).toBeGreaterThanOrEqual(before!.cltt);
    expect(after!.cltt).toBeGreaterThan(before!.cltt - 500);
  });

  it('answers RENEW for an unknown binding with NoBinding in that IA', async () => {
    const e = start();
    const c = { duid: clientDuid(51), na: [{ iaid: 1, hint: '2001:db8:1::150' }], serverId: SERVER_DUID };
    const r = await mustAnswer(e, message(MSG.RENEW, clientOptions(c)));
    expect(statusOf(iaOf(r, 1).options)).toBe(STATUS.NoBinding);
    expect(leasesIn(iaOf(r, 1))).toEqual([]);
  });

  it('returns an address the client does not hold with lifetimes 0 on RENEW', async () => {
    const e = start();
    const c = { duid: clientDuid(52), na: [{ iaid: 1 }] };
    const r = await obtain(e, c);
    const mine = leasesIn(iaOf(r, 1))[0].lease;
    const renew = message(MSG.RENEW, [clientIdOption(c.duid), serverIdOption(SERVER_DUID),
      iaNaOption(1, 0, 0, [iaAddrOption(mine, 0, 0), iaAddrOption('2001:db8:1::1fe', 0, 0)])]);
    const ans = await mustAnswer(e, renew);
    expect(leasesIn(iaOf(ans, 1))).toEqual([
      { lease: mine, preferred: 3000, valid: 4000 },
      { lease: '2001:db8:1::1fe', preferred: 0, valid: 0 },
    ]);
  });

  it('extends the binding on REBIND', async () => {
    const e = start();
    const c = { duid: clientDuid(53), na: [{ iaid: 1 }] };
    const r = await obtain(e, c);
    const ans = await mustAnswer(e, requestFrom(r, c, MSG.REBIND));
    expect(leasesIn(iaOf(ans, 1))).toEqual(leasesIn(iaOf(r, 1)));
    expect(statusOf(iaOf(ans, 1).options)).toBeUndefined();
  });

  it('answers REBIND for addresses not appropriate for the link with lifetimes 0', async () => {
    const e = start();
    const c = { duid: clientDuid(54), na: [{ iaid: 1, hint: '2001:db8:99::5' }] };
    const r = await mustAnswer(e, message(MSG.REBIND, clientOptions(c)));
    expect(leasesIn(iaOf(r, 1))).toEqual([{ lease: '2001:db8:99::5', preferred: 0, valid: 0 }]);
  });

  it('answers REBIND for an unknown binding on the link with NoBinding', async () => {
    const e = start();
    const c = { duid: clientDuid(55), na: [{ iaid: 1, hint: '2001:db8:1::155' }] };
    const r = await mustAnswer(e, message(MSG.REBIND, clientOptions(c)));
    expect(statusOf(iaOf(r, 1).options)).toBe(STATUS.NoBinding);
    expect(leasesIn(iaOf(r, 1))).toEqual([]);
  });

  it('deletes released leases and answers Success, with NoBinding for an IA not bound', async () => {
    const e = start();
    const c = { duid: clientDuid(56), na: [{ iaid: 1 }], pd: [{ iaid: 2 }] };
    const r = await obtain(e, c);
    const rel = requestFrom(r, c, MSG.RELEASE);
    rel.options.push(iaNaOption(9, 0, 0, [iaAddrOption('2001:db8:1::1ff', 0, 0)]));
    const ans = await mustAnswer(e, rel);
    expect(ans.msgType).toBe(MSG.REPLY);
    expect(statusOf(ans.options)).toBe(STATUS.Success);
    expect(statusOf(iaOf(ans, 1).options)).toBe(STATUS.Success);
    expect(statusOf(iaOf(ans, 2, OPT.IA_PD).options)).toBe(STATUS.Success);
    expect(statusOf(iaOf(ans, 9).options)).toBe(STATUS.NoBinding);
    expect(await getStore().leases.getAll()).toEqual([]);
  });

  it('does not release another client\'s lease', async () => {
    const e = start();
    const owner = { duid: clientDuid(57), na: [{ iaid: 1 }] };
    const r = await obtain(e, owner);
    const thief = { duid: clientDuid(58), na: [{ iaid: 1 }] };
    const ans = await mustAnswer(e, requestFrom(r, thief, MSG.RELEASE));
    expect(statusOf(iaOf(ans, 1).options)).toBe(STATUS.NoBinding);
    expect(await getStore().leases.getAll()).toHaveLength(1);
  });

  it('holds a declined address for the probation period, stripped of its client', async () => {
    const e = start({ 'decline-probation-period': 600 });
    const c = { duid: clientDuid(59), na: [{ iaid: 1 }] };
    const r = await obtain(e, c);
    const address = leasesIn(iaOf(r, 1))[0].lease;
    const ans = await mustAnswer(e, requestFrom(r, c, MSG.DECLINE));
    expect(statusOf(ans.options)).toBe(STATUS.Success);
    expect(statusOf(iaOf(ans, 1).options)).toBe(STATUS.Success);
    const l = await getStore().leases.get(address);
    expect(l).toMatchObject({ state: 1, validLft: 600, preferredLft: 0, hostname: '', hwaddr: null });
    expect(l!.duid).toEqual(Buffer.from([0]));
    expect(e.statistics.value('declined-addresses')).toBe(1);
    expect(e.statistics.value('subnet[1].declined-addresses')).toBe(1);
    // The address is not offered to anyone while on probation.
    const other = await obtain(e, { duid: clientDuid(60), na: [{ iaid: 1, hint: address }] });
    expect(leasesIn(iaOf(other, 1))[0].lease).not.toBe(address);
  });

  it('answers DECLINE of an address not bound to the client with NoBinding', async () => {
    const e = start();
    const c = { duid: clientDuid(61), na: [{ iaid: 1, hint: '2001:db8:1::160' }], serverId: SERVER_DUID };
    const ans = await mustAnswer(e, message(MSG.DECLINE, clientOptions(c)));
    expect(statusOf(ans.options)).toBe(STATUS.Success);
    expect(statusOf(iaOf(ans, 1).options)).toBe(STATUS.NoBinding);
  });

  it('answers CONFIRM with Success when every address is on the link, NotOnLink otherwise', async () => {
    const e = start();
    const duid = clientDuid(62);
    const on = await mustAnswer(e, message(MSG.CONFIRM, [clientIdOption(duid), iaNaOption(1, 0, 0, [iaAddrOption('2001:db8:1::123', 0, 0)])]));
    expect(statusOf(on.options)).toBe(STATUS.Success);
    const off = await mustAnswer(e, message(MSG.CONFIRM, [clientIdOption(duid),
      iaNaOption(1, 0, 0, [iaAddrOption('2001:db8:1::123', 0, 0), iaAddrOption('2001:db8:5::1', 0, 0)])]));
    expect(statusOf(off.options)).toBe(STATUS.NotOnLink);
  });

  it('does not answer CONFIRM without addresses or when no subnet serves the link', async () => {
    const e = start();
    const duid = clientDuid(63);
    expect(await send(e, message(MSG.CONFIRM, [clientIdOption(duid), iaNaOption(1, 0, 0)]))).toBeNull();
    expect(await send(e, message(MSG.CONFIRM, [clientIdOption(duid), iaNaOption(1, 0, 0, [iaAddrOption('2001:db8:1::1', 0, 0)])]), { ...DIRECT, iface: 'eth9' })).toBeNull();
  });

  it('answers INFORMATION-REQUEST with the requested options only', async () => {
    const e = start({ 'option-data': [{ name: 'dns-servers', data: '2001:db8::53' }, { name: 'domain-search', data: 'example.com' }] });
    const ans = await mustAnswer(e, message(MSG.INFORMATION_REQUEST, [clientIdOption(clientDuid(64)), { kind: 'oro', code: OPT.ORO, codes: [OPT.DNS_SERVERS] }]));
    expect(ans.msgType).toBe(MSG.REPLY);
    expect(findOption(ans.options, OPT.DNS_SERVERS, 'addresses')?.addresses).toEqual(['2001:db8::53']);
    expect(findOption(ans.options, OPT.DOMAIN_LIST)).toBeUndefined();
    expect(findOption(ans.options, OPT.IA_NA)).toBeUndefined();
  });

  it('takes requested options from the subnet before the global level, and sends always-send ones', async () => {
    const e = start({
      'option-data': [{ name: 'dns-servers', data: '2001:db8::53' }, { name: 'sntp-servers', data: '2001:db8::123', 'always-send': true }],
      subnet6: [{ id: 1, subnet: '2001:db8:1::/64', interface: 'eth0',
        pools: [{ pool: '2001:db8:1::100-2001:db8:1::1ff', 'option-data': [{ name: 'domain-search', data: 'pool.example' }] }],
        'option-data': [{ name: 'dns-servers', data: '2001:db8:1::53' }, { name: 'domain-search', data: 'subnet.example' }] }],
    });
    const r = await obtain(e, { duid: clientDuid(65), na: [{ iaid: 1 }], oro: [OPT.DNS_SERVERS, OPT.DOMAIN_LIST] });
    expect(findOption(r.options, OPT.DNS_SERVERS, 'addresses')?.addresses).toEqual(['2001:db8:1::53']);
    expect(findOption(r.options, OPT.DOMAIN_LIST, 'domains')?.domains).toEqual(['pool.example']);
    expect(findOption(r.options, OPT.SNTP_SERVERS, 'addresses')?.addresses).toEqual(['2001:db8::123']);
  });

  it('drops SOLICIT, REBIND and CONFIRM carrying a server identifier, counting pkt6-receive-drop', async () => {
    const e = start();
    const duid = clientDuid(66);
    for (const t of [MSG.SOLICIT, MSG.REBIND, MSG.CONFIRM]) {
      expect(await send(e, message(t, clientOptions({ duid, na: [{ iaid: 1, hint: '2001:db8:1::100' }], serverId: SERVER_DUID })))).toBeNull();
    }
    expect(e.statistics.value('pkt6-receive-drop')).toBe(3);
  });

  it('drops REQUEST, RENEW, RELEASE and DECLINE without our server identifier', async () => {
    const e = start();
    const duid = clientDuid(67);
    for (const t of [MSG.REQUEST, MSG.RENEW, MSG.RELEASE, MSG.DECLINE]) {
      expect(await send(e, message(t, clientOptions({ duid, na: [{ iaid: 1 }] })))).toBeNull();
      expect(await send(e, message(t, clientOptions({ duid, na: [{ iaid: 1 }], serverId: OTHER_SERVER })))).toBeNull();
    }
    expect(e.statistics.value('pkt6-receive-drop')).toBe(8);
  });

  it('drops an INFORMATION-REQUEST naming another server', async () => {
    const e = start();
    expect(await send(e, message(MSG.INFORMATION_REQUEST, [serverIdOption(OTHER_SERVER)]))).toBeNull();
    expect(await send(e, message(MSG.INFORMATION_REQUEST, [serverIdOption(SERVER_DUID)]))).not.toBeNull();
  });

  it('counts a malformed packet as pkt6-parse-failed and pkt6-receive-drop, never throwing', async () => {
    const e = start();
    expect(await e.receive(Buffer.from([1, 0, 0]), DIRECT)).toBeNull();
    const truncated = encodePacket(message(MSG.SOLICIT, [clientIdOption(clientDuid(68))])).subarray(0, 10);
    expect(await e.receive(truncated, DIRECT)).toBeNull();
    expect(e.statistics.value('pkt6-parse-failed')).toBe(2);
    expect(e.statistics.value('pkt6-receive-drop')).toBe(2);
    expect(e.statistics.value('pkt6-received')).toBe(0);
  });

  it('counts received and sent packets by type with Kea\'s names', async () => {
    const e = start();
    await obtain(e, { duid: clientDuid(69), na: [{ iaid: 1 }] });
    const s = e.statistics;
    expect(s.value('pkt6-received')).toBe(2);
    expect(s.value('pkt6-solicit-received')).toBe(1);
    expect(s.value('pkt6-request-received')).toBe(1);
    expect(s.value('pkt6-advertise-sent')).toBe(1);
    expect(s.value('pkt6-reply-sent')).toBe(1);
    expect(s.value('pkt6-sent')).toBe(2);
    expect(s.value('cumulative-assigned-nas')).toBe(1);
    expect(s.value('subnet[1].cumulative-assigned-nas')).toBe(1);
    expect(s.value('subnet[1].assigned-nas')).toBe(1);
  });

  it('drops everything while the service is disabled (dhcp-disable) and answers again once enabled', async () => {
    const e = start();
    const sol = message(MSG.SOLICIT, clientOptions({ duid: clientDuid(70), na: [{ iaid: 1 }] }));
    e.networkState.disable();
    expect(await send(e, sol)).toBeNull();
    e.networkState.enable();
    expect(await send(e, sol)).not.toBeNull();
  });

  it('answers with the configuration it was given last (setConfig)', async () => {
    const e = start();
    e.setConfig(makeConfig({ subnet6: [{ id: 1, subnet: '2001:db8:1::/64', interface: 'eth0', pools: [{ pool: '2001:db8:1::500-2001:db8:1::5ff' }] }] }));
    const adv = await mustAnswer(e, message(MSG.SOLICIT, clientOptions({ duid: clientDuid(71), na: [{ iaid: 1 }] })));
    expect(leasesIn(iaOf(adv, 1))[0].lease).toBe('2001:db8:1::500');
  });
});
