// What the built-in libraries read from a hook packet: the client's message inside any
// relays, its DUID, its transaction id, and relay options as payload bytes.

import { encodePacket, findOption, unwrapRelays } from '../../dhcp6/codec.js';
import { OPT } from '../../dhcp6/constants.js';
import type { Dhcp6Message, Dhcp6Option, Dhcp6Packet, Dhcp6RelayMessage } from '../../dhcp6/types.js';

export interface ClientView {
  /** the client's (or server's) message, undefined when the packet is not decoded */
  message?: Dhcp6Message;
  /** relays, outermost (the one the server talks to) first */
  relays: Dhcp6RelayMessage[];
}

export function clientView(packet: Dhcp6Packet | undefined): ClientView {
  if (packet === undefined) return { relays: [] };
  try {
    return unwrapRelays(packet);
  } catch {
    // A relay chain without RELAY_MSG: nothing inside to describe.
    return { relays: packet.kind === 'relay' ? [packet] : [] };
  }
}

/** The CLIENTID DUID bytes (RFC 8415 §21.2), when present. */
export function clientDuid(message: Dhcp6Message | undefined): Buffer | undefined {
  if (message === undefined) return undefined;
  const opt = findOption(message.options, OPT.CLIENTID);
  if (opt === undefined) return undefined;
  return opt.kind === 'duid' ? opt.duid : optionPayload(opt);
}

/** An option's payload as sent (without code and length), whatever shape it decoded to. */
export function optionPayload(opt: Dhcp6Option): Buffer {
  if (opt.kind === 'raw' || opt.kind === 'opaque') return opt.data;
  const wire = encodePacket({ kind: 'message', msgType: 0, transactionId: 0, options: [opt] });
  // 4 bytes of message header, 4 of option header
  return wire.subarray(8);
}

/** The option from the relay closest to the client that carries it (Kea's RELAY_SEARCH_FROM_CLIENT). */
export function relayOption(relays: readonly Dhcp6RelayMessage[], code: number): Dhcp6Option | undefined {
  for (let i = relays.length - 1; i >= 0; i--) {
    const opt = findOption(relays[i].options, code);
    if (opt !== undefined) return opt;
  }
  return undefined;
}
