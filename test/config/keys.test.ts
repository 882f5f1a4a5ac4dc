import { describe, expect, it } from 'vitest';
import { configErrorOf, subnet } from './dhcp6-config.js';

describe('unknown keys', () => {
  it('names the key path and suggests the nearest supported key', () => {
    expect(configErrorOf({ 'valid-lifetme': 10 }).message).toBe("Dhcp6.valid-lifetme: unknown key (did you mean 'valid-lifetime'?)");
    expect(configErrorOf({ subnet: [] }).message).toBe("Dhcp6.subnet: unknown key (did you mean 'subnet6'?)");
    expect(configErrorOf({ valid_lifetime: 10 }).message).toBe("Dhcp6.valid_lifetime: unknown key (did you mean 'valid-lifetime'?)");
  });

  it('gives no suggestion when nothing is near', () => {
    expect(configErrorOf({ 'frobnicate-everything': true }).message).toBe('Dhcp6.frobnicate-everything: unknown key');
  });

  it('finds unknown keys at every level', () => {
    const cases: [Record<string, unknown>, string][] = [
      [{ subnet6: [subnet({ pool: [] })] }, "Dhcp6.subnet6[0].pool: unknown key (did you mean 'pools'?)"],
      [{ subnet6: [subnet({ pools: [{ pool: '2001:db8:1::/120', opton: 1 }] })] }, 'Dhcp6.subnet6[0].pools[0].opton: unknown key'],
      [
        { subnet6: [subnet({ 'pd-pools': [{ prefix: '2001:db8:8::', 'prefix-len': 48, 'delegated-len': 56, 'delegated-length': 1 }] })] },
        "Dhcp6.subnet6[0].pd-pools[0].delegated-length: unknown key (did you mean 'delegated-len'?)",
      ],
      [{ reservations: [{ duid: '01:02', 'ip-address': '2001:db8::1' }] }, "Dhcp6.reservations[0].ip-address: unknown key (did you mean 'ip-addresses'?)"],
      [{ 'option-data': [{ name: 'dns-servers', date: '2001:db8::1' }] }, "Dhcp6.option-data[0].date: unknown key (did you mean 'data'?)"],
      [{ 'interfaces-config': { interface: [] } }, "Dhcp6.interfaces-config.interface: unknown key (did you mean 'interfaces'?)"],
      [{ 'control-socket': { 'socket-type': 'unix', 'socket-name': '/run/x.sock', 'socket-nam': 'y' } }, "Dhcp6.control-socket.socket-nam: unknown key (did you mean 'socket-name'?)"],
      [{ 'hooks-libraries': [{ library: 'run-script', params: {} }] }, 'Dhcp6.hooks-libraries[0].params: unknown key'],
      [{ loggers: [{ name: 'kea-dhcp6', severty: 'INFO' }] }, "Dhcp6.loggers[0].severty: unknown key (did you mean 'severity'?)"],
      [{ loggers: [{ name: 'kea-dhcp6', output_options: [{ outputs: 'stdout' }] }] }, "Dhcp6.loggers[0].output_options[0].outputs: unknown key (did you mean 'output'?)"],
      [{ 'lease-database': { type: 'postgresql', name: 'x', hots: 'h' } }, "Dhcp6.lease-database.hots: unknown key (did you mean 'host'?)"],
    ];
    for (const [dhcp6, message] of cases) expect(configErrorOf(dhcp6).message).toBe(message);
  });
});

describe('Kea keys dhcp6-agent does not implement', () => {
  it('says "not supported", distinct from a typo, at the global level', () => {
    for (const key of ['shared-networks', 'client-classes', 'option-def', 'dhcp-ddns', 'multi-threading', 'sanity-checks', 'reservation-mode']) {
      expect(configErrorOf({ [key]: [] }).message).toBe(`Dhcp6.${key}: not supported by dhcp6-agent`);
    }
    expect(configErrorOf({ 'hosts-databases': [] }).message).toBe(
      "Dhcp6.hosts-databases: not supported by dhcp6-agent (give one 'hosts-database')",
    );
  });

  it('says "not supported" inside subnets, pools, reservations and option-data', () => {
    expect(configErrorOf({ subnet6: [subnet({ relay: { 'ip-addresses': [] } })] }).message).toBe(
      'Dhcp6.subnet6[0].relay: not supported by dhcp6-agent',
    );
    expect(configErrorOf({ subnet6: [subnet({ pools: [{ pool: '2001:db8:1::/120', 'client-class': 'x' }] })] }).message).toBe(
      'Dhcp6.subnet6[0].pools[0].client-class: not supported by dhcp6-agent',
    );
    expect(configErrorOf({ reservations: [{ duid: '01:02', 'client-classes': [] }] }).message).toBe(
      'Dhcp6.reservations[0].client-classes: not supported by dhcp6-agent',
    );
    expect(configErrorOf({ 'option-data': [{ name: 'dns-servers', data: '2001:db8::1', space: 'vendor-4491' }] }).message).toBe(
      'Dhcp6.option-data[0].space: "vendor-4491" is not supported by dhcp6-agent: only the "dhcp6" option space is',
    );
    expect(configErrorOf({ 'interfaces-config': { interfaces: [], 'service-sockets-max-retries': 5 } }).message).toBe(
      'Dhcp6.interfaces-config.service-sockets-max-retries: not supported by dhcp6-agent',
    );
    expect(configErrorOf({ 'lease-database': { type: 'postgresql', name: 'x', 'connect-timeout': 5 } }).message).toBe(
      'Dhcp6.lease-database.connect-timeout: not supported by dhcp6-agent',
    );
  });
});
