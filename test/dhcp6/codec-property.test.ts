import { describe, it, expect } from 'vitest';
import fc from 'fast-check';
import { decodePacket, encodePacket } from '../../src/dhcp6/codec.js';
import { MSG, OPT } from '../../src/dhcp6/constants.js';
import { OPTION_ENTRIES } from '../../src/dhcp6/option-registry.js';
import { Dhcp6DecodeError } from '../../src/dhcp6/types.js';
import { bytes, opt, msg, relay, u32, ADDR_2001_DB8_1, ADDR_FE80_1, DUID_LLT, DUID_SERVER } from './wire.js';

/** Decoding either fails with Dhcp6DecodeError or gives a packet that encodes to the same bytes. */
function decodesFaithfully(buf: Uint8Array): boolean {
  let p;
  try {
    p = decodePacket(buf);
  } catch (e) {
    if (e instanceof Dhcp6DecodeError) return true;
    throw e;
  }
  expect(encodePacket(p).equals(Buffer.from(buf))).toBe(true);
  return true;
}

const iaNa = opt(OPT.IA_NA, u32(1), u32(1800), u32(2880), opt(OPT.IAADDR, ADDR_2001_DB8_1, u32(3600), u32(7200), opt(OPT.STATUS_CODE, '0000', '6f6b')));
const iaPd = opt(OPT.IA_PD, u32(2), u32(0), u32(0), opt(OPT.IAPREFIX, u32(1), u32(2), [56], ADDR_2001_DB8_1, opt(OPT.PD_EXCLUDE, [64], '01')));
const CORPUS: Buffer[] = [
  msg(MSG.SOLICIT, 1, opt(OPT.CLIENTID, DUID_LLT), opt(OPT.ELAPSED_TIME, '0000'), opt(OPT.RAPID_COMMIT), iaNa, iaPd, opt(OPT.ORO, '0017 0018'),
    opt(OPT.CLIENT_FQDN, '01 04686f7374 00'), opt(OPT.USER_CLASS, '0002 6162'), opt(OPT.VENDOR_CLASS, u32(9), '0001 61')),
  msg(MSG.REPLY, 2, opt(OPT.SERVERID, DUID_SERVER), iaNa, opt(OPT.DNS_SERVERS, ADDR_2001_DB8_1), opt(OPT.DOMAIN_LIST, '01 61 00 01 62 00'),
    opt(OPT.VENDOR_OPTS, u32(4491), '0001 0001 ff'), opt(OPT.SOL_MAX_RT, u32(60)), opt(OPT.PREFERENCE, 'ff')),
  relay(MSG.RELAY_FORW, 1, ADDR_2001_DB8_1, ADDR_FE80_1, opt(OPT.INTERFACE_ID, '65746830'), opt(OPT.REMOTE_ID, u32(1), '01'),
    opt(OPT.RELAY_MSG, relay(MSG.RELAY_FORW, 0, ADDR_2001_DB8_1, ADDR_FE80_1, opt(OPT.SUBSCRIBER_ID, '02'), opt(OPT.CLIENT_LINKLAYER_ADDR, '0001 aabbccddeeff'),
      opt(OPT.RELAY_MSG, msg(MSG.REQUEST, 3, opt(OPT.CLIENTID, DUID_LLT), iaPd))))),
];

/** A random option tree in wire form: registered codes with random payloads, and real nesting. */
const optionBytes: fc.Memo<Buffer> = fc.memo((n) => {
  const code = fc.oneof(fc.constantFrom(...OPTION_ENTRIES.map((e) => e.code)), fc.integer({ min: 0, max: 0xffff }));
  const leaf = fc.tuple(code, fc.uint8Array({ maxLength: 40 })).map(([c, d]) => opt(c, d));
  if (n <= 1) return leaf;
  // Mostly the right fixed-part size for the container (so sub-options get decoded), sometimes not.
  const container = fc.constantFrom<[number, number]>([OPT.IA_NA, 12], [OPT.IA_PD, 12], [OPT.IA_TA, 4], [OPT.IAADDR, 24], [OPT.IAPREFIX, 25]);
  const nested = fc.tuple(container, fc.nat({ max: 9 }), fc.array(optionBytes(n - 1), { maxLength: 4 }))
    .chain(([[c, size], skew, subs]) => fc.uint8Array({ minLength: skew === 0 ? 0 : size, maxLength: size }).map((head) => opt(c, head, ...subs)));
  return fc.oneof(leaf, nested);
});

