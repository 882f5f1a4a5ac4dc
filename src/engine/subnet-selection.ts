// Which subnet a client's message belongs to (kea-dhcp6's CfgSubnets6::selectSubnet):
// - direct client: the subnet whose `interface` is the receiving interface, else the subnet
//   containing the client's source address (a global source; link-local matches nothing);
// - relayed: the subnet whose `interface-id` matches the Interface-Id option of the relay
//   closest to the client that carries one, else the subnet containing the link-address of
//   the relay closest to the client whose link-address is not :: (Kea reads only the first
//   relay's; a relay that leaves link-address unspecified, RFC 8415 §19.1.1, defers to the
//   next one out).
import type { Subnet6 } from '../config/types.js';
import type { Dhcp6RelayMessage, PacketOrigin, RawOption } from '../dhcp6/types.js';
import { OPT } from '../dhcp6/constants.js';
import { prefixMask, tryParseIpv6 } from '../dhcp6/ipv6.js';

export class SubnetIndex {
  private readonly byInterface = new Map<string, Subnet6>();
  private readonly byInterfaceId = new Map<string, Subnet6>();
  private readonly byId = new Map<number, Subnet6>();
  private readonly masks: bigint[];

  constructor(readonly subnets: readonly Subnet6[]) {
    for (const s of subnets) {
      this.byId.set(s.id, s);
      if (s.interface !== undefined && !this.byInterface.has(s.interface)) this.byInterface.set(s.interface, s);
      if (s.interfaceId !== undefined) {
        const key = s.interfaceId.toString('hex');
        if (!this.byInterfaceId.has(key)) this.byInterfaceId.set(key, s);
      }
    }
    this.masks = subnets.map((s) => prefixMask(s.prefixLen));
  }

  get(id: number): Subnet6 | undefined {
    return this.byId.get(id);
  }

  /** The first subnet (in configuration order) whose prefix contains the address. */
  containing(address: bigint): Subnet6 | null {
    const subnets = this.subnets;
    for (let i = 0; i < subnets.length; i++) if ((address & this.masks[i]) === subnets[i].network) return subnets[i];
    return null;
  }

  /** `relays` as received: [0] is the outermost RELAY-FORW, the last one is closest to the client. */
  select(origin: PacketOrigin, relays: readonly Dhcp6RelayMessage[]): Subnet6 | null {
    if (relays.length === 0) {
      const byIface = this.byInterface.get(origin.iface);
      if (byIface) return byIface;
      const src = tryParseIpv6(stripZone(origin.remoteAddress));
      if (typeof src === 'bigint' && !isLinkLocal(src)) return this.containing(src);
      return null;
    }
    if (this.byInterfaceId.size > 0) {
      for (let i = relays.length - 1; i >= 0; i--) {
        const opt = relays[i].options.find((o) => o.code === OPT.INTERFACE_ID);
        if (!opt) continue;
        const s = this.byInterfaceId.get(interfaceIdBytes(opt).toString('hex'));
        if (s) return s;
        break;
      }
    }
    for (let i = relays.length - 1; i >= 0; i--) {
      const link = tryParseIpv6(relays[i].linkAddress);
      if (typeof link !== 'bigint' || link === 0n) continue;
      return this.containing(link);
    }
    return null;
  }
}

function interfaceIdBytes(opt: { kind: string }): Buffer {
  // The codec keeps Interface-Id as raw bytes (RFC 8415 §21.18: opaque).
  return (opt as RawOption).data ?? Buffer.alloc(0);
}

export function stripZone(address: string): string {
  const pct = address.indexOf('%');
  return pct < 0 ? address : address.slice(0, pct);
}

function isLinkLocal(a: bigint): boolean {
  return a >> 118n === 0x3fan;
}
