// The contract every option shape implements: decode and encode side by side, so
// `write(decode(bytes))` gives back `bytes`. Shapes that nest (IA, IAADDR, RELAY_MSG)
// reach the option-list and packet codec through the scopes below.

import type { Dhcp6Option, Dhcp6Packet } from './types.js';
import { Dhcp6EncodeError } from './types.js';
import { addressTextAt, writeAddressText } from './address-bytes.js';

export interface DecodeScope {
  readonly buf: Buffer;
  /** decodes the sub-options in buf[start, end), one nesting level down */
  options(start: number, end: number): Dhcp6Option[];
  /** decodes a relayed packet in buf[start, end) */
  packet(start: number, end: number): Dhcp6Packet;
  /** throws Dhcp6DecodeError */
  fail(reason: string, offset: number): never;
  /** counts one option that a codec parses itself (vendor sub-options) against MAX_OPTIONS_PER_PACKET */
  countOption(offset: number): void;
}

export interface EncodeScope {
  optionsSize(opts: readonly Dhcp6Option[]): number;
  writeOptions(opts: readonly Dhcp6Option[], buf: Buffer, off: number): number;
  packetSize(p: Dhcp6Packet): number;
  writePacket(p: Dhcp6Packet, buf: Buffer, off: number): number;
}

export interface OptionCodec<O extends Dhcp6Option = Dhcp6Option> {
  readonly kind: O['kind'];
  /**
   * The shape of the payload buf[start, end), or undefined when the bytes do not fit the
   * shape exactly (the option then stays raw). Structural damage inside options that
   * carry sub-options (IA, IAADDR, relays) is a decode failure instead: s.fail().
   */
  decode(code: number, s: DecodeScope, start: number, end: number): O | undefined;
  /** payload bytes `o` takes (without the 4-byte option header) */
  size(o: O, e: EncodeScope): number;
  /** writes the payload at `off`, returns the offset after it; throws Dhcp6EncodeError on bad fields */
  write(o: O, buf: Buffer, off: number, e: EncodeScope): number;
}

export function putU8(buf: Buffer, off: number, v: number, field: string): number {
  if ((v & 0xff) !== v) throw new Dhcp6EncodeError(`${field} ${v} is not an 8-bit unsigned integer`);
  buf[off] = v;
  return off + 1;
}

export function putU16(buf: Buffer, off: number, v: number, field: string): number {
  if ((v & 0xffff) !== v) throw new Dhcp6EncodeError(`${field} ${v} is not a 16-bit unsigned integer`);
  buf[off] = v >>> 8;
  buf[off + 1] = v;
  return off + 2;
}

export function putU32(buf: Buffer, off: number, v: number, field: string): number {
  if (v >>> 0 !== v) throw new Dhcp6EncodeError(`${field} ${v} is not a 32-bit unsigned integer`);
  buf[off] = v >>> 24;
  buf[off + 1] = v >>> 16;
  buf[off + 2] = v >>> 8;
  buf[off + 3] = v;
  return off + 4;
}

export function putAddress(buf: Buffer, off: number, text: string, field: string): number {
  const problem = writeAddressText(text, buf, off);
  if (problem !== undefined) throw new Dhcp6EncodeError(`${field} "${String(text)}" is not an IPv6 address: ${problem}`);
  return off + 16;
}

export function putBytes(buf: Buffer, off: number, data: Uint8Array, field: string): number {
  if (!(data instanceof Uint8Array)) throw new Dhcp6EncodeError(`${field} must be a Buffer`);
  buf.set(data, off);
  return off + data.length;
}

/** Length of a Buffer field, checked to be one (so size() and write() agree). */
export function bytesLength(data: Uint8Array, field: string): number {
  if (!(data instanceof Uint8Array)) throw new Dhcp6EncodeError(`${field} must be a Buffer`);
  return data.length;
}

export function addressAt(buf: Buffer, off: number): string {
  return addressTextAt(buf, off);
}
