import { describe, expect, it } from 'vitest';
import { OPT } from '../../src/dhcp6/constants.js';
import type { Dhcp6RelayMessage } from '../../src/dhcp6/types.js';
import { SubnetIndex } from '../../src/engine/subnet-selection.js';
import { DIRECT, RELAYED, makeConfig } from './harness.js';

const cfg = makeConfig({
  subnet6: [
    { id: 1, subnet: '2001:db8:1::/64', interface: 'eth0' },
    { id: 2, subnet: '2001:db8:2::/64', 'interface-id': 'vlan20' },
    { id: 3, subnet: '2001:db8:3::/64' },
  ],
});
const index = new SubnetIndex(cfg.subnets);

function hop(linkAddress: string, interfaceId?: string): Dhcp6RelayMessage {
  const options: Dhcp6RelayMessage['options'] = [];
  if (interfaceId) options.push({ kind: 'opaque', code: OPT.INTERFACE_ID, data: Buffer.from(interfaceId) });
  return { kind: 'relay', msgType: 12, hopCount: 0, linkAddress, peerAddress: 'fe80::1', options };
}

describe('subnet selection', () => {
  it('selects the subnet configured on the interface a direct client is on', () => {
    expect(index.select(DIRECT, [])?.id).toBe(1);
  });

  it('selects nothing for a direct client on an interface no subnet names', () => {
    expect(index.select({ ...DIRECT, iface: 'eth9' }, [])).toBeNull();
  });

  it('selects by a direct client\'s global source address when no subnet names its interface', () => {
    expect(index.select({ ...DIRECT, iface: 'eth9', remoteAddress: '2001:db8:3::77' }, [])?.id).toBe(3);
  });

  it('selects a relayed client\'s subnet by the relay link-address', () => {
    expect(index.select(RELAYED, [hop('2001:db8:3::1')])?.id).toBe(3);
  });

  it('prefers the relay\'s interface-id over its link-address', () => {
    expect(index.select(RELAYED, [hop('2001:db8:3::1', 'vlan20')])?.id).toBe(2);
  });

  it('uses the link-address of the relay closest to the client (two relays)', () => {
    // relays[0] is the outermost relay (the one that sent to us), the last the client's own.
    expect(index.select(RELAYED, [hop('2001:db8:1::1'), hop('2001:db8:3::1')])?.id).toBe(3);
  });

  it('skips a relay that left link-address unspecified (::) and uses the next one out', () => {
    expect(index.select(RELAYED, [hop('2001:db8:3::1'), hop('::')])?.id).toBe(3);
  });

  it('selects nothing for a link-address outside every subnet', () => {
    expect(index.select(RELAYED, [hop('2001:db8:99::1')])).toBeNull();
  });

  it('does not select a relayed client by the interface the relay\'s packet arrived on', () => {
    expect(index.select({ ...RELAYED, iface: 'eth0' }, [hop('::')])).toBeNull();
  });
});
