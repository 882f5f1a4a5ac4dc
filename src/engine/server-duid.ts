// The server's DUID (RFC 8415 §11), Kea's server-id: DUID-LLT from an interface's hardware
// address by default, DUID-EN or DUID-LL when configured, the configured identifier/htype/time/
// enterprise-id honoured. With persist (the default) it is kept in the database per agent, so
// clients see the same server after a restart.
import { randomBytes } from 'node:crypto';
import os from 'node:os';
import type { ServerIdConfig } from '../config/types.js';
import { describeDuid, duidTime, makeDuidEn, makeDuidLl, makeDuidLlt } from '../dhcp6/duid.js';
import { loadServerDuid, saveServerDuid } from '../store/server-duid-store.js';
import type { Store } from '../store/types.js';

/** ISC's private enterprise number, Kea's default for DUID-EN. */
export const ISC_ENTERPRISE_ID = 2495;
const HTYPE_ETHERNET = 1;

export type InterfaceTable = NodeJS.Dict<os.NetworkInterfaceInfo[]>;

/**
 * The hardware address of the first interface (by name) that has one, else a random
 * locally administered unicast address (RFC 8415 §11.2 allows any link-layer address the
 * server owns; a host without one still needs a stable DUID, which persistence gives).
 */
export function serverMac(interfaces: InterfaceTable): Buffer {
  for (const name of Object.keys(interfaces).sort()) {
    for (const info of interfaces[name] ?? []) {
      if (info.internal || !info.mac || /^(00:){5}00$/.test(info.mac)) continue;
      return Buffer.from(info.mac.replaceAll(':', ''), 'hex');
    }
  }
  const mac = randomBytes(6);
  mac[0] = (mac[0] & 0xfc) | 0x02;
  return mac;
}

function build(cfg: ServerIdConfig, interfaces: InterfaceTable): Buffer {
  switch (cfg.type) {
    case 'EN':
      return makeDuidEn(cfg.enterpriseId ?? ISC_ENTERPRISE_ID, cfg.identifier ?? randomBytes(6));
    case 'LL':
      return makeDuidLl(cfg.htype ?? HTYPE_ETHERNET, cfg.identifier ?? serverMac(interfaces));
    case 'LLT':
      return makeDuidLlt(cfg.htype ?? HTYPE_ETHERNET, cfg.time ?? duidTime(), cfg.identifier ?? serverMac(interfaces));
  }
}

/** Whether a stored DUID still agrees with what the configuration asks for. */
function agrees(cfg: ServerIdConfig, duid: Buffer): boolean {
  const d = describeDuid(duid);
  if (d.type !== cfg.type) return false;
  if (cfg.htype !== undefined && d.htype !== cfg.htype) return false;
  if (cfg.time !== undefined && d.time !== cfg.time) return false;
  if (cfg.enterpriseId !== undefined && d.enterpriseId !== cfg.enterpriseId) return false;
  if (cfg.identifier !== undefined) {
    const id = cfg.type === 'EN' ? d.identifier : d.linkLayer;
    if (!id || !id.equals(cfg.identifier)) return false;
  }
  return true;
}

export async function loadOrCreateServerDuid(
  cfg: ServerIdConfig, store: Store, agentId: string, interfaces: InterfaceTable = os.networkInterfaces(),
): Promise<Buffer> {
  if (!cfg.persist) return build(cfg, interfaces);
  const stored = await loadServerDuid(store.state, agentId);
  if (stored && agrees(cfg, stored)) return stored;
  // First start, or the configuration now asks for another DUID: generate it and keep it.
  const duid = build(cfg, interfaces);
  await saveServerDuid(store.state, agentId, duid);
  return duid;
}
