import { afterEach, expect, it } from 'vitest';
import { MSG, OPT } from '../../src/dhcp6/constants.js';
import { findOption } from '../../src/dhcp6/codec.js';
import type { Dhcp6Packet } from '../../src/dhcp6/types.js';
import type { Engine } from '../../src/engine/engine.js';
import { forEachDriver } from '../helpers/stores.js';
import { RELAYED, clientDuid, clientOptions, iaOf, leasesIn, makeConfig, makeEngine, message, obtain, relay, send } from './harness.js';

const SUBNETS = {
  subnet6: [
    { id: 1, subnet: '2001:db8:1::/64', interface: 'eth0', pools: [{ pool: '2001:db8:1::100-2001:db8:1::1ff' }] },
    { id: 2, subnet: '2001:db8:2::/64', pools: [{ pool: '2001:db8:2::100-2001:db8:2::1ff' }] },
    { id: 3, subnet: '2001:db8:3::/64', 'interface-id': 'port-7', pools: [{ pool: '2001:db8:3::100-2001:db8:3::1ff' }] },
  ],
};

forEachDriver('engine relayed clients', (getStore) => {
  let engine: Engine | null = null;
  afterEach(async () => {
    await engine?.stop();
    engine = null;
  });
  const start = () => (engine = makeEngine(getStore(), makeConfig(SUBNETS)));

  it('selects the subnet by the relay link-address and answers the relay with a RELAY-REPL on port 547', async () => {
    const e = start();
    const sol = relay(message(MSG.SOLICIT, clientOptions({ duid: clientDuid(1), na: [{ iaid: 1 }] })), [{ linkAddress: '2001:db8:2::1', peerAddress: 'fe80::c1' }]);
    const a = await send(e, sol, RELAYED);
    expect(a!.answer).toMatchObject({ address: RELAYED.remoteAddress, port: 547 });
    expect(a!.packet).toMatchObject({ kind: 'relay', msgType: MSG.RELAY_REPL, linkAddress: '2001:db8:2::1', peerAddress: 'fe80::c1' });
    expect(a!.reply.msgType).toBe(MSG.ADVERTISE);
    expect(leasesIn(iaOf(a!.reply, 1))[0].lease).toBe('2001:db8:2::100');
  });

  it('mirrors a two-relay chain and uses the link-address of the relay closest to the client', async () => {
    const e = start();
    const wrap = (p: Dhcp6Packet) => relay(p, [{ linkAddress: '2001:db8:2::1', peerAddress: 'fe80::c1' }, { linkAddress: '2001:db8:1::1', peerAddress: '2001:db8:2::1' }]);
    const a = await send(e, wrap(message(MSG.SOLICIT, clientOptions({ duid: clientDuid(2), na: [{ iaid: 1 }] }))), RELAYED);
    expect(a!.relays.map((r) => [r.msgType, r.linkAddress, r.peerAddress, r.hopCount])).toEqual([
      [MSG.RELAY_REPL, '2001:db8:1::1', '2001:db8:2::1', 1],
      [MSG.RELAY_REPL, '2001:db8:2::1', 'fe80::c1', 0],
    ]);
    expect(leasesIn(iaOf(a!.reply, 1))[0].lease).toBe('2001:db8:2::100');
    const reply = await obtain(e, { duid: clientDuid(2), na: [{ iaid: 1 }] }, RELAYED, wrap);
    expect(reply.msgType).toBe(MSG.REPLY);
    const given = leasesIn(iaOf(reply, 1))[0].lease;
    expect(given).toMatch(/^2001:db8:2::1[0-9a-f]{2}$/);
    expect((await getStore().leases.get(given))!.subnetId).toBe(2);
  });

  it('selects the subnet by interface-id and echoes the Interface-Id option in the RELAY-REPL', async () => {
    const e = start();
    const interfaceId = { kind: 'opaque' as const, code: OPT.INTERFACE_ID, data: Buffer.from('port-7') };
    const sol = relay(message(MSG.SOLICIT, clientOptions({ duid: clientDuid(3), na: [{ iaid: 1 }] })), [{ linkAddress: '::', options: [interfaceId] }]);
    const a = await send(e, sol, RELAYED);
    expect(leasesIn(iaOf(a!.reply, 1))[0].lease).toBe('2001:db8:3::100');
    const echoed = findOption(a!.relays[0].options, OPT.INTERFACE_ID);
    expect(echoed && 'data' in echoed ? echoed.data.toString() : undefined).toBe('port-7');
  });

  it('answers a relayed client whose link no subnet covers with NoAddrsAvail', async () => {
    const e = start();
    const sol = relay(message(MSG.SOLICIT, clientOptions({ duid: clientDuid(4), na: [{ iaid: 1 }] })), [{ linkAddress: '2001:db8:77::1' }]);
    const a = await send(e, sol, RELAYED);
    expect(findOption(iaOf(a!.reply, 1).options, OPT.STATUS_CODE, 'status')?.status).toBe(2);
  });
});
