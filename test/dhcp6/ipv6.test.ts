import { describe, it, expect } from 'vitest';
import {
  parseIpv6, tryParseIpv6, isIpv6, formatIpv6, canonicalIpv6, ipv6ToBuffer, ipv6FromBuffer, ipv6TextFromBuffer, Ipv6ParseError,
  prefixMask, tryParsePrefix, parsePrefix, formatPrefix, prefixContains, prefixCovers, prefixLast, prefixSize,
} from '../../src/dhcp6/ipv6.js';

const MAX = (1n << 128n) - 1n;

describe('parsing IPv6 text', () => {
  it.each([
    ['::', 0n],
    ['::1', 1n],
    ['1::', 1n << 112n],
    ['2001:db8::1', 0x20010db8000000000000000000000001n],
    ['2001:0DB8:0000:0000:0000:0000:0000:0001', 0x20010db8000000000000000000000001n],
    ['0:0:0:0:0:0:0:0', 0n],
    ['ffff:ffff:ffff:ffff:ffff:ffff:ffff:ffff', MAX],
    ['1:2:3:4:5:6:7::', 0x00010002000300040005000600070000n],
    ['::2:3:4:5:6:7:8', 0x00000002000300040005000600070008n],
    ['fe80::a:b', 0xfe8000000000000000000000000a000bn],
  ])('reads %s', (text, value) => {
    expect(parseIpv6(text)).toBe(value);
  });

  it('reads embedded IPv4 in the last 32 bits', () => {
    expect(parseIpv6('::ffff:192.0.2.1')).toBe(0xffffc0000201n);
    expect(parseIpv6('64:ff9b::192.0.2.33')).toBe(0x0064ff9b0000000000000000c0000221n);
    expect(parseIpv6('1:2:3:4:5:6:1.2.3.4')).toBe(0x00010002000300040005000601020304n);
    expect(parseIpv6('::0.0.0.0')).toBe(0n);
    // The longest valid text is 45 characters.
    expect(parseIpv6('0000:0000:0000:0000:0000:ffff:255.255.255.255')).toBe(0xffffffffffffn);
  });

  it.each([
    ['', 'empty'],
    [':::', 'more than one "::"'],
    ['1::2::3', 'more than one "::"'],
    ['12345::', 'bad group "12345"'],
    ['g::', 'bad group "g"'],
    ['1:2:3:4:5:6:7', 'expected 8 groups'],
    ['1:2:3:4:5:6:7:8:9', 'expected 8 groups'],
    ['1:2:3:4::5:6:7:8', 'too many groups'],
    [':1:2:3:4:5:6:7', 'bad group ""'],
    ['1::2:', 'bad group ""'],
    ['::1.2.3', 'bad embedded IPv4'],
    ['::256.1.1.1', 'bad embedded IPv4'],
    ['::1.2.3.4.5', 'bad embedded IPv4'],
    ['1:2:3:4:5:6:7:1.2.3.4', 'expected 8 groups'],
    ['1.2.3.4', 'expected 8 groups'],
    ['fe80::1%eth0', 'bad group "1%eth0"'],
    [' ::1', 'bad group " "'],
    ['0000:0000:0000:0000:0000:0000:0000:0000:0000', 'expected 8 groups'],
    ['0000:0000:0000:0000:0000:ffff:255.255.255.2550', 'too long'],
  ])('refuses %j (%s)', (text, reason) => {
    expect(tryParseIpv6(text)).toBe(reason);
    expect(() => parseIpv6(text)).toThrow(Ipv6ParseError);
    expect(isIpv6(text)).toBe(false);
  });

  it('names the input and the reason in the error', () => {
    expect(() => parseIpv6('2001:db8::zz')).toThrow('"2001:db8::zz" is not a valid IPv6 address: bad group "zz"');
  });

  it('refuses non-strings', () => {
    expect(tryParseIpv6(5 as unknown as string)).toBe('empty');
    expect(isIpv6(undefined)).toBe(false);
    expect(isIpv6('::1')).toBe(true);
  });
});

describe('formatting IPv6 text (RFC 5952)', () => {
  it.each([
    [0n, '::'],
    [1n, '::1'],
    [1n << 112n, '1::'],
    [0x20010db8000000000000000000000001n, '2001:db8::1'],
    // §4.2.2: a single zero group is not shortened.
    [0x20010db8000000010001000100010001n, '2001:db8:0:1:1:1:1:1'],
    // §4.2.3: the longest run of zeros is shortened; on a tie, the first.
    [0x00010000000000020000000000000003n, '1:0:0:2::3'],
    [0x20010db8000000000001000000000001n, '2001:db8::1:0:0:1'],
    // §4.3: lowercase; §4.1: no leading zeros.
    [0x20010db8abcd00120000000000000000n, '2001:db8:abcd:12::'],
    [MAX, 'ffff:ffff:ffff:ffff:ffff:ffff:ffff:ffff'],
  ])('writes %s as %s', (v, text) => {
    expect(formatIpv6(v)).toBe(text);
    expect(parseIpv6(text)).toBe(v);
  });

  it('canonicalises any valid text', () => {
    expect(canonicalIpv6('2001:0DB8:0000:0000:0000:0000:0000:0001')).toBe('2001:db8::1');
    expect(canonicalIpv6('fe80:0:0:0:0:0:0:0')).toBe('fe80::');
    expect(() => canonicalIpv6('nope')).toThrow(Ipv6ParseError);
  });
});

