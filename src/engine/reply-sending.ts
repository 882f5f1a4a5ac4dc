// The last steps of kea-dhcp6's processPacket: pkt6_send, packing, buffer6_send, the sent-packet
// statistics, and where the datagram goes.
import { CLIENT_PORT, SERVER_PORT } from '../dhcp6/constants.js';
import { encodePacket, wrapRelayReply } from '../dhcp6/codec.js';
import type { Dhcp6Message, Dhcp6Packet } from '../dhcp6/types.js';
import type { HookPacket } from '../hooks/types.js';
import { sentStatName } from './engine-statistics.js';
import type { Exchange } from './exchange.js';
import type { Drop } from './packet-intake.js';

export interface EngineAnswer {
  data: Buffer;
  address: string;
  port: number;
}

/** response6 as callouts see it: the reply and where it goes (remote*) and comes from (local*). */
export function newResponse6(ex: Exchange, packet: Dhcp6Packet): HookPacket {
  const relayed = ex.msg.relays.length > 0;
  return {
    packet,
    origin: {
      iface: ex.origin.iface,
      ifindex: ex.origin.ifindex,
      remoteAddress: ex.origin.remoteAddress,
      remotePort: relayed ? SERVER_PORT : CLIENT_PORT,
      localAddress: ex.origin.localAddress,
      localPort: ex.origin.localPort,
    },
    hwaddr: ex.hwaddr,
  };
}

/**
 * RFC 8415 §18.3.10 / §19.3: a direct client is answered on port 546 at its (link-local)
 * source address; a relayed one through the relay it came from (port 547), in a RELAY-REPL
 * chain mirroring the RELAY-FORW chain.
 */
export async function sendReply(ex: Exchange, reply: Dhcp6Message, drop: Drop): Promise<EngineAnswer | null> {
  const hooks = ex.deps.hooks;
  const relays = ex.msg.relays;
  const full: Dhcp6Packet = relays.length > 0 ? wrapRelayReply(reply, relays) : reply;
  let response6 = ex.response6;
  let data: Buffer;
  try {
    if (hooks.has('pkt6_send')) {
      response6 ??= newResponse6(ex, full);
      response6.packet = full;
      const out = await hooks.call('pkt6_send', { query6: ex.hookQuery(), response6 });
      response6 = out.args.response6;
      switch (out.status) {
        case 'drop':
          return drop('pkt6_send callout dropped the reply', ex.origin, false);
        case 'skip':
          // Contract: the callout packed response6.buffer itself.
          if (!Buffer.isBuffer(response6.buffer)) return drop('pkt6_send callout said skip but packed no buffer', ex.origin, false);
          data = response6.buffer;
          break;
        default:
          data = encodePacket(response6.packet ?? full);
      }
    } else {
      data = encodePacket(full);
    }
  } catch (err) {
    ex.deps.logger.error({ err, iface: ex.origin.iface }, 'cannot encode the DHCPv6 reply; nothing sent');
    return null;
  }
  if (hooks.has('buffer6_send')) {
    response6 ??= newResponse6(ex, full);
    response6.buffer = data;
    const out = await hooks.call('buffer6_send', { response6 });
    response6 = out.args.response6;
    switch (out.status) {
      case 'skip':
      case 'drop':
        return drop(`buffer6_send callout said ${out.status}`, ex.origin, false);
      default:
        if (Buffer.isBuffer(response6.buffer)) data = response6.buffer;
    }
  }
  const stats = ex.deps.stats;
  stats.add('pkt6-sent', 1);
  const sent = sentStatName(reply.msgType);
  if (sent) stats.add(sent, 1);
  const to = response6?.origin ?? {
    remoteAddress: ex.origin.remoteAddress,
    remotePort: relays.length > 0 ? SERVER_PORT : CLIENT_PORT,
  };
  return { data, address: to.remoteAddress, port: to.remotePort };
}

