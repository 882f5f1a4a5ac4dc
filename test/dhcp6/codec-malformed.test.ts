import { describe, it, expect } from 'vitest';
import { decodePacket } from '../../src/dhcp6/codec.js';
import { MSG, OPT, MAX_OPTIONS_PER_PACKET } from '../../src/dhcp6/constants.js';
import { Dhcp6DecodeError } from '../../src/dhcp6/types.js';
import { bytes, opt, msg, relay, u32, ADDR_2001_DB8_1, ADDR_FE80_1, DUID_LLT } from './wire.js';

/** Asserts decodePacket throws a Dhcp6DecodeError whose reason matches, at `offset` when given. */
function rejects(buf: Uint8Array, reason: RegExp, offset?: number): void {
  let err: unknown;
  try {
    decodePacket(buf);
  } catch (e) {
    err = e;
  }
  expect(err).toBeInstanceOf(Dhcp6DecodeError);
  expect((err as Dhcp6DecodeError).reason).toMatch(reason);
  if (offset !== undefined) expect((err as Dhcp6DecodeError).offset).toBe(offset);
}

const solicit = msg(MSG.SOLICIT, 1, opt(OPT.CLIENTID, DUID_LLT));
const forw = (hop: number, inner: Buffer, ...extra: Buffer[]) => relay(MSG.RELAY_FORW, hop, ADDR_2001_DB8_1, ADDR_FE80_1, ...extra, opt(OPT.RELAY_MSG, inner));

