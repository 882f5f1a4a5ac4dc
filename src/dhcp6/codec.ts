// DHCPv6 packets on the wire (RFC 8415 §8 client/server messages, §9 relay messages) and
// the option lists inside them. decode → shapes (types.ts), encode → the same bytes.

import type { Dhcp6Message, Dhcp6Option, Dhcp6Packet, Dhcp6RelayMessage } from './types.js';
import { Dhcp6DecodeError, Dhcp6EncodeError } from './types.js';
import { HOP_COUNT_LIMIT, MAX_OPTIONS_PER_PACKET, MAX_OPTION_NESTING, MSG, OPT } from './constants.js';
import { type DecodeScope, type EncodeScope, putU8, putU16, putAddress, addressAt } from './option-codec.js';
import { RAW } from './option-codecs.js';
import { optionEntry, encoderFor } from './option-registry.js';

const MESSAGE_HEADER = 4;
const RELAY_HEADER = 34;

/** One decode run: the caps on options and nesting count across the whole packet. */
class Decoder implements DecodeScope {
  private optionCount = 0;
  private depth = 0;
  private relays = 0;

  constructor(readonly buf: Buffer) {}

  fail(reason: string, offset: number): never {
    throw new Dhcp6DecodeError(reason, offset);
  }

  packet(start: number, end: number): Dhcp6Packet {
    const b = this.buf;
    if (end <= start) this.fail(this.relays === 0 ? 'empty packet' : 'empty relayed message', start);
    const msgType = b[start];
    if (msgType !== MSG.RELAY_FORW && msgType !== MSG.RELAY_REPL) {
      if (end - start < MESSAGE_HEADER) this.fail(`message header needs ${MESSAGE_HEADER} bytes, got ${end - start}`, start);
      const transactionId = (b[start + 1] << 16) | (b[start + 2] << 8) | b[start + 3];
      return { kind: 'message', msgType, transactionId, options: this.list(start + MESSAGE_HEADER, end, false) };
    }
    if (end - start < RELAY_HEADER) this.fail(`relay header needs ${RELAY_HEADER} bytes, got ${end - start}`, start);
    // RFC 8415 §7.6/§19.1: no relay chain is longer than HOP_COUNT_LIMIT; a longer one is a loop or an attack.
    if (this.relays >= HOP_COUNT_LIMIT) this.fail(`relay messages nested deeper than HOP_COUNT_LIMIT (${HOP_COUNT_LIMIT})`, start);
    const hopCount = b[start + 1];
    if (hopCount > HOP_COUNT_LIMIT) this.fail(`hop-count ${hopCount} is over HOP_COUNT_LIMIT (${HOP_COUNT_LIMIT})`, start + 1);
    const linkAddress = addressAt(b, start + 2);
    const peerAddress = addressAt(b, start + 18);
    const outerDepth = this.depth;
    this.relays++;
    this.depth = 0;
    const options = this.list(start + RELAY_HEADER, end, true);
    this.depth = outerDepth;
    this.relays--;
    let relayed = 0;
    for (const o of options) if (o.kind === 'relay_msg') relayed++;
    // RFC 8415 §9: a relay message carries exactly one Relay Message option.
    if (relayed !== 1) this.fail(relayed === 0 ? 'relay message without a RELAY_MSG option' : 'relay message with several RELAY_MSG options', start);
    return { kind: 'relay', msgType, hopCount, linkAddress, peerAddress, options };
  }

  countOption(offset: number): void {
    if (++this.optionCount > MAX_OPTIONS_PER_PACKET) this.fail(`more than ${MAX_OPTIONS_PER_PACKET} options`, offset);
  }

  options(start: number, end: number): Dhcp6Option[] {
    if (this.depth >= MAX_OPTION_NESTING) this.fail(`options nested deeper than ${MAX_OPTION_NESTING} levels`, start);
    this.depth++;
    const opts = this.list(start, end, false);
    this.depth--;
    return opts;
  }

