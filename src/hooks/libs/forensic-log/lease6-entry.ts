// The DHCPv6 lease entries of Kea's forensic log (legal_log), in the format of the Kea ARM
// "DHCPv6 Log Entries": address duration device-id {relay-info}*

import { OPT } from '../../../dhcp6/constants.js';
import { colonHex } from '../../../dhcp6/hex-text.js';
import type { Lease6 } from '../../../store/types.js';
import type { HookPacket } from '../../types.js';
import { clientView, optionPayload, relayOption } from '../packet-facts.js';

const INFINITE_LIFETIME = 0xffffffff;

/** Kea's HWAddr sources (HWADDR_SOURCE_*) as the forensic log names them. */
const HWADDR_SOURCES: Record<number, string> = {
  1: 'Raw Socket',
  2: 'DUID',
  4: 'IPv6 Link Local',
  8: 'Client Address Relay Option',
  16: 'Remote ID',
  32: 'Subscriber ID',
  64: 'DOCSIS CMTS',
  128: 'DOCSIS MODEM',
};

/** "1 days 0 hrs 0 mins 0 secs" (days only when there are any), or "infinite duration". */
export function durationText(seconds: number): string {
  if (seconds === INFINITE_LIFETIME) return 'infinite duration';
  const secs = seconds % 60;
  const minutes = Math.floor(seconds / 60) % 60;
  const hours = Math.floor(seconds / 3600) % 24;
  const days = Math.floor(seconds / 86400);
  return `${days ? `${days} days ` : ''}${hours} hrs ${minutes} mins ${secs} secs`;
}

export function hwaddrSourceText(source: number | null): string {
  return (source !== null && HWADDR_SOURCES[source]) || 'UNKNOWN';
}

export type LeaseAction = 'assigned' | 'renewed';

/** One entry, without the timestamp the file adds. */
export function lease6Entry(query6: HookPacket, lease: Lease6, action: LeaseAction): string {
  let entry = lease.type === 'IA_PD'
    ? `Prefix:${lease.address}/${lease.prefixLen}`
    : `Address:${lease.address}`;
  entry += ` has been ${action} for ${durationText(lease.validLft)}`;
  entry += ` to a device with DUID: ${colonHex(lease.duid)}`;
  if (lease.hwaddr) {
    entry += ` and hardware address: hwtype=${lease.hwtype ?? 1} ${colonHex(lease.hwaddr)}`;
    entry += ` (from ${hwaddrSourceText(lease.hwaddrSource)})`;
  }
  return entry + relayInfo(query6);
}

function relayInfo(query6: HookPacket): string {
  const { relays } = clientView(query6.packet);
  if (relays.length === 0) return '';
  // The relay that talks to the server.
  const server = relays[0];
  let info = ` connected via relay at address: ${server.peerAddress} for client on link address: ${server.linkAddress}, hop count: ${server.hopCount}`;
  const ids: string[] = [];
  const remoteId = relayHex(relays, OPT.REMOTE_ID);
  if (remoteId) ids.push(`remote-id: ${remoteId}`);
  const subscriberId = relayHex(relays, OPT.SUBSCRIBER_ID);
  if (subscriberId) ids.push(`subscriber-id: ${subscriberId}`);
  if (ids.length) info += `, identified by ${ids.join(' and ')}`;
  const interfaceId = relayHex(relays, OPT.INTERFACE_ID);
  if (interfaceId) info += `, connected at location interface-id: ${interfaceId}`;
  return info;
}

function relayHex(relays: Parameters<typeof relayOption>[0], code: number): string {
  const opt = relayOption(relays, code);
  return opt ? colonHex(optionPayload(opt)) : '';
}
