import { describe, expect, it } from 'vitest';
import { configErrorOf, parseDhcp6, subnet } from './dhcp6-config.js';

const inSubnet = (...reservations: unknown[]) => ({ subnet6: [subnet({ reservations })] });

describe('reservations', () => {
  it('types a subnet reservation by DUID', () => {
    const c = parseDhcp6(inSubnet({
      duid: '00:03:00:01:02:00:00:00:00:01',
      'ip-addresses': ['2001:DB8:1:0::100', '2001:db8:1::101'],
      prefixes: ['2001:db8:8:100::/56'],
      hostname: 'printer',
      'option-data': [{ name: 'dns-servers', data: '2001:db8::53' }],
      'user-context': { owner: 'it' },
      comment: 'floor 2',
    }));
    const r = c.subnets[0].reservations[0];
    expect(r).toEqual({
      identifierType: 'duid',
      identifier: Buffer.from('00030001020000000001', 'hex'),
      ipAddresses: ['2001:db8:1::100', '2001:db8:1::101'],
      prefixes: ['2001:db8:8:100::/56'],
      hostname: 'printer',
      options: [{ code: 23, name: 'dns-servers', data: Buffer.from('20010db8000000000000000000000053', 'hex'), alwaysSend: false, neverSend: false }],
      userContext: { owner: 'it', comment: 'floor 2' },
    });
  });

  it('accepts hw-address, flex-id and Kea\'s quoted-text identifiers', () => {
    const c = parseDhcp6(inSubnet(
      { 'hw-address': '08:00:27:fe:8c:52', 'ip-addresses': ['2001:db8:1::5'] },
      { 'flex-id': "'port-7'" },
      { duid: '0a0b0c' },
    ));
    const [hw, flex, duid] = c.subnets[0].reservations;
    expect(hw).toMatchObject({ identifierType: 'hw-address', identifier: Buffer.from('080027fe8c52', 'hex') });
    expect(flex).toMatchObject({ identifierType: 'flex-id', identifier: Buffer.from('port-7'), ipAddresses: [], prefixes: [] });
    expect(duid.identifier).toEqual(Buffer.from([10, 11, 12]));
    expect(hw.hostname).toBeUndefined();
  });

  it('reads global reservations without a subnet to be inside of', () => {
    const c = parseDhcp6({ reservations: [{ duid: '01:02:03', 'ip-addresses': ['2001:db8:99::1'], hostname: '' }] });
    expect(c.reservations).toHaveLength(1);
    expect(c.reservations[0].ipAddresses).toEqual(['2001:db8:99::1']);
    expect(c.reservations[0].hostname).toBeUndefined();
  });

  it('lets a subnet and the global level reserve for the same client', () => {
    const c = parseDhcp6({ reservations: [{ duid: '01:02:03' }], ...inSubnet({ duid: '01:02:03', 'ip-addresses': ['2001:db8:1::9'] }) });
    expect(c.reservations[0].identifier).toEqual(c.subnets[0].reservations[0].identifier);
  });
});

describe('reservation errors', () => {
  it('requires exactly one identifier', () => {
    expect(configErrorOf(inSubnet({ 'ip-addresses': ['2001:db8:1::5'] })).message).toBe(
      "Dhcp6.subnet6[0].reservations[0]: needs an identifier: one of 'duid', 'hw-address', 'flex-id'",
    );
    expect(configErrorOf(inSubnet({ duid: '01:02', 'hw-address': '01:02:03:04:05:06' })).message).toBe(
      "Dhcp6.subnet6[0].reservations[0].hw-address: cannot be given together with 'duid': a reservation has exactly one identifier",
    );
  });

  it('rejects malformed identifiers', () => {
    expect(configErrorOf(inSubnet({ duid: '01:zz' })).path).toBe('Dhcp6.subnet6[0].reservations[0].duid');
    expect(configErrorOf(inSubnet({ duid: '' })).message).toBe('Dhcp6.subnet6[0].reservations[0].duid: must not be empty');
    expect(configErrorOf(inSubnet({ 'hw-address': '01'.repeat(21) })).message).toBe(
      'Dhcp6.subnet6[0].reservations[0].hw-address: is 21 bytes long, more than the 20 a hw-address can have',
    );
    expect(configErrorOf(inSubnet({ duid: 'ab'.repeat(129) })).path).toBe('Dhcp6.subnet6[0].reservations[0].duid');
  });

  it('requires reserved addresses inside the subnet', () => {
    expect(configErrorOf(inSubnet({ duid: '01:02', 'ip-addresses': ['2001:db8:1::5', '2001:db8:2::5'] })).message).toBe(
      'Dhcp6.subnet6[0].reservations[0].ip-addresses[1]: 2001:db8:2::5 is not inside subnet 2001:db8:1::/64',
    );
    expect(configErrorOf(inSubnet({ duid: '01:02', 'ip-addresses': ['2001:db8:1::5/128'] })).path).toBe(
      'Dhcp6.subnet6[0].reservations[0].ip-addresses[0]',
    );
    expect(configErrorOf(inSubnet({ duid: '01:02', 'ip-addresses': '2001:db8:1::5' })).message).toBe(
      'Dhcp6.subnet6[0].reservations[0].ip-addresses: must be a list (JSON array), got "2001:db8:1::5"',
    );
  });

  it('checks reserved prefixes and their lengths', () => {
    expect(configErrorOf(inSubnet({ duid: '01:02', prefixes: ['2001:db8:8::/129'] })).message).toBe(
      'Dhcp6.subnet6[0].reservations[0].prefixes[0]: "2001:db8:8::/129" is not a valid prefix: prefix length 129 is over 128',
    );
    expect(configErrorOf(inSubnet({ duid: '01:02', prefixes: ['2001:db8:8::'] })).path).toBe('Dhcp6.subnet6[0].reservations[0].prefixes[0]');
    expect(configErrorOf(inSubnet({ duid: '01:02', prefixes: ['::/0'] })).message).toBe(
      'Dhcp6.subnet6[0].reservations[0].prefixes[0]: "::/0" is not a valid prefix: the length must be 1..128',
    );
    expect(configErrorOf(inSubnet({ duid: '01:02', prefixes: ['2001:db8:8::1/56'] })).path).toBe('Dhcp6.subnet6[0].reservations[0].prefixes[0]');
  });

  it('refuses an address, prefix or client reserved twice in one subnet', () => {
    expect(configErrorOf(inSubnet({ duid: '01:02', 'ip-addresses': ['2001:db8:1::5'] }, { duid: '01:03', 'ip-addresses': ['2001:db8:1:0::5'] })).message).toBe(
      'Dhcp6.subnet6[0].reservations[1].ip-addresses: 2001:db8:1::5 is already reserved by Dhcp6.subnet6[0].reservations[0]',
    );
    expect(configErrorOf(inSubnet({ duid: '01:02', prefixes: ['2001:db8:8::/56'] }, { duid: '01:03', prefixes: ['2001:db8:8::/56'] })).path).toBe(
      'Dhcp6.subnet6[0].reservations[1].prefixes',
    );
    expect(configErrorOf(inSubnet({ duid: '01:02' }, { duid: '0102' })).message).toBe(
      'Dhcp6.subnet6[0].reservations[1].duid: this duid is already reserved by Dhcp6.subnet6[0].reservations[0]',
    );
    expect(configErrorOf(inSubnet({ duid: '01:02', 'ip-addresses': ['2001:db8:1::5', '2001:db8:1::5'] })).message).toBe(
      'Dhcp6.subnet6[0].reservations[0].ip-addresses[1]: 2001:db8:1::5 is listed more than once',
    );
  });
});