  /** The options in buf[start, end); RELAY_MSG is decoded only in a relay message's own list. */
  private list(start: number, end: number, inRelay: boolean): Dhcp6Option[] {
    const b = this.buf;
    const opts: Dhcp6Option[] = [];
    let p = start;
    while (p < end) {
      if (end - p < 4) this.fail(`option header needs 4 bytes, ${end - p} left`, p);
      this.countOption(p);
      const code = (b[p] << 8) | b[p + 1];
      const len = (b[p + 2] << 8) | b[p + 3];
      const from = p + 4;
      const to = from + len;
      if (to > end) this.fail(`option ${code} length ${len} runs ${to - end} bytes past the end of its container`, p + 2);
      const entry = code === OPT.RELAY_MSG && !inRelay ? undefined : optionEntry(code);
      opts.push((entry && entry.codec.decode(code, this, from, to)) || RAW.decode(code, this, from, to)!);
      p = to;
    }
    return opts;
  }
}

const encoder: EncodeScope = {
  packetSize(p) {
    if (p.kind === 'relay') return RELAY_HEADER + this.optionsSize(p.options);
    return MESSAGE_HEADER + this.optionsSize(p.options);
  },

  writePacket(p, buf, off) {
    if (p.kind === 'relay') {
      if (p.msgType !== MSG.RELAY_FORW && p.msgType !== MSG.RELAY_REPL) throw new Dhcp6EncodeError(`relay msgType ${p.msgType} is neither 12 nor 13`);
      buf[off] = p.msgType;
      off = putU8(buf, off + 1, p.hopCount, 'relay hop-count');
      off = putAddress(buf, off, p.linkAddress, 'relay link-address');
      off = putAddress(buf, off, p.peerAddress, 'relay peer-address');
    } else if (p.kind === 'message') {
      if (p.msgType === MSG.RELAY_FORW || p.msgType === MSG.RELAY_REPL) {
        throw new Dhcp6EncodeError(`message type ${p.msgType} needs the relay shape (kind 'relay')`);
      }
      off = putU8(buf, off, p.msgType, 'message type');
      const t = p.transactionId;
      if ((t & 0xffffff) !== t) throw new Dhcp6EncodeError(`transaction id ${t} is not a 24-bit unsigned integer`);
      buf[off++] = t >>> 16;
      buf[off++] = t >>> 8;
      buf[off++] = t;
    } else {
      throw new Dhcp6EncodeError(`packet kind '${String((p as { kind?: unknown }).kind)}' is neither 'message' nor 'relay'`);
    }
    return this.writeOptions(p.options, buf, off);
  },

  optionsSize(opts) {
    if (!Array.isArray(opts)) throw new Dhcp6EncodeError('options must be an array');
    let n = 0;
    for (const o of opts) n += 4 + encoderFor(o).size(o, this);
    return n;
  },

  writeOptions(opts, buf, off) {
    for (const o of opts) {
      putU16(buf, off, o.code, 'option code');
      const from = off + 4;
      const to = encoderFor(o).write(o, buf, from, this);
      if (to - from > 0xffff) throw new Dhcp6EncodeError(`option ${o.code} is ${to - from} bytes long, over 65535`);
      buf[off + 2] = (to - from) >>> 8;
      buf[off + 3] = to - from;
      off = to;
    }
    return off;
  },
};

/** Decodes one DHCPv6 packet (a client/server message or a relay chain). Throws only Dhcp6DecodeError. */
export function decodePacket(buf: Uint8Array): Dhcp6Packet {
  if (!(buf instanceof Uint8Array)) throw new Dhcp6DecodeError('input is not a byte buffer', 0);
  const b = Buffer.isBuffer(buf) ? buf : Buffer.from(buf.buffer, buf.byteOffset, buf.byteLength);
  const d = new Decoder(b);
  try {
    return d.packet(0, b.length);
  } catch (e) {
    if (e instanceof Dhcp6DecodeError) throw e;
    // A bug of ours must still reach the transport as a dropped packet, not a crash.
    throw new Dhcp6DecodeError(`internal decoder error: ${(e as Error)?.message ?? String(e)}`, 0);
  }
}

/**
 * Encodes a packet: sizes it, allocates once, writes. Option Buffers in decoded packets are
 * views into the received bytes, so encode(decode(b)) equals b. Throws Dhcp6EncodeError.
 */