describe('malformed packets are Dhcp6DecodeError', () => {
  it('a 0-byte packet', () => rejects(Buffer.alloc(0), /empty packet/, 0));
  it('a truncated message header', () => rejects(bytes('01 0000'), /message header needs 4 bytes, got 3/, 0));
  it('a truncated relay header', () => rejects(bytes('0c 00', ADDR_2001_DB8_1), /relay header needs 34 bytes, got 18/, 0));
  it('a truncated option header', () => rejects(bytes(solicit, '00 08 00'), /option header needs 4 bytes, 3 left/, solicit.length));
  it('an option length past the end', () => rejects(bytes(msg(1, 1), '0001 0010 0102'), /option 1 length 16 runs 14 bytes past the end/, 6));

  it('an IA_NA too short for IAID/T1/T2', () => rejects(msg(1, 1, opt(OPT.IA_NA, '0000 0001 0000 0000')), /IA option 3 needs 12 bytes/, 8));
  it('an IA_PD too short', () => rejects(msg(1, 1, opt(OPT.IA_PD)), /IA option 25 needs 12 bytes of IAID\/T1\/T2, has 0/));
  it('an IA_TA without its IAID', () => rejects(msg(1, 1, opt(OPT.IA_TA, '00')), /IA_TA needs a 4-byte IAID/));
  it('an IAADDR too short inside an IA_NA', () => rejects(msg(1, 1, opt(OPT.IA_NA, u32(1), u32(0), u32(0), opt(OPT.IAADDR, ADDR_2001_DB8_1, u32(0)))), /IAADDR needs 24 bytes, has 20/));
  it('an IAPREFIX too short inside an IA_PD', () => rejects(msg(1, 1, opt(OPT.IA_PD, u32(1), u32(0), u32(0), opt(OPT.IAPREFIX, u32(0), u32(0), ADDR_2001_DB8_1))), /IAPREFIX needs 25 bytes/));
  it('an IA sub-option running past the end of the IA', () => {
    // The IA_NA says 16 bytes; its sub-option claims 8 of payload but only 0 remain inside the IA.
    const ia = bytes('0003 0010', u32(1), u32(0), u32(0), '000d 0008');
    rejects(bytes(msg(1, 1), ia, '0000 0000 0000 0000'), /option 13 length 8 runs 8 bytes past the end of its container/, 4 + 4 + 12 + 2);
  });
  it('an IA sub-option header cut by the IA boundary', () => rejects(msg(1, 1, opt(OPT.IA_NA, u32(1), u32(0), u32(0), '000d00')), /option header needs 4 bytes, 3 left/));

  it('a relay without RELAY_MSG', () => rejects(relay(MSG.RELAY_FORW, 0, ADDR_2001_DB8_1, ADDR_FE80_1, opt(OPT.INTERFACE_ID, '01')), /without a RELAY_MSG/));
  it('a relay with two RELAY_MSG options', () => rejects(relay(MSG.RELAY_FORW, 0, ADDR_2001_DB8_1, ADDR_FE80_1, opt(OPT.RELAY_MSG, solicit), opt(OPT.RELAY_MSG, solicit)), /several RELAY_MSG/));
  it('a relayed message that is empty or truncated', () => {
    rejects(forw(0, Buffer.alloc(0)), /empty relayed message/, 38);
    rejects(forw(0, bytes('01 00')), /message header needs 4 bytes, got 2/, 38);
    rejects(forw(1, forw(0, bytes(solicit, '0001')).subarray(0, 30)), /relay header needs 34 bytes, got 30/);
  });
  it('a relayed message with an option past its end', () => rejects(forw(0, bytes(msg(1, 1), '0001 0004 00')), /option 1 length 4 runs 3 bytes past/));
  it('relays nested deeper than HOP_COUNT_LIMIT', () => {
    let p = solicit;
    for (let i = 0; i < 33; i++) p = forw(Math.min(i, 32), p);
    rejects(p, /nested deeper than HOP_COUNT_LIMIT \(32\)/);
  });
  it('a hop-count over HOP_COUNT_LIMIT (a relay loop)', () => rejects(forw(33, solicit), /hop-count 33 is over HOP_COUNT_LIMIT/, 1));
  it('an IA nested in itself beyond the nesting cap', () => {
    let inner = opt(OPT.STATUS_CODE, '0000');
    for (let i = 0; i < 12; i++) inner = opt(OPT.IA_NA, u32(i), u32(0), u32(0), inner);
    rejects(msg(1, 1, inner), /options nested deeper than 8 levels/);
  });
  it('10,000 options', () => {
    const many = Buffer.concat(Array.from({ length: 10_000 }, () => opt(OPT.RAPID_COMMIT)));
    rejects(msg(1, 1, many), new RegExp(`more than ${MAX_OPTIONS_PER_PACKET} options`));
  });
  it('too many options spread over relay levels', () => {
    const half = Buffer.concat(Array.from({ length: 600 }, () => opt(OPT.RAPID_COMMIT)));
    rejects(forw(0, msg(1, 1, half), half), /more than 1024 options/);
  });
  it('input that is not bytes', () => rejects('0100' as unknown as Uint8Array, /not a byte buffer/));
});

describe('what still decodes', () => {
  it('exactly MAX_OPTIONS_PER_PACKET options', () => {
    const many = Buffer.concat(Array.from({ length: MAX_OPTIONS_PER_PACKET }, () => opt(OPT.RAPID_COMMIT)));
    expect(decodePacket(msg(1, 1, many)).options).toHaveLength(MAX_OPTIONS_PER_PACKET);
  });
  it('a plain Uint8Array view into a larger buffer', () => {
    const backing = new Uint8Array(100);
    backing.set(solicit, 10);
    const p = decodePacket(backing.subarray(10, 10 + solicit.length));
    expect(p).toMatchObject({ kind: 'message', msgType: 1, transactionId: 1 });
  });
});

describe('vendor sub-options count as options', () => {
  it('refuses a VENDOR_OPTS carrying thousands of sub-options', () => {
    const subs = Buffer.concat(Array.from({ length: 5000 }, () => bytes('0001 0000')));
    rejects(msg(1, 1, opt(OPT.VENDOR_OPTS, u32(4491), subs)), /more than 1024 options/);
  });
});
