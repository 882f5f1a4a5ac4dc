// CONFIRM (RFC 8415 §18.3.3): are the client's addresses still appropriate for the link it is
// on? Success when all are, NotOnLink when any is not. A server that cannot tell (no subnet
// for the client's link) or is given no address does not answer.
import { OPT, STATUS } from '../dhcp6/constants.js';
import { prefixMask, tryParseIpv6 } from '../dhcp6/ipv6.js';
import { statusOption } from '../dhcp6/option-builders.js';
import type { StatusCodeOption } from '../dhcp6/types.js';
import type { Exchange } from './exchange.js';

export function confirmStatus(ex: Exchange): StatusCodeOption | null {
  const subnet = ex.subnet;
  if (!subnet) return null;
  const mask = prefixMask(subnet.prefixLen);
  let seen = 0;
  let allOnLink = true;
  for (const ia of ex.msg.message.options) {
    // IA_NA and IA_TA; Confirm does not apply to delegated prefixes.
    if (ia.kind !== 'ia' && ia.kind !== 'ia_ta') continue;
    if (ia.kind === 'ia' && ia.code !== OPT.IA_NA) continue;
    for (const o of ia.options) {
      if (o.kind !== 'iaaddr') continue;
      const a = tryParseIpv6(o.address);
      seen++;
      if (typeof a !== 'bigint' || (a & mask) !== subnet.network) allOnLink = false;
    }
  }
  if (seen === 0) return null;
  return allOnLink
    ? statusOption(STATUS.Success, 'All addresses are on-link.')
    : statusOption(STATUS.NotOnLink, 'Some of the addresses are not on-link.');
}
