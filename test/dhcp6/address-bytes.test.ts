import { describe, it, expect } from 'vitest';
import fc from 'fast-check';
import { addressTextAt, writeAddressText } from '../../src/dhcp6/address-bytes.js';
import { formatIpv6, ipv6FromBuffer, ipv6ToBuffer, tryParseIpv6 } from '../../src/dhcp6/ipv6.js';

/** Addresses with long zero runs in random places, which RFC 5952 shortening is about. */
const address = fc.array(fc.oneof(fc.constant(0), fc.constant(0), fc.integer({ min: 0, max: 0xffff })), { minLength: 8, maxLength: 8 })
  .map((g) => Buffer.from(g.flatMap((x) => [x >> 8, x & 0xff])));

function sameAsIpv6Ts(text: string): void {
  const buf = Buffer.alloc(16);
  const problem = writeAddressText(text, buf, 0);
  const expected = tryParseIpv6(text);
  if (typeof expected === 'string') expect(problem).toBe(expected);
  else {
    expect(problem).toBeUndefined();
    expect(ipv6FromBuffer(buf)).toBe(expected);
  }
}

describe('packet-path address text', () => {
  it('formats exactly like formatIpv6', () => {
    fc.assert(fc.property(address, (b) => addressTextAt(b, 0) === formatIpv6(ipv6FromBuffer(b))), { numRuns: 5000 });
  });

  it.each([
    ['::0.1.0.0', [0, 0, 0, 0, 0, 0, 1, 0]],
    ['::ffff:1.2.3.4', [0, 0, 0, 0, 0, 0xffff, 0x102, 0x304]],
    ['::1:0:0', [0, 0, 0, 0, 0, 1, 0, 0]],
    ['::1', [0, 0, 0, 0, 0, 0, 0, 1]],
  ])('formats the embedded-IPv4 edge %s as inet_ntop does', (text, g) => {
    const b = Buffer.from(g.flatMap((x) => [x >> 8, x & 0xff]));
    expect(addressTextAt(b, 0)).toBe(text);
    expect(formatIpv6(ipv6FromBuffer(b))).toBe(text);
  });

  it('formats at an offset', () => {
    const buf = Buffer.concat([Buffer.from([9, 9]), ipv6ToBuffer(1n)]);
    expect(addressTextAt(buf, 2)).toBe('::1');
  });

  it('parses canonical, expanded and uppercase text like tryParseIpv6', () => {
    fc.assert(fc.property(address, (b) => {
      const v = ipv6FromBuffer(b);
      const full = Array.from({ length: 8 }, (_, i) => b.readUInt16BE(2 * i).toString(16).padStart(4, '0')).join(':');
      for (const t of [formatIpv6(v), full, full.toUpperCase(), formatIpv6(v).toUpperCase()]) sameAsIpv6Ts(t);
    }), { numRuns: 3000 });
  });

  it('accepts and refuses the same texts as tryParseIpv6', () => {
    const text = fc.string({ unit: fc.constantFrom(...'0123456789abcdefABCDEFg:.: %'.split('')), maxLength: 46 });
    fc.assert(fc.property(text, (t) => sameAsIpv6Ts(t)), { numRuns: 20000 });
  });

  it.each(['::', '::1', '1::', '1:2:3:4:5:6:7::', '::2:3:4:5:6:7:8', '1:2:3:4:5:6:7:8', ':::', '1::2::3', '12345::', ':1::', '1::2:', '::ffff:1.2.3.4', '1:2:3:4:5:6:7', '', '00000::'])(
    'agrees with tryParseIpv6 on %j', (t) => sameAsIpv6Ts(t));
});
