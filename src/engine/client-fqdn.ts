// The lease's hostname and the Client FQDN option of the reply (RFC 4704). The hostname comes
// from the client's reservation, else from the client's Client FQDN option. This engine sends
// no DNS updates itself: without a library acting on ddns6_update, the reply tells the client
// the server will not update DNS (N=1). ddns6_update callouts may change the hostname and the
// forward/reverse decisions; what they decide is stored in the lease (hostname, fqdn-fwd,
// fqdn-rev) and sent back in the Client FQDN option.
import { OPT } from '../dhcp6/constants.js';
import type { ClientFqdnOption } from '../dhcp6/options-extra.js';
import type { HookPacket } from '../hooks/types.js';
import type { Exchange } from './exchange.js';

/** RFC 4704 §4.1 flag bits. */
const FLAG_S = 1;
const FLAG_O = 2;
const FLAG_N = 4;

export interface NameDecision {
  hostname: string;
  fwd: boolean;
  rev: boolean;
}

const NO_NAME: NameDecision = { hostname: '', fwd: false, rev: false };

export function initialName(ex: Exchange): NameDecision {
  if (ex.host?.hostname) return { hostname: ex.host.hostname, fwd: false, rev: false };
  const f = ex.msg.fqdn;
  if (f && f.name) return { hostname: f.partial ? f.name : `${f.name}.`, fwd: false, rev: false };
  return NO_NAME;
}

/**
 * ddns6_update: called once per message that assigns or extends leases, when there is a name
 * to decide on (a Client FQDN option or a reserved hostname) and a subnet. Its status is
 * ignored (contract: "Not applicable").
 */
export async function decideName(ex: Exchange, response6: () => HookPacket): Promise<NameDecision> {
  const first = initialName(ex);
  const hooks = ex.deps.hooks;
  if (!ex.subnet || !hooks.has('ddns6_update') || (!ex.msg.fqdn && !first.hostname)) return first;
  const out = await hooks.call('ddns6_update', {
    query6: ex.hookQuery(),
    response6: response6(),
    subnet6: ex.subnet,
    hostname: first.hostname,
    fwd_update: first.fwd,
    rev_update: first.rev,
    ddns_params: { 'enable-updates': false, 'ddns-send-updates': false },
  });
  const a = out.args;
  return {
    hostname: typeof a.hostname === 'string' ? a.hostname : first.hostname,
    fwd: a.fwd_update === true,
    rev: a.rev_update === true,
  };
}

/** The reply's Client FQDN option (RFC 4704 §5.2), when the client sent one. */
export function fqdnReply(ex: Exchange, name: NameDecision): ClientFqdnOption | undefined {
  const asked = ex.msg.fqdn;
  if (!asked) return undefined;
  let flags = 0;
  if (name.fwd) flags |= FLAG_S;
  if (!name.fwd && !name.rev) flags |= FLAG_N;
  // O: the server overrides what the client's S bit asked for.
  if ((asked.flags & FLAG_S) !== (flags & FLAG_S)) flags |= FLAG_O;
  const text = name.hostname || (asked.partial ? asked.name : `${asked.name}.`);
  const full = text.endsWith('.');
  return { kind: 'client_fqdn', code: OPT.CLIENT_FQDN, flags, name: full ? text.slice(0, -1) : text, partial: !full };
}
