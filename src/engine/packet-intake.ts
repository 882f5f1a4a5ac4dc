// The first steps of kea-dhcp6's processPacket, up to a client message fit to be answered:
// buffer6_receive, parsing (pkt6-parse-failed), the received-packet statistics, the server
// identifier and unicast tests, pkt6_receive, and the RFC 8415 §16 sanity check. Each drop
// here counts as pkt6-receive-drop, as in Kea.
import { OPT } from '../dhcp6/constants.js';
import { decodePacket, unwrapRelays } from '../dhcp6/codec.js';
import type { Dhcp6Packet, PacketOrigin } from '../dhcp6/types.js';
import type { HookPacket } from '../hooks/types.js';
import { clientHwaddr, discardReason, readClientMessage, unicastNotAllowed, type ClientMessage } from './client-message.js';
import { receivedStatName } from './engine-statistics.js';
import type { EngineDeps } from './exchange.js';

/** Drops a packet: logs why, and counts pkt6-receive-drop when `receiveDrop`. Returns null. */
export type Drop = (reason: string, origin: PacketOrigin, receiveDrop: boolean) => null;

export interface Intake {
  packet: Dhcp6Packet;
  msg: ClientMessage;
  query6: HookPacket | null;
}

export async function intake(deps: EngineDeps, data: Buffer, origin: PacketOrigin, drop: Drop): Promise<Intake | null> {
  const hooks = deps.hooks;
  let query6: HookPacket | null = null;
  let buffer = data;
  let packet: Dhcp6Packet | undefined;
  if (hooks.has('buffer6_receive')) {
    const out = await hooks.call('buffer6_receive', { query6: { buffer: data, origin, hwaddr: null } });
    query6 = out.args.query6;
    switch (out.status) {
      case 'drop':
        return drop('buffer6_receive callout dropped it', origin, true);
      case 'skip':
        // Contract: the callout parsed the buffer itself; use the packet it left.
        if (!query6.packet) return drop('buffer6_receive callout said skip but left no packet', origin, true);
        packet = query6.packet;
        break;
      default:
        buffer = Buffer.isBuffer(query6.buffer) ? query6.buffer : data;
    }
  }

  let msg: ClientMessage;
  try {
    packet ??= decodePacket(buffer);
    const { message, relays } = unwrapRelays(packet);
    msg = readClientMessage(message, relays);
  } catch (err) {
    deps.stats.add('pkt6-parse-failed', 1);
    return drop(`malformed: ${(err as Error).message}`, origin, true);
  }
  deps.stats.add('pkt6-received', 1);
  deps.stats.add(receivedStatName(msg.message.msgType), 1);

  const duid = deps.serverDuid;
  for (const o of msg.message.options) {
    if (o.code === OPT.SERVERID && !(o.kind === 'duid' && o.duid.equals(duid))) return drop('server identifier names another server', origin, true);
  }
  if (unicastNotAllowed(msg, origin)) return drop('sent by unicast where RFC 8415 asks for multicast', origin, true);

  if (hooks.has('pkt6_receive')) {
    query6 ??= { origin, hwaddr: null };
    query6.packet = packet;
    query6.hwaddr = clientHwaddr(msg, origin);
    const out = await hooks.call('pkt6_receive', { query6 });
    query6 = out.args.query6;
    switch (out.status) {
      case 'skip':
      case 'drop':
        return drop(`pkt6_receive callout said ${out.status}`, origin, true);
      default:
        // Callouts may have changed the packet (contract: in/out).
        try {
          packet = query6.packet ?? packet;
          const { message, relays } = unwrapRelays(packet);
          msg = readClientMessage(message, relays);
        } catch (err) {
          return drop(`pkt6_receive callout left an unusable packet: ${(err as Error).message}`, origin, true);
        }
    }
  }
  const why = discardReason(msg, deps.serverDuid);
  if (why !== null) return drop(why, origin, true);
  return { packet, msg, query6 };
}
