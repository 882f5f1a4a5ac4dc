// The environment of the script at each hook point: exactly the variables the
// kea-hook-runscript README lists for that point, with the value formats of its source
// (docs: RUNSCRIPT-FACTS.md). Booleans are 1/0; unknown values are empty strings.

import { colonHex } from '../../../dhcp6/hex-text.js';
import { formatIpv6 } from '../../../dhcp6/ipv6.js';
import { MSG_NAMES } from '../../../dhcp6/constants.js';
import type { Subnet6 } from '../../../config/types.js';
import type { Lease6 } from '../../../store/types.js';
import type { HookArgs, HookPacket } from '../../types.js';
import { clientDuid, clientView } from '../packet-facts.js';

/** The hook points the README documents for DHCPv6: the ones run-script can call the script at. */
export const SCRIPT_HOOK_POINTS = [
  'pkt6_receive',
  'pkt6_send',
  'subnet6_select',
  'lease6_select',
  'lease6_renew',
  'lease6_rebind',
  'lease6_decline',
  'lease6_release',
  'lease6_expire',
  'lease6_recover',
] as const;

export type ScriptHookPoint = (typeof SCRIPT_HOOK_POINTS)[number];

export type ScriptEnvironment = Record<string, string>;

const INFINITE_LIFETIME = 0xffffffff;
const LEASE_STATE_NAMES: Record<number, string> = { 0: 'default', 1: 'declined', 2: 'expired-reclaimed' };

/** KEA_<prefix>_* for a query6 or response6. The README omits IFINDEX at lease6_decline. */
function packetVariables(env: ScriptEnvironment, prefix: 'QUERY6' | 'RESPONSE6', p: HookPacket, withIfindex = true): void {
  const { message } = clientView(p.packet);
  const duid = clientDuid(message);
  const duidText = duid ? colonHex(duid) : '';
  const v = `KEA_${prefix}_`;
  env[`${v}TYPE`] = message ? (MSG_NAMES[message.msgType] ?? String(message.msgType)) : '';
  env[`${v}INTERFACE`] = p.origin.iface;
  if (withIfindex) env[`${v}IFINDEX`] = String(p.origin.ifindex);
  env[`${v}DUID`] = duidText;
  env[`${v}HWADDR`] = p.hwaddr ? colonHex(p.hwaddr.bytes) : '';
  env[`${v}HWADDR_TYPE`] = p.hwaddr ? String(p.hwaddr.type) : '';
  env[`${v}HWADDR_SOURCE`] = p.hwaddr ? String(p.hwaddr.source) : '';
  env[`${v}LOCAL_ADDRESS`] = p.origin.localAddress;
  env[`${v}LOCAL_PORT`] = String(p.origin.localPort);
  env[`${v}REMOTE_ADDRESS`] = p.origin.remoteAddress;
  env[`${v}REMOTE_PORT`] = String(p.origin.remotePort);
  // Kea's Pkt6::getLabel(): the client DUID and the transaction id in hex.
  env[`${v}LABEL`] = message ? `duid=[${duidText || 'no info'}], tid=0x${message.transactionId.toString(16)}` : '';
  env[`${v}TRANSACTION_ID`] = message ? String(message.transactionId) : '';
}

function subnetVariables(env: ScriptEnvironment, subnet: Subnet6 | null): void {
  env.KEA_SUBNET6_PREFIX = subnet ? formatIpv6(subnet.network) : '';
  env.KEA_SUBNET6_PREFIXLEN = subnet ? String(subnet.prefixLen) : '';
  env.KEA_SUBNET6 = subnet ? `${formatIpv6(subnet.network)}/${subnet.prefixLen}` : '';
}

function leaseVariables(env: ScriptEnvironment, lease: Lease6, now: number): void {
  env.KEA_LEASE6_TYPE = lease.type;
  env.KEA_LEASE6_ADDRESS = lease.address;
  if (lease.type === 'IA_PD') {
    env.KEA_LEASE6_DELEGATED_PREFIX = `${lease.address}/${lease.prefixLen}`;
    env.KEA_LEASE6_DELEGATED_PREFIXLEN = String(lease.prefixLen);
  }
  env.KEA_LEASE6_CLIENT_DUID = colonHex(lease.duid);
  env.KEA_LEASE6_HWADDR = lease.hwaddr ? colonHex(lease.hwaddr) : '';
  env.KEA_LEASE6_HOSTNAME = lease.hostname;
  env.KEA_LEASE6_STATE = LEASE_STATE_NAMES[lease.state] ?? String(lease.state);
  const expired = lease.validLft !== INFINITE_LIFETIME && lease.cltt + lease.validLft < now;
  env.KEA_LEASE6_IS_EXPIRED = expired ? '1' : '0';
  env.KEA_LEASE6_CLIENT_LAST_TRANSMISSION = String(lease.cltt);
  env.KEA_LEASE6_VALID_LIFETIME = String(lease.validLft);
  env.KEA_LEASE6_PREFERRED_LIFETIME = String(lease.preferredLft);
  env.KEA_LEASE6_IAID = String(lease.iaid);
}

/** The script's whole environment for one call: nothing but these KEA_* variables. */
export function scriptVariables<P extends ScriptHookPoint>(point: P, args: HookArgs[P], now = Math.floor(Date.now() / 1000)): ScriptEnvironment {
  const env: ScriptEnvironment = {};
  switch (point) {
    case 'pkt6_receive': {
      packetVariables(env, 'QUERY6', (args as HookArgs['pkt6_receive']).query6);
      break;
    }
    case 'pkt6_send': {
      const a = args as HookArgs['pkt6_send'];
      packetVariables(env, 'QUERY6', a.query6);
      packetVariables(env, 'RESPONSE6', a.response6);
      break;
    }
    case 'subnet6_select': {
      const a = args as HookArgs['subnet6_select'];
      packetVariables(env, 'QUERY6', a.query6);
      subnetVariables(env, a.subnet6);
      break;
    }
    case 'lease6_select': {
      const a = args as HookArgs['lease6_select'];
      packetVariables(env, 'QUERY6', a.query6);
      subnetVariables(env, a.subnet6);
      env.KEA_FAKE_ALLOCATION = a.fake_allocation ? '1' : '0';
      leaseVariables(env, a.lease6, now);
      break;
    }
    case 'lease6_renew':
    case 'lease6_rebind':
    case 'lease6_release': {
      const a = args as HookArgs['lease6_release'];
      packetVariables(env, 'QUERY6', a.query6);
      leaseVariables(env, a.lease6, now);
      break;
    }
    case 'lease6_decline': {
      const a = args as HookArgs['lease6_decline'];
      packetVariables(env, 'QUERY6', a.query6, false);
      leaseVariables(env, a.lease6, now);
      break;
    }
    case 'lease6_expire': {
      const a = args as HookArgs['lease6_expire'];
      leaseVariables(env, a.lease6, now);
      env.KEA_REMOVE_LEASE = a.remove_lease ? '1' : '0';
      break;
    }
    case 'lease6_recover': {
      leaseVariables(env, (args as HookArgs['lease6_recover']).lease6, now);
      break;
    }
  }
  return env;
}
