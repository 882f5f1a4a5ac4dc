import { expect, it } from 'vitest';
import type os from 'node:os';
import { describeDuid } from '../../src/dhcp6/duid.js';
import { loadOrCreateServerDuid } from '../../src/engine/server-duid.js';
import type { ServerIdConfig } from '../../src/config/types.js';
import { forEachDriver } from '../helpers/stores.js';

function table(mac: string): NodeJS.Dict<os.NetworkInterfaceInfo[]> {
  return {
    lo: [{ address: '::1', netmask: 'ffff:ffff:ffff:ffff:ffff:ffff:ffff:ffff', family: 'IPv6', mac: '00:00:00:00:00:00', internal: true, cidr: '::1/128', scopeid: 0 }],
    eth0: [{ address: 'fe80::1', netmask: 'ffff:ffff:ffff:ffff::', family: 'IPv6', mac, internal: false, cidr: 'fe80::1/64', scopeid: 2 }],
  };
}

const LLT: ServerIdConfig = { type: 'LLT', persist: true };

forEachDriver('server DUID', (getStore) => {
  it('makes a DUID-LLT from an interface\'s hardware address and keeps it across restarts', async () => {
    const first = await loadOrCreateServerDuid(LLT, getStore(), 'agent-1', table('52:54:00:12:34:56'));
    const d = describeDuid(first);
    expect(d).toMatchObject({ type: 'LLT', htype: 1 });
    expect(d.linkLayer).toEqual(Buffer.from('525400123456', 'hex'));
    const again = await loadOrCreateServerDuid(LLT, getStore(), 'agent-1', table('52:54:00:ff:ff:ff'));
    expect(again).toEqual(first);
  });

  it('gives each agent sharing the database its own DUID', async () => {
    const a = await loadOrCreateServerDuid(LLT, getStore(), 'agent-1', table('52:54:00:00:00:01'));
    const b = await loadOrCreateServerDuid(LLT, getStore(), 'agent-2', table('52:54:00:00:00:02'));
    expect(a).not.toEqual(b);
  });

  it('honours a configured EN or LL identifier', async () => {
    const en = await loadOrCreateServerDuid({ type: 'EN', enterpriseId: 2495, identifier: Buffer.from('0102030405', 'hex'), persist: true }, getStore(), 'a', table('52:54:00:00:00:01'));
    expect(en.toString('hex')).toBe('0002000009bf0102030405');
    const ll = await loadOrCreateServerDuid({ type: 'LL', identifier: Buffer.from('aabbccddeeff', 'hex'), persist: true }, getStore(), 'b', table('52:54:00:00:00:01'));
    expect(ll.toString('hex')).toBe('00030001aabbccddeeff');
  });

  it('replaces the kept DUID when the configuration asks for another one', async () => {
    await loadOrCreateServerDuid(LLT, getStore(), 'agent-1', table('52:54:00:00:00:01'));
    const en = await loadOrCreateServerDuid({ type: 'EN', persist: true }, getStore(), 'agent-1', table('52:54:00:00:00:01'));
    expect(describeDuid(en)).toMatchObject({ type: 'EN', enterpriseId: 2495 });
    expect(await loadOrCreateServerDuid({ type: 'EN', persist: true }, getStore(), 'agent-1', table('52:54:00:00:00:01'))).toEqual(en);
  });

  it('keeps nothing when persist is false', async () => {
    await loadOrCreateServerDuid({ type: 'LLT', persist: false }, getStore(), 'agent-1', table('52:54:00:00:00:01'));
    expect(await getStore().state.get('server-duid:agent-1')).toBeNull();
  });
});
