// Hand-built DHCPv6 bytes for the codec tests: every helper writes plain bytes, so a test
// states the wire form it expects instead of trusting the encoder under test.
import { expect } from 'vitest';
import { decodePacket, encodePacket } from '../../src/dhcp6/codec.js';
import type { Dhcp6Packet } from '../../src/dhcp6/types.js';

type Part = string | Uint8Array | number[];

/** Concatenates hex text (spaces/colons ignored), buffers and byte arrays. */
export function bytes(...parts: Part[]): Buffer {
  return Buffer.concat(
    parts.map((p) => (typeof p === 'string' ? Buffer.from(p.replace(/[\s:]/g, ''), 'hex') : Buffer.from(p))),
  );
}

export function u16(v: number): Buffer {
  const b = Buffer.alloc(2);
  b.writeUInt16BE(v);
  return b;
}

export function u32(v: number): Buffer {
  const b = Buffer.alloc(4);
  b.writeUInt32BE(v);
  return b;
}

/** One option: code, length, payload. */
export function opt(code: number, ...payload: Part[]): Buffer {
  const body = bytes(...payload);
  return bytes(u16(code), u16(body.length), body);
}

/** A client/server message: type, 24-bit transaction id, options. */
export function msg(type: number, txid: number, ...opts: Part[]): Buffer {
  return bytes([type, txid >> 16, (txid >> 8) & 0xff, txid & 0xff], ...opts);
}

/** A relay message: type, hop-count, link and peer address (hex, 16 bytes each), options. */
export function relay(type: number, hop: number, linkHex: string, peerHex: string, ...opts: Part[]): Buffer {
  const link = bytes(linkHex);
  const peer = bytes(peerHex);
  if (link.length !== 16 || peer.length !== 16) throw new Error('relay addresses are 16 bytes');
  return bytes([type, hop], link, peer, ...opts);
}

/** Decodes `buf`, asserts it re-encodes to the same bytes, returns the decoded packet. */
export function roundTrip(buf: Buffer): Dhcp6Packet {
  const p = decodePacket(buf);
  expect(encodePacket(p).toString('hex')).toBe(buf.toString('hex'));
  return p;
}

export const ADDR_2001_DB8_1 = '20010db8000000000000000000000001';
export const ADDR_2001_DB8_2 = '20010db8000000000000000000000002';
export const ADDR_FE80_1 = 'fe800000000000000000000000000001';
export const ADDR_ZERO = '00000000000000000000000000000000';
export const DUID_LLT = '0001 0001 2a3b4c5d 001122334455';
export const DUID_SERVER = '0002 00000009 0c0d0e0f';
