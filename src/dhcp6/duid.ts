// DUIDs (RFC 8415 §11): Kea's text form, their structure, and the builders for the
// server's own DUID. Hardware addresses come out of LL/LLT DUIDs the way Kea takes them.

import { DUID_TYPE } from './constants.js';
import { colonHex, decodeHexText } from './hex-text.js';

/** RFC 8415 §11.1: 2-byte type plus at most 128 bytes. */
export const MAX_DUID_LENGTH = 130;

/** Kea's text form: lowercase hex bytes joined by ':' ("00:03:00:01:aa:bb:cc:dd:ee:ff"). */
export function duidToHex(buf: Uint8Array): string {
  return colonHex(buf);
}

/** Bytes from hex text as Kea reads DUIDs and hw-addresses: "00:01:02", "000102", "00 01 02", "0x000102". Null when not hex. */
export function parseHexBytes(text: string): Buffer | null {
  if (typeof text !== 'string') return null;
  const r = decodeHexText(text.trim());
  return typeof r === 'string' ? null : r;
}

export interface DuidInfo {
  type: 'LLT' | 'EN' | 'LL' | 'UUID' | 'unknown';
  /** hardware type (LLT, LL) */
  htype?: number;
  /** seconds since 2000-01-01 UTC, mod 2^32 (LLT) */
  time?: number;
  enterpriseId?: number;
  /** link-layer address (LLT, LL) */
  linkLayer?: Buffer;
  /** EN identifier, or the 16-byte UUID */
  identifier?: Buffer;
}

function view(buf: Uint8Array): Buffer {
  return Buffer.isBuffer(buf) ? buf : Buffer.from(buf.buffer, buf.byteOffset, buf.byteLength);
}

/** The parts of a DUID; 'unknown' for other types and for DUIDs too short for their type. */
export function describeDuid(buf: Uint8Array): DuidInfo {
  const b = view(buf);
  if (b.length < 2) return { type: 'unknown' };
  switch (b.readUInt16BE(0)) {
    case DUID_TYPE.LLT:
      if (b.length > 8) return { type: 'LLT', htype: b.readUInt16BE(2), time: b.readUInt32BE(4), linkLayer: b.subarray(8) };
      break;
    case DUID_TYPE.EN:
      if (b.length > 6) return { type: 'EN', enterpriseId: b.readUInt32BE(2), identifier: b.subarray(6) };
      break;
    case DUID_TYPE.LL:
      if (b.length > 4) return { type: 'LL', htype: b.readUInt16BE(2), linkLayer: b.subarray(4) };
      break;
    case DUID_TYPE.UUID:
      // RFC 6355 §4: exactly 16 bytes of UUID.
      if (b.length === 18) return { type: 'UUID', identifier: b.subarray(2) };
      break;
  }
  return { type: 'unknown' };
}

/** The hardware address inside an LL or LLT DUID, as Kea derives hw-address from the DUID. */
export function hwaddrFromDuid(buf: Uint8Array): { type: number; bytes: Buffer } | undefined {
  const d = describeDuid(buf);
  return d.linkLayer && d.htype !== undefined ? { type: d.htype, bytes: d.linkLayer } : undefined;
}

/** DUID time (RFC 8415 §11.2): seconds since midnight 2000-01-01 UTC, modulo 2^32. */
export function duidTime(at: Date = new Date()): number {
  return (Math.floor((at.getTime() - Date.UTC(2000, 0, 1)) / 1000) >>> 0);
}

function checkUint(v: number, bits: 16 | 32, what: string): void {
  if (!Number.isInteger(v) || v < 0 || v >= 2 ** bits) throw new RangeError(`${what} ${v} is not a ${bits}-bit unsigned integer`);
}

function checkBody(body: Uint8Array, header: number, what: string): void {
  if (body.length === 0) throw new RangeError(`${what} must not be empty`);
  if (header + body.length > MAX_DUID_LENGTH) throw new RangeError(`${what} makes the DUID longer than ${MAX_DUID_LENGTH} bytes`);
}

/** DUID-LLT (RFC 8415 §11.2). */
export function makeDuidLlt(htype: number, time: number, mac: Uint8Array): Buffer {
  checkUint(htype, 16, 'hardware type');
  checkUint(time, 32, 'DUID time');
  checkBody(mac, 8, 'link-layer address');
  const b = Buffer.allocUnsafe(8 + mac.length);
  b.writeUInt16BE(DUID_TYPE.LLT, 0);
  b.writeUInt16BE(htype, 2);
  b.writeUInt32BE(time, 4);
  b.set(mac, 8);
  return b;
}

/** DUID-EN (RFC 8415 §11.3). */
export function makeDuidEn(enterprise: number, id: Uint8Array): Buffer {
  checkUint(enterprise, 32, 'enterprise number');
  checkBody(id, 6, 'identifier');
  const b = Buffer.allocUnsafe(6 + id.length);
  b.writeUInt16BE(DUID_TYPE.EN, 0);
  b.writeUInt32BE(enterprise, 2);
  b.set(id, 6);
  return b;
}

/** DUID-LL (RFC 8415 §11.4). */
export function makeDuidLl(htype: number, mac: Uint8Array): Buffer {
  checkUint(htype, 16, 'hardware type');
  checkBody(mac, 4, 'link-layer address');
  const b = Buffer.allocUnsafe(4 + mac.length);
  b.writeUInt16BE(DUID_TYPE.LL, 0);
  b.writeUInt16BE(htype, 2);
  b.set(mac, 4);
  return b;
}
