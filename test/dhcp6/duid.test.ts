import { describe, it, expect } from 'vitest';
import { duidToHex, parseHexBytes, describeDuid, makeDuidLlt, makeDuidEn, makeDuidLl, hwaddrFromDuid, duidTime } from '../../src/dhcp6/duid.js';
import { bytes } from './wire.js';

const MAC = bytes('001122aabbcc');

describe('DUID text', () => {
  it('writes Kea\'s colon-separated lowercase hex', () => {
    expect(duidToHex(bytes('000300010A0B0C0D0E0F'))).toBe('00:03:00:01:0a:0b:0c:0d:0e:0f');
    expect(duidToHex(new Uint8Array([0xff]))).toBe('ff');
    expect(duidToHex(Buffer.alloc(0))).toBe('');
  });

  it('reads hex with colons, spaces, 0x or nothing', () => {
    for (const t of ['00:01:02', '000102', '00 01 02', '0x000102', '0:1:2', ' 00:01:02 ']) expect(parseHexBytes(t)?.toString('hex'), t).toBe('000102');
  });

  it('returns null for text that is not hex', () => {
    for (const t of ['00:01:zz', 'xyz', '00::01', '000:01', '00:01 02']) expect(parseHexBytes(t), t).toBeNull();
  });

  it('round-trips through its own text form', () => {
    const d = makeDuidLlt(1, 0x2a3b4c5d, MAC);
    expect(parseHexBytes(duidToHex(d))?.equals(d)).toBe(true);
  });
});

describe('DUID structure', () => {
  it('describes DUID-LLT', () => {
    expect(describeDuid(bytes('0001 0001 2a3b4c5d 001122aabbcc'))).toEqual({ type: 'LLT', htype: 1, time: 0x2a3b4c5d, linkLayer: MAC });
  });
  it('describes DUID-EN', () => {
    expect(describeDuid(bytes('0002 00000009 0c0d0e'))).toEqual({ type: 'EN', enterpriseId: 9, identifier: bytes('0c0d0e') });
  });
  it('describes DUID-LL', () => {
    expect(describeDuid(bytes('0003 0001 001122aabbcc'))).toEqual({ type: 'LL', htype: 1, linkLayer: MAC });
  });
  it('describes DUID-UUID (RFC 6355)', () => {
    expect(describeDuid(bytes('0004 00112233445566778899aabbccddeeff'))).toEqual({ type: 'UUID', identifier: bytes('00112233445566778899aabbccddeeff') });
  });
  it('calls other types and DUIDs too short for their type unknown', () => {
    for (const d of ['', '00', '0005 01', '0001 0001 2a3b4c5d', '0002 000000', '0003 0001', '0004 0011']) expect(describeDuid(bytes(d)).type, d).toBe('unknown');
  });
  it('takes the hardware address from LL and LLT DUIDs only', () => {
    expect(hwaddrFromDuid(bytes('0003 0001 001122aabbcc'))).toEqual({ type: 1, bytes: MAC });
    expect(hwaddrFromDuid(bytes('0001 0006 00000001 001122aabbcc'))).toEqual({ type: 6, bytes: MAC });
    expect(hwaddrFromDuid(bytes('0002 00000009 0c0d0e'))).toBeUndefined();
  });
});

describe('DUID builders', () => {
  it('builds DUID-LLT, DUID-EN and DUID-LL', () => {
    expect(makeDuidLlt(1, 0x2a3b4c5d, MAC).toString('hex')).toBe('00010001' + '2a3b4c5d' + '001122aabbcc');
    expect(makeDuidEn(2495, bytes('abcd')).toString('hex')).toBe('0002' + '000009bf' + 'abcd');
    expect(makeDuidLl(1, MAC).toString('hex')).toBe('00030001' + '001122aabbcc');
  });
  it('rejects out-of-range numbers and empty or oversized identifiers', () => {
    expect(() => makeDuidLlt(70000, 0, MAC)).toThrow(/hardware type 70000/);
    expect(() => makeDuidLlt(1, -1, MAC)).toThrow(/DUID time -1/);
    expect(() => makeDuidEn(2 ** 32, MAC)).toThrow(/enterprise number/);
    expect(() => makeDuidLl(1, Buffer.alloc(0))).toThrow(/must not be empty/);
    expect(() => makeDuidEn(1, Buffer.alloc(125))).toThrow(/longer than 130/);
  });
  it('counts DUID time in seconds from 2000-01-01 UTC', () => {
    expect(duidTime(new Date(Date.UTC(2000, 0, 1, 0, 0, 10)))).toBe(10);
    expect(duidTime(new Date(Date.UTC(2024, 0, 1)))).toBe(757382400);
  });
});
