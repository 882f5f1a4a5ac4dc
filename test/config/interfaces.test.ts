import { describe, expect, it } from 'vitest';
import { configErrorOf, parseDhcp6 } from './dhcp6-config.js';

describe('interfaces-config', () => {
  it('reads names, the unicast form and re-detect', () => {
    const c = parseDhcp6({ 'interfaces-config': { interfaces: ['eth0', 'eth1/2001:DB8:1::0001'], 're-detect': false, comment: 'lab' } });
    expect(c.interfaces).toEqual([{ name: 'eth0' }, { name: 'eth1', unicast: '2001:db8:1::1' }]);
    expect(c.reDetectInterfaces).toBe(false);
  });

  it('refuses "*" for now, with a way forward', () => {
    expect(configErrorOf({ 'interfaces-config': { interfaces: ['eth0', '*'] } }).message).toBe(
      'Dhcp6.interfaces-config.interfaces[1]: "*" (all interfaces) is not supported by dhcp6-agent yet: list the interfaces by name',
    );
  });

  it('refuses bad names, bad unicast addresses and repeats', () => {
    expect(configErrorOf({ 'interfaces-config': { interfaces: ['eth0/2001:db8::zz'] } }).message).toBe(
      'Dhcp6.interfaces-config.interfaces[0]: "2001:db8::zz" in "eth0/2001:db8::zz" is not a valid IPv6 unicast address',
    );
    expect(configErrorOf({ 'interfaces-config': { interfaces: ['eth0/ff02::1:2'] } }).path).toBe('Dhcp6.interfaces-config.interfaces[0]');
    expect(configErrorOf({ 'interfaces-config': { interfaces: ['a-very-long-interface-name'] } }).path).toBe('Dhcp6.interfaces-config.interfaces[0]');
    expect(configErrorOf({ 'interfaces-config': { interfaces: [''] } }).path).toBe('Dhcp6.interfaces-config.interfaces[0]');
    expect(configErrorOf({ 'interfaces-config': { interfaces: ['eth0', 'eth0/2001:db8::1'] } }).message).toBe(
      'Dhcp6.interfaces-config.interfaces[1]: interface "eth0" is listed more than once',
    );
    expect(configErrorOf({ 'interfaces-config': { interfaces: [7] } }).message).toBe('Dhcp6.interfaces-config.interfaces[0]: must be a string, got 7');
  });
});
