import { describe, it, expect } from 'vitest';
import { findOptionDef, encodeOptionData, OptionDataError, STANDARD_OPTION_DEFS } from '../../src/dhcp6/option-defs.js';

const hex = (b: Buffer) => b.toString('hex');
const enc = (name: string, data: string) => encodeOptionData(findOptionDef(name), data, true);

describe('findOptionDef', () => {
  it('finds Kea standard definitions by name and by code', () => {
    expect(findOptionDef('dns-servers')).toEqual({ name: 'dns-servers', code: 23, type: 'ipv6-address', array: true });
    expect(findOptionDef(24)?.name).toBe('domain-search');
    expect(findOptionDef('iaprefix')?.recordTypes).toEqual(['uint32', 'uint32', 'uint8', 'ipv6-address']);
    expect(findOptionDef('ia-pd')?.encapsulate).toBe('dhcp6');
  });

  it('knows every name the configuration uses', () => {
    for (const n of ['dns-servers', 'domain-search', 'sntp-servers', 'information-refresh-time', 'preference', 'solmax-rt', 'inf-max-rt',
      'nis-servers', 'nisp-servers', 'nis-domain-name', 'nisp-domain-name', 'sip-server-dns', 'sip-server-addr', 'unicast', 'vendor-opts',
      'new-posix-timezone', 'new-tzdb-timezone', 'bcmcs-server-dns', 'bcmcs-server-addr', 'pana-agent', 'pd-exclude', 'bootfile-url']) {
      expect(findOptionDef(n), n).toBeDefined();
    }
  });

  it('accepts sol-max-rt as a spelling of Kea\'s solmax-rt', () => {
    expect(findOptionDef('sol-max-rt')).toBe(findOptionDef('solmax-rt'));
    expect(findOptionDef('sol-max-rt')?.code).toBe(82);
  });

  it('has unique names and codes', () => {
    expect(new Set(STANDARD_OPTION_DEFS.map((d) => d.name)).size).toBe(STANDARD_OPTION_DEFS.length);
    expect(new Set(STANDARD_OPTION_DEFS.map((d) => d.code)).size).toBe(STANDARD_OPTION_DEFS.length);
  });

  it('returns undefined for unknown names and codes', () => {
    expect(findOptionDef('no-such-option')).toBeUndefined();
    expect(findOptionDef(999)).toBeUndefined();
  });
});

describe('encodeOptionData with hex data', () => {
  it('accepts the hex spellings Kea accepts', () => {
    for (const t of ['0a0b0c', '0a:0b:0c', '0a 0b 0c', '0x0a0b0c', 'a:b:c', '0A0B0C']) expect(hex(encodeOptionData(undefined, t, false)), t).toBe('0a0b0c');
  });
  it('prepends a zero to an odd number of digits', () => {
    expect(hex(encodeOptionData(undefined, 'abc', false))).toBe('0abc');
  });
  it('encodes empty hex as an empty payload', () => {
    expect(encodeOptionData(undefined, '', false).length).toBe(0);
  });
  it('rejects non-hex text and misplaced separators', () => {
    expect(() => encodeOptionData(undefined, '0g', false)).toThrow(OptionDataError);
    expect(() => encodeOptionData(undefined, '0a::0b', false)).toThrow(/consecutive separators/);
    expect(() => encodeOptionData(undefined, '0a:0b0c', false)).toThrow(/one or two hex digits/);
  });
});