export function encodePacket(p: Dhcp6Packet): Buffer {
  try {
    const buf = Buffer.allocUnsafe(encoder.packetSize(p));
    const end = encoder.writePacket(p, buf, 0);
    if (end !== buf.length) throw new Dhcp6EncodeError(`wrote ${end} bytes of the ${buf.length} sized`);
    return buf;
  } catch (e) {
    if (e instanceof Dhcp6EncodeError) throw e;
    throw new Dhcp6EncodeError((e as Error)?.message ?? String(e));
  }
}

/** The payload bytes of one option (no code/length header), as the wire carries it. Throws Dhcp6EncodeError. */
export function encodeOptionPayload(o: Dhcp6Option): Buffer {
  try {
    const codec = encoderFor(o);
    const buf = Buffer.allocUnsafe(codec.size(o, encoder));
    const end = codec.write(o, buf, 0, encoder);
    if (end !== buf.length) throw new Dhcp6EncodeError(`wrote ${end} bytes of the ${buf.length} sized`);
    return buf;
  } catch (e) {
    if (e instanceof Dhcp6EncodeError) throw e;
    throw new Dhcp6EncodeError((e as Error)?.message ?? String(e));
  }
}

type OptionOfKind<K extends Dhcp6Option['kind']> = Extract<Dhcp6Option, { kind: K }>;

/**
 * The first option with `code`. With `kind`, only when that option has this shape (a
 * malformed option decoded as raw then reads as absent): findOption(opts, OPT.IA_NA, 'ia').
 */
export function findOption<K extends Dhcp6Option['kind'] = Dhcp6Option['kind']>(
  opts: readonly Dhcp6Option[],
  code: number,
  kind?: K,
): OptionOfKind<K> | undefined {
  for (const o of opts) {
    if (o.code === code) return kind === undefined || o.kind === kind ? (o as OptionOfKind<K>) : undefined;
  }
  return undefined;
}

/** Every option with `code` (with `kind`: only those of that shape), in packet order. */
export function findOptions<K extends Dhcp6Option['kind'] = Dhcp6Option['kind']>(
  opts: readonly Dhcp6Option[],
  code: number,
  kind?: K,
): OptionOfKind<K>[] {
  const out: OptionOfKind<K>[] = [];
  for (const o of opts) if (o.code === code && (kind === undefined || o.kind === kind)) out.push(o as OptionOfKind<K>);
  return out;
}

/** The client's message and the relays it came through, outermost first. */
export function unwrapRelays(p: Dhcp6Packet): { message: Dhcp6Message; relays: Dhcp6RelayMessage[] } {
  const relays: Dhcp6RelayMessage[] = [];
  let cur: Dhcp6Packet = p;
  while (cur.kind === 'relay') {
    relays.push(cur);
    const inner = findOption(cur.options, OPT.RELAY_MSG, 'relay_msg');
    if (!inner) throw new Dhcp6DecodeError('relay message without a RELAY_MSG option', 0);
    cur = inner.packet;
  }
  return { message: cur, relays };
}

/**
 * RFC 8415 §19.3: the RELAY-REPL chain that carries `reply` back through `relays`
 * (outermost first, as unwrapRelays gives them): each level keeps hop-count and link/peer
 * addresses and echoes the Interface-Id the relay sent, and, as Kea does, its Relay Source
 * Port option (RFC 8357).
 */
export function wrapRelayReply(reply: Dhcp6Message, relays: readonly Dhcp6RelayMessage[]): Dhcp6Packet {
  let packet: Dhcp6Packet = reply;
  for (let i = relays.length - 1; i >= 0; i--) {
    const r = relays[i];
    const options: Dhcp6Option[] = [];
    const interfaceId = findOption(r.options, OPT.INTERFACE_ID);
    if (interfaceId) options.push(interfaceId);
    const sourcePort = findOption(r.options, OPT.RELAY_SOURCE_PORT);
    if (sourcePort) options.push(sourcePort);
    options.push({ kind: 'relay_msg', code: OPT.RELAY_MSG, packet });
    packet = { kind: 'relay', msgType: MSG.RELAY_REPL, hopCount: r.hopCount, linkAddress: r.linkAddress, peerAddress: r.peerAddress, options };
  }
  return packet;
}
