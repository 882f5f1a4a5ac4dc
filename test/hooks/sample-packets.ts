// Packets, leases and subnets for hooks tests, built with the codec (encoded and decoded
// again, so callouts see what the engine would pass).

import type { Subnet6 } from '../../src/config/types.js';
import { decodePacket, encodePacket } from '../../src/dhcp6/codec.js';
import { MSG, OPT } from '../../src/dhcp6/constants.js';
import { clientIdOption, iaAddrOption, iaNaOption, serverIdOption } from '../../src/dhcp6/option-builders.js';
import type { Dhcp6Message, Dhcp6Option, Dhcp6Packet } from '../../src/dhcp6/types.js';
import { parseIpv6 } from '../../src/dhcp6/ipv6.js';
import type { HookPacket } from '../../src/hooks/types.js';
import type { Lease6 } from '../../src/store/types.js';

export const CLIENT_DUID = Buffer.from('000300010800272b3f4e', 'hex');

function roundTrip(p: Dhcp6Packet): Dhcp6Packet {
  return decodePacket(encodePacket(p));
}

export function message(msgType: number, transactionId: number, options: Dhcp6Option[]): Dhcp6Message {
  return { kind: 'message', msgType, transactionId, options };
}

export interface QueryOptions {
  msgType?: number;
  transactionId?: number;
  duid?: Buffer;
  /** wrap in one RELAY-FORW with these relay options */
  relay?: { peerAddress: string; linkAddress: string; hopCount: number; options: Dhcp6Option[] };
  hwaddr?: HookPacket['hwaddr'];
}

export function query6(o: QueryOptions = {}): HookPacket {
  const inner = message(o.msgType ?? MSG.REQUEST, o.transactionId ?? 0x1a2b3c, [
    clientIdOption(o.duid ?? CLIENT_DUID),
    iaNaOption(1234, 0, 0, [iaAddrOption('2001:db8:1::10', 3000, 4000)]),
  ]);
  const packet: Dhcp6Packet = o.relay
    ? {
        kind: 'relay', msgType: MSG.RELAY_FORW, hopCount: o.relay.hopCount,
        linkAddress: o.relay.linkAddress, peerAddress: o.relay.peerAddress,
        options: [...o.relay.options, { kind: 'relay_msg', code: OPT.RELAY_MSG, packet: inner }],
      }
    : inner;
  return {
    packet: roundTrip(packet),
    origin: { iface: 'eth1', ifindex: 3, remoteAddress: 'fe80::a00:27ff:fe2b:3f4e', remotePort: 546, localAddress: 'ff02::1:2', localPort: 547 },
    hwaddr: o.hwaddr === undefined ? { bytes: Buffer.from('08002b023f4e', 'hex'), type: 1, source: 1 } : o.hwaddr,
  };
}

export function response6(transactionId = 0x1a2b3c, msgType: number = MSG.REPLY): HookPacket {
  return {
    packet: roundTrip(message(msgType, transactionId, [
      clientIdOption(CLIENT_DUID),
      serverIdOption(Buffer.from('0001000129d1e7e6080027000001', 'hex')),
      iaNaOption(1234, 1000, 2000, [iaAddrOption('2001:db8:1::10', 3000, 4000)]),
    ])),
    origin: { iface: 'eth1', ifindex: 3, remoteAddress: 'fe80::a00:27ff:fe2b:3f4e', remotePort: 546, localAddress: 'fe80::1', localPort: 547 },
    hwaddr: null,
  };
}

export function lease6(overrides: Partial<Lease6> = {}): Lease6 {
  return {
    type: 'IA_NA', address: '2001:db8:1::10', prefixLen: 128, subnetId: 1,
    duid: CLIENT_DUID, iaid: 1234, preferredLft: 3000, validLft: 4000, cltt: 1_700_000_000,
    hwaddr: null, hwtype: null, hwaddrSource: null, hostname: '', fqdnFwd: false, fqdnRev: false,
    state: 0, userContext: null,
    ...overrides,
  };
}

export function subnet6(text = '2001:db8:1::/64', id = 1): Subnet6 {
  const [prefix, len] = text.split('/');
  return {
    id, subnet: text, network: parseIpv6(prefix), prefixLen: Number(len),
    pools: [], pdPools: [], reservations: [], options: [], rapidCommit: false,
    lifetimes: {
      preferred: 3000, minPreferred: 3000, maxPreferred: 3000, valid: 4000, minValid: 4000, maxValid: 4000,
      calculateTeeTimes: true, t1Percent: 0.5, t2Percent: 0.8,
    },
  };
}