describe('IPv6 bytes', () => {
  it('writes and reads 16 big-endian bytes at an offset', () => {
    const buf = Buffer.alloc(20, 0xee);
    ipv6ToBuffer(parseIpv6('2001:db8::1'), buf, 2);
    expect(buf.toString('hex')).toBe('eeee' + '20010db8000000000000000000000001' + 'eeee');
    expect(ipv6FromBuffer(buf, 2)).toBe(0x20010db8000000000000000000000001n);
    expect(ipv6TextFromBuffer(buf, 2)).toBe('2001:db8::1');
    expect(ipv6ToBuffer(MAX).toString('hex')).toBe('f'.repeat(32));
  });

  it('reads a plain Uint8Array view', () => {
    const backing = new Uint8Array(32);
    backing[31] = 1;
    expect(ipv6TextFromBuffer(backing.subarray(16))).toBe('::1');
  });
});

describe('IPv6 prefixes', () => {
  it('builds masks of any length', () => {
    expect(prefixMask(0)).toBe(0n);
    expect(prefixMask(128)).toBe(MAX);
    expect(prefixMask(64)).toBe(0xffffffffffffffffn << 64n);
    expect(prefixMask(1)).toBe(1n << 127n);
  });

  it('parses prefixes and refuses host bits unless asked to clear them', () => {
    expect(tryParsePrefix('2001:db8::/32')).toEqual({ network: 0x20010db8n << 96n, length: 32 });
    expect(tryParsePrefix('::/0')).toEqual({ network: 0n, length: 0 });
    expect(tryParsePrefix('2001:db8::1/64')).toBe('host bits set after the prefix length');
    expect(tryParsePrefix('2001:db8::1/64', true)).toEqual({ network: 0x20010db8n << 96n, length: 64 });
    expect(tryParsePrefix('2001:db8::1/128')).toEqual({ network: 0x20010db8000000000000000000000001n, length: 128 });
  });

  it.each([
    ['2001:db8::', 'missing "/length"'],
    ['2001:db8::/129', 'prefix length 129 is over 128'],
    ['2001:db8::/abc', 'bad prefix length "abc"'],
    ['2001:db8::/-1', 'bad prefix length "-1"'],
    ['2001:db8::/', 'bad prefix length ""'],
    ['/64', 'empty'],
    ['2001:db8::zz/64', 'bad group "zz"'],
  ])('refuses prefix %j', (text, reason) => {
    expect(tryParsePrefix(text)).toBe(reason);
    expect(() => parsePrefix(text)).toThrow(Ipv6ParseError);
  });

  it('formats, contains, covers, and measures prefixes', () => {
    const p = parsePrefix('2001:db8:1::/48');
    expect(formatPrefix(p)).toBe('2001:db8:1::/48');
    expect(prefixContains(p, parseIpv6('2001:db8:1:ffff::1'))).toBe(true);
    expect(prefixContains(p, parseIpv6('2001:db8:2::1'))).toBe(false);
    expect(prefixCovers(p, parsePrefix('2001:db8:1:8000::/56'))).toBe(true);
    expect(prefixCovers(p, parsePrefix('2001:db8::/32'))).toBe(false);
    expect(prefixCovers(p, p)).toBe(true);
    expect(formatIpv6(prefixLast(p))).toBe('2001:db8:1:ffff:ffff:ffff:ffff:ffff');
    expect(prefixSize(p)).toBe(1n << 80n);
    expect(prefixSize(parsePrefix('::/0'))).toBe(1n << 128n);
    expect(prefixLast(parsePrefix('2001:db8::1/128'))).toBe(parseIpv6('2001:db8::1'));
  });
});

describe('IPv4-embedded forms match PostgreSQL inet output', () => {
  it.each([
    ['::ffff:c000:201', '::ffff:192.0.2.1'],
    ['::102:304', '::1.2.3.4'],
    ['::ffff:0:0', '::ffff:0.0.0.0'],
    ['::1', '::1'],
  ])('formats %s as %s', (input, text) => {
    expect(formatIpv6(parseIpv6(input))).toBe(text);
  });

  it('rejects leading zeros in an embedded IPv4 octet', () => {
    expect(tryParseIpv6('::ffff:01.2.3.4')).toBe('bad embedded IPv4');
  });

  it('refuses values that do not fit 128 bits and prefix lengths over 128', () => {
    expect(() => formatIpv6(1n << 128n)).toThrow(RangeError);
    expect(() => prefixMask(129)).toThrow(RangeError);
  });
});
