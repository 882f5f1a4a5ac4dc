import { describe, expect, it } from 'vitest';
import { configErrorOf, parseDhcp6, subnet } from './dhcp6-config.js';

const globalOption = (o: Record<string, unknown>) => ({ 'option-data': [o] });
const option = (o: Record<string, unknown>) => parseDhcp6(globalOption(o)).options[0];

describe('option-data', () => {
  it('encodes dns-servers by name', () => {
    expect(option({ name: 'dns-servers', data: '2001:db8::1, 2001:db8::2' })).toEqual({
      code: 23, name: 'dns-servers',
      data: Buffer.from('20010db800000000000000000000000120010db8000000000000000000000002', 'hex'),
      alwaysSend: false, neverSend: false,
    });
  });

  it('encodes by code alone and fills in the name', () => {
    expect(option({ code: 31, data: '2001:db8::123' })).toMatchObject({ code: 31, name: 'sntp-servers' });
  });

  it('encodes domain-search as wire-format names', () => {
    const o = option({ name: 'domain-search', data: 'example.com, lab.example.com' });
    expect(o.data).toEqual(Buffer.from('\x07example\x03com\x00\x03lab\x07example\x03com\x00', 'latin1'));
  });

  it('encodes information-refresh-time as a 32-bit number', () => {
    expect(option({ name: 'information-refresh-time', data: '3600' }).data).toEqual(Buffer.from([0, 0, 0x0e, 0x10]));
  });

  it('takes raw hex with csv-format false, also for codes without a definition', () => {
    expect(option({ code: 65000, 'csv-format': false, data: '0A0B0C' })).toEqual({
      code: 65000, data: Buffer.from([10, 11, 12]), alwaysSend: false, neverSend: false,
    });
    expect(option({ name: 'dns-servers', 'csv-format': false, data: '20:01:0d:b8:00:00:00:00:00:00:00:00:00:00:00:01' }).data).toHaveLength(16);
  });

  it('reads always-send, never-send and the dhcp6 space', () => {
    expect(option({ name: 'sntp-servers', space: 'dhcp6', data: '2001:db8::1', 'always-send': true })).toMatchObject({ alwaysSend: true, neverSend: false });
    expect(option({ name: 'sntp-servers', data: '2001:db8::1', 'never-send': true, comment: 'hidden' })).toMatchObject({ neverSend: true });
  });

  it('is read at subnet, pool, pd-pool and reservation level', () => {
    const dns = [{ name: 'dns-servers', data: '2001:db8::53' }];
    const c = parseDhcp6({
      subnet6: [subnet({
        'option-data': dns,
        pools: [{ pool: '2001:db8:1::/120', 'option-data': dns }],
        'pd-pools': [{ prefix: '2001:db8:8::', 'prefix-len': 48, 'delegated-len': 56, 'option-data': dns }],
        reservations: [{ duid: '01:02', 'option-data': dns }],
      })],
    });
    const s = c.subnets[0];
    for (const options of [s.options, s.pools[0].options, s.pdPools[0].options, s.reservations[0].options]) {
      expect(options.map((o) => o.code)).toEqual([23]);
    }
  });
});

describe('option-data errors', () => {
  it('names the data path and the codec\'s reason', () => {
    const err = configErrorOf(globalOption({ name: 'dns-servers', data: '2001:db8::1, not-an-address' }));
    expect(err.path).toBe('Dhcp6.option-data[0].data');
    expect(err.problem).toContain('not-an-address');
  });

  it('refuses csv data for a code without a definition', () => {
    expect(configErrorOf(globalOption({ code: 65000, data: '1,2' })).message).toBe(
      'Dhcp6.option-data[0].data: option code 65000 has no definition: use csv-format false with hex data',
    );
  });

  it('refuses bad hex', () => {
    expect(configErrorOf(globalOption({ code: 65000, 'csv-format': false, data: 'xyz' })).path).toBe('Dhcp6.option-data[0].data');
  });

  it('refuses unknown names, suggesting a near one', () => {
    expect(configErrorOf(globalOption({ name: 'dns-server', data: '2001:db8::1' })).message).toBe(
      "Dhcp6.option-data[0].name: \"dns-server\" is not a known option in the dhcp6 space (did you mean 'dns-servers'?)",
    );
  });

  it('refuses a name and code that disagree, and neither', () => {
    expect(configErrorOf(globalOption({ name: 'dns-servers', code: 24, data: '2001:db8::1' })).message).toBe(
      "Dhcp6.option-data[0].code: 24 does not match option 'dns-servers', whose code is 23",
    );
    expect(configErrorOf(globalOption({ data: '2001:db8::1' })).message).toBe("Dhcp6.option-data[0]: needs 'name' or 'code'");
    expect(configErrorOf(globalOption({ code: 0, data: '' })).message).toBe('Dhcp6.option-data[0].code: must be an integer in 1..65535, got 0');
  });

  it('reports errors of nested option-data with their full path', () => {
    const err = configErrorOf({
      subnet6: [subnet({ pools: [{ pool: '2001:db8:1::/120' }, { pool: '2001:db8:1::1:0/120', 'option-data': [{ name: 'sntp-servers', data: 'x' }] }] })],
    });
    expect(err.path).toBe('Dhcp6.subnet6[0].pools[1].option-data[0].data');
  });
});
