// Which network interfaces the DHCPv6 sockets serve: Kea's "interfaces-config.interfaces"
// entries resolved against the host's interface table (os.networkInterfaces()).

import os from 'node:os';
import type { InterfaceConfig } from '../config/types.js';
import { canonicalIpv6, isIpv6 } from '../dhcp6/ipv6.js';

/** One interface the server listens on, as resolved at startup. */
export interface ServedInterface {
  name: string;
  /** kernel interface index (the scope id of its link-local address) */
  ifindex: number;
  /** link-local address without the %scope suffix; replies to clients leave from it */
  linkLocal: string;
  /** global address relays send RELAY-FORW to (Kea's "eth0/2001:db8::1") */
  unicast?: string;
}

export type InterfaceTable = NodeJS.Dict<os.NetworkInterfaceInfo[]>;

/** Startup problem with the configured interfaces; names the interface. */
export class InterfaceError extends Error {
  constructor(readonly iface: string, reason: string) {
    super(`interface '${iface}': ${reason}`);
    this.name = 'InterfaceError';
  }
}

function isLinkLocal(address: string): boolean {
  return /^fe[89ab][0-9a-f]:/i.test(address);
}

function stripScope(address: string): string {
  const i = address.indexOf('%');
  return i < 0 ? address : address.slice(0, i);
}

/**
 * Resolves configured interfaces against `table`. "*" (Kea: every interface) expands to each
 * non-loopback interface that has an IPv6 link-local address. Entries naming the same interface
 * merge ("eth0" and "eth0/2001:db8::1" serve eth0 once, with the unicast address).
 */
export function resolveInterfaces(configs: InterfaceConfig[], table: InterfaceTable = os.networkInterfaces()): ServedInterface[] {
  const wanted = new Map<string, string | undefined>();
  const want = (name: string, unicast: string | undefined): void => {
    const had = wanted.get(name);
    if (had !== undefined && unicast !== undefined && had !== unicast) {
      throw new InterfaceError(name, `listed with two unicast addresses (${had} and ${unicast}); only one is allowed`);
    }
    wanted.set(name, had ?? unicast);
  };
  for (const c of configs) {
    if (c.name === '*') {
      for (const [name, infos] of Object.entries(table)) {
        if (infos && infos.some((i) => !i.internal && i.family === 'IPv6' && isLinkLocal(i.address))) want(name, undefined);
      }
      continue;
    }
    if (c.unicast !== undefined) {
      if (!isIpv6(c.unicast)) throw new InterfaceError(c.name, `unicast address '${c.unicast}' is not a valid IPv6 address`);
      want(c.name, canonicalIpv6(c.unicast));
    } else {
      want(c.name, undefined);
    }
  }

  const served: ServedInterface[] = [];
  for (const [name, unicast] of wanted) {
    const infos = table[name];
    if (!infos) throw new InterfaceError(name, 'no such interface');
    const ll = infos.find((i) => i.family === 'IPv6' && isLinkLocal(i.address));
    if (!ll || !ll.scopeid) throw new InterfaceError(name, 'has no IPv6 link-local address (is it up, with IPv6 enabled?)');
    const s: ServedInterface = { name, ifindex: ll.scopeid, linkLocal: stripScope(ll.address) };
    if (unicast !== undefined) {
      const present = infos.some((i) => i.family === 'IPv6' && isIpv6(stripScope(i.address)) && canonicalIpv6(stripScope(i.address)) === unicast);
      if (!present) throw new InterfaceError(name, `has no address ${unicast} (configured as its unicast address)`);
      s.unicast = unicast;
    }
    served.push(s);
  }
  return served;
}
