// A lease in exactly the shape Kea 2.2's lease6-get answers with (lease_cmds): the keys
// lease6-get, lease6-get-all/-page/-by-* and the lease event stream all carry.

import type { Lease6 } from './types.js';

/** Kea prints DUIDs and hardware addresses as lowercase hex bytes joined by colons. */
export function colonHex(bytes: Uint8Array): string {
  let out = '';
  for (let i = 0; i < bytes.length; i++) {
    if (i > 0) out += ':';
    out += (bytes[i] < 16 ? '0' : '') + bytes[i].toString(16);
  }
  return out;
}

/**
 * Keys in Kea's (alphabetical) order. "hw-address" and "user-context" appear only when set,
 * "prefix-len" only for IA_PD, as in Kea's answers.
 */
export function lease6ToJson(lease: Lease6): Record<string, unknown> {
  const json: Record<string, unknown> = {
    cltt: lease.cltt,
    duid: colonHex(lease.duid),
    'fqdn-fwd': lease.fqdnFwd,
    'fqdn-rev': lease.fqdnRev,
    hostname: lease.hostname,
  };
  if (lease.hwaddr && lease.hwaddr.length > 0) json['hw-address'] = colonHex(lease.hwaddr);
  json.iaid = lease.iaid;
  json['ip-address'] = lease.address;
  json['preferred-lft'] = lease.preferredLft;
  if (lease.type === 'IA_PD') json['prefix-len'] = lease.prefixLen;
  json.state = lease.state;
  json['subnet-id'] = lease.subnetId;
  json.type = lease.type;
  if (lease.userContext) json['user-context'] = lease.userContext;
  json['valid-lft'] = lease.validLft;
  return json;
}
