// Which host reservation a client has (Kea's host-reservation-identifiers): the identifiers
// the client presents are tried in the configured order, in the selected subnet first and
// then among the global reservations; the first match is the client's host.
import type { HostIdentifierType } from '../config/types.js';
import { ownerKey, GLOBAL_SUBNET_ID, type HostReservation } from './reservation-index.js';
import type { Exchange } from './exchange.js';

export async function identifyHost(ex: Exchange): Promise<void> {
  const types = ex.view.config.hostReservationIdentifiers;
  const index = ex.view.reservations;
  // Nothing reserved and no flex-id callout to run: the common case costs nothing.
  if (index.size === 0 && !(types.includes('flex-id') && ex.deps.hooks.has('host6_identifier'))) return;
  const identities: { type: HostIdentifierType; value: Buffer }[] = [];
  for (const type of types) {
    switch (type) {
      case 'duid':
        if (ex.msg.clientId) identities.push({ type, value: ex.msg.clientId });
        break;
      case 'hw-address':
        if (ex.hwaddr) identities.push({ type, value: ex.hwaddr.bytes });
        break;
      case 'flex-id': {
        const value = await flexId(ex);
        if (value) identities.push({ type, value });
        break;
      }
    }
  }
  if (index.size === 0 || identities.length === 0) return;
  ex.owners = new Set(identities.map((i) => ownerKey(i.type, i.value)));
  let host: HostReservation | undefined;
  if (ex.subnet) {
    for (const i of identities) if ((host = index.find(ex.subnet.id, i.type, i.value))) break;
  }
  if (!host) for (const i of identities) if ((host = index.find(GLOBAL_SUBNET_ID, i.type, i.value))) break;
  ex.host = host ?? null;
}

/** host6_identifier: a library (flex_id) computes the flexible identifier from the query. */
async function flexId(ex: Exchange): Promise<Buffer | null> {
  const hooks = ex.deps.hooks;
  if (!hooks.has('host6_identifier')) return null;
  const out = await hooks.call('host6_identifier', { query6: ex.hookQuery(), id_type: 'flex-id', id_value: Buffer.alloc(0) });
  switch (out.status) {
    case 'continue':
      return Buffer.isBuffer(out.args.id_value) && out.args.id_value.length > 0 ? out.args.id_value : null;
    default:
      // Contract: any other status means the identifier is not used.
      return null;
  }
}