describe('encodeOptionData with csv-format', () => {
  it('writes ipv6-address arrays as 16 bytes each', () => {
    expect(hex(enc('dns-servers', '2001:db8::1, 2001:db8::2'))).toBe('20010db8000000000000000000000001' + '20010db8000000000000000000000002');
  });
  it('writes a single ipv6-address', () => {
    expect(hex(enc('unicast', '::1'))).toBe('00000000000000000000000000000001');
  });
  it('writes fqdn arrays in DNS wire form', () => {
    expect(enc('domain-search', 'example.com, a.b.').toString('latin1')).toBe('\x07example\x03com\x00\x01a\x01b\x00');
    expect(hex(enc('aftr-name', '.'))).toBe('00');
  });
  it('writes uintN big-endian, in decimal or 0x hex', () => {
    expect(hex(enc('preference', '255'))).toBe('ff');
    expect(hex(enc('solmax-rt', '3600'))).toBe('00000e10');
    expect(hex(enc('oro', '23, 0x18'))).toBe('00170018');
    expect(hex(enc('information-refresh-time', '4294967295'))).toBe('ffffffff');
  });
  it('writes strings as UTF-8 and keeps escaped commas', () => {
    expect(enc('new-posix-timezone', 'EST5EDT4\\,M3.2.0/02:00').toString()).toBe('EST5EDT4,M3.2.0/02:00');
    expect(enc('bootfile-url', 'tftp://[2001:db8::1]/bööt').toString('utf8')).toBe('tftp://[2001:db8::1]/bööt');
  });
  it('writes empty options as no bytes', () => {
    expect(enc('rapid-commit', '').length).toBe(0);
  });
  it('writes records field by field', () => {
    expect(hex(enc('iaprefix', '100, 200, 56, 2001:db8:ff00::'))).toBe('00000064' + '000000c8' + '38' + '20010db8ff0000000000000000000000');
    expect(hex(enc('status-code', '0, all fine'))).toBe('0000' + Buffer.from('all fine').toString('hex'));
    expect(hex(enc('vendor-class', '4491, 0a0b'))).toBe('0000118b0a0b');
  });
  it('repeats the last record field for array records', () => {
    expect(enc('rdnss-selection', '2001:db8::53, 1, a.example, b.example').subarray(17).toString('latin1')).toBe('\x01a\x07example\x00\x01b\x07example\x00');
  });
  it('writes tuples with a 2-byte length', () => {
    expect(hex(enc('bootfile-param', 'ab, c'))).toBe('00026162' + '000163');
  });
  it('writes ipv6-prefix as length plus the covered bytes', () => {
    expect(hex(enc('pd-exclude', '2001:db8:0:ff80::/57'))).toBe('39' + '20010db80000ff80');
  });
  it('writes binary fields from hex', () => {
    expect(hex(enc('interface-id', '01:02'))).toBe('0102');
  });
  it('writes signed integers in two\'s complement', () => {
    const d = { name: 'x', code: 200, type: 'int16', array: true };
    expect(hex(encodeOptionData(d, '-1, -32768, 5', true))).toBe('ffff80000005');
  });
  it('writes IPv4 addresses and refuses leading zeros', () => {
    const d = { name: 'x', code: 200, type: 'ipv4-address', array: true };
    expect(hex(encodeOptionData(d, '192.0.2.1, 0.0.0.0', true))).toBe('c0000201' + '00000000');
    expect(() => encodeOptionData(d, '192.0.2.01', true)).toThrow("'192.0.2.01' is not a valid IPv4 address");
    expect(() => encodeOptionData(d, '256.0.0.1', true)).toThrow(OptionDataError);
  });
  it('writes booleans', () => {
    const d = { name: 'x', code: 200, type: 'boolean', array: true };
    expect(hex(encodeOptionData(d, 'true, 0', true))).toBe('0100');
  });
});

describe('encodeOptionData errors', () => {
  const fails = (name: string, data: string, msg: RegExp | string) => {
    let err: unknown;
    try { enc(name, data); } catch (e) { err = e; }
    expect(err, `${name}=${data}`).toBeInstanceOf(OptionDataError);
    expect((err as Error).message).toMatch(msg);
  };
  it('names a bad IPv6 address', () => fails('dns-servers', '2001:db8::zz', "'2001:db8::zz' is not a valid IPv6 address"));
  it('names an out-of-range integer', () => {
    fails('elapsed-time', '70000', /value 70000 is out of range for uint16/);
    fails('preference', '-1', /out of range for uint8/);
  });
  it('rejects non-numeric integers', () => fails('preference', 'high', /not a valid uint8/));
  it('rejects an option without a definition in csv-format', () => {
    expect(() => encodeOptionData(undefined, '1', true, 999)).toThrow('option code 999 has no definition: use csv-format false with hex data');
  });
  it('rejects too few and too many record values', () => {
    fails('iaprefix', '1, 2, 64', /needs 4 comma-separated values/);
    fails('status-code', '0, a, b', /takes 2 values/);
  });
  it('rejects several values for a single-valued option', () => fails('new-posix-timezone', 'EST5EDT4,M3.2.0', /takes one string value, got 2/));
  it('rejects data for an empty option', () => fails('rapid-commit', '1', /carries no data/));
  it('rejects a missing value', () => fails('dns-servers', '', /needs a value/));
  it('rejects an empty value between commas', () => fails('dns-servers', '::1,,::2', /value 2 .* is empty/));
  it('rejects bad domain names', () => {
    fails('domain-search', 'a..b', /empty label/);
    fails('domain-search', 'x'.repeat(64) + '.com', /longer than 63/);
    fails('domain-search', Array(130).fill('ab').join('.'), /longer than 255/);
  });
  it('rejects a bad prefix', () => fails('pd-exclude', '2001:db8::/129', /not a valid IPv6 prefix/));
  it('rejects bad binary in a record', () => fails('vendor-class', '4491, xyz', /hexadecimal/));
  it('rejects payloads over 65535 bytes', () => {
    expect(() => encodeOptionData(undefined, 'ab'.repeat(70000), false)).toThrow(/over the 65535/);
  });
});