const packetBytes: fc.Arbitrary<Buffer> = fc.letrec<{ packet: Buffer }>((tie) => ({
  packet: fc.oneof(
    { depthSize: 'small', withCrossShrink: true },
    fc.tuple(fc.integer({ min: 0, max: 255 }).filter((t) => t !== 12 && t !== 13), fc.integer({ min: 0, max: 0xffffff }), fc.array(optionBytes(3), { maxLength: 8 }))
      .map(([t, x, o]) => msg(t, x, ...o)),
    fc.tuple(fc.constantFrom(12, 13), fc.oneof(fc.integer({ min: 0, max: 32 }), fc.integer({ min: 0, max: 255 })), fc.uint8Array({ minLength: 32, maxLength: 32 }), fc.array(optionBytes(2), { maxLength: 3 }), tie('packet'))
      .map(([t, hop, addrs, o, inner]) => bytes([t, hop], addrs, ...o, opt(OPT.RELAY_MSG, inner))),
  ),
})).packet;

const mutation = fc.oneof(
  fc.record({ op: fc.constant('flip' as const), at: fc.nat(), value: fc.integer({ min: 0, max: 255 }) }),
  fc.record({ op: fc.constant('cut' as const), at: fc.nat() }),
  fc.record({ op: fc.constant('insert' as const), at: fc.nat(), value: fc.integer({ min: 0, max: 255 }) }),
  fc.record({ op: fc.constant('delete' as const), at: fc.nat() }),
);

function mutate(buf: Buffer, ms: { op: string; at: number; value?: number }[]): Buffer {
  let b = Buffer.from(buf);
  for (const m of ms) {
    const at = b.length === 0 ? 0 : m.at % b.length;
    if (m.op === 'flip' && b.length) b[at] = m.value!;
    else if (m.op === 'cut') b = b.subarray(0, at);
    else if (m.op === 'insert') b = Buffer.concat([b.subarray(0, at), Buffer.from([m.value!]), b.subarray(at)]);
    else if (m.op === 'delete') b = Buffer.concat([b.subarray(0, at), b.subarray(at + 1)]);
  }
  return b;
}

describe('codec properties', () => {
  it('decodes every corpus packet and re-encodes it to the same bytes', () => {
    for (const p of CORPUS) expect(encodePacket(decodePacket(p)).equals(p)).toBe(true);
  });

  it('random bytes never throw anything but Dhcp6DecodeError, and what decodes round-trips', () => {
    fc.assert(fc.property(fc.uint8Array({ maxLength: 300 }), decodesFaithfully), { numRuns: 3000 });
  });

  it('random bytes behind a valid message or relay header behave the same', () => {
    const header = fc.oneof(fc.constant(bytes('01 000001')), fc.constant(bytes('0c 00', ADDR_2001_DB8_1, ADDR_FE80_1)));
    fc.assert(fc.property(header, fc.uint8Array({ maxLength: 300 }), (h, tail) => decodesFaithfully(bytes(h, tail))), { numRuns: 3000 });
  });

  it('mutations of valid packets never throw anything but Dhcp6DecodeError, and what decodes round-trips', () => {
    fc.assert(fc.property(fc.constantFrom(...CORPUS), fc.array(mutation, { minLength: 1, maxLength: 4 }), (p, ms) => decodesFaithfully(mutate(p, ms))), { numRuns: 5000 });
  });

  it('random well-framed option trees and relay chains round-trip or fail with Dhcp6DecodeError', () => {
    fc.assert(fc.property(packetBytes, decodesFaithfully), { numRuns: 3000 });
  });

  it('mutations of random well-framed packets behave the same', () => {
    fc.assert(fc.property(packetBytes, fc.array(mutation, { minLength: 1, maxLength: 3 }), (p, ms) => decodesFaithfully(mutate(p, ms))), { numRuns: 2000 });
  });
});
