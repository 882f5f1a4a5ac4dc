import { describe, expect, it } from 'vitest';
import type { NetworkInterfaceInfo } from 'node:os';
import { InterfaceError, resolveInterfaces, type InterfaceTable } from '../../src/transport/interfaces.js';

function v6(address: string, scopeid: number, internal = false): NetworkInterfaceInfo {
  return { address, netmask: 'ffff:ffff:ffff:ffff::', family: 'IPv6', mac: '02:00:00:00:00:01', internal, cidr: `${address}/64`, scopeid };
}

const TABLE: InterfaceTable = {
  lo: [v6('::1', 0, true)],
  eth0: [
    { address: '192.0.2.1', netmask: '255.255.255.0', family: 'IPv4', mac: '02:00:00:00:00:01', internal: false, cidr: '192.0.2.1/24' },
    v6('2001:db8:0:0::1', 0),
    v6('fe80::1', 2),
  ],
  eth1: [v6('fe80::2', 3)],
  eth2: [{ address: '192.0.2.9', netmask: '255.255.255.0', family: 'IPv4', mac: '02:00:00:00:00:03', internal: false, cidr: '192.0.2.9/24' }],
};

describe('resolveInterfaces', () => {
  it('gives each interface its ifindex (the link-local scope id) and link-local address', () => {
    expect(resolveInterfaces([{ name: 'eth0' }, { name: 'eth1' }], TABLE)).toEqual([
      { name: 'eth0', ifindex: 2, linkLocal: 'fe80::1' },
      { name: 'eth1', ifindex: 3, linkLocal: 'fe80::2' },
    ]);
  });

  it('keeps the unicast address of "eth0/2001:db8::1" in canonical form', () => {
    expect(resolveInterfaces([{ name: 'eth0', unicast: '2001:DB8:0::1' }], TABLE)).toEqual([
      { name: 'eth0', ifindex: 2, linkLocal: 'fe80::1', unicast: '2001:db8::1' },
    ]);
  });

  it('serves an interface listed twice once, with its unicast address', () => {
    expect(resolveInterfaces([{ name: 'eth0' }, { name: 'eth0', unicast: '2001:db8::1' }], TABLE)).toEqual([
      { name: 'eth0', ifindex: 2, linkLocal: 'fe80::1', unicast: '2001:db8::1' },
    ]);
  });

  it('expands "*" to every non-loopback interface with a link-local address', () => {
    expect(resolveInterfaces([{ name: '*' }], TABLE).map((i) => i.name)).toEqual(['eth0', 'eth1']);
  });

  it('names an interface that does not exist', () => {
    expect(() => resolveInterfaces([{ name: 'eth9' }], TABLE)).toThrow(new InterfaceError('eth9', 'no such interface'));
  });

  it('names an interface without an IPv6 link-local address', () => {
    expect(() => resolveInterfaces([{ name: 'eth2' }], TABLE)).toThrow(/^interface 'eth2': has no IPv6 link-local address/);
  });

  it('refuses a unicast address the interface does not have', () => {
    expect(() => resolveInterfaces([{ name: 'eth1', unicast: '2001:db8::1' }], TABLE)).toThrow(
      "interface 'eth1': has no address 2001:db8::1 (configured as its unicast address)",
    );
  });

  it('refuses two different unicast addresses for one interface', () => {
    expect(() => resolveInterfaces([{ name: 'eth0', unicast: '2001:db8::1' }, { name: 'eth0', unicast: '2001:db8::2' }], TABLE)).toThrow(
      /^interface 'eth0': listed with two unicast addresses/,
    );
  });

  it('refuses a unicast address that is not IPv6', () => {
    expect(() => resolveInterfaces([{ name: 'eth0', unicast: '192.0.2.1' }], TABLE)).toThrow(/^interface 'eth0': unicast address '192.0.2.1' is not a valid IPv6 address/);
  });
});
