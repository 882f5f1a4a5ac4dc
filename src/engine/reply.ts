// The reply message: Client and Server Identifier, the IAs, then the configured options the
// client asked for (ORO) or that are always sent, most specific level first.
import type { PdPool6, Pool6 } from '../config/types.js';
import { OPT } from '../dhcp6/constants.js';
import { clientIdOption, emptyOption, serverIdOption } from '../dhcp6/option-builders.js';
import type { ClientFqdnOption } from '../dhcp6/options-extra.js';
import type { Dhcp6Message, Dhcp6Option, IaOption, StatusCodeOption } from '../dhcp6/types.js';
import type { Exchange } from './exchange.js';
import { appendConfiguredOptions, optionLevel, type OptionLevel } from './response-options.js';

export interface ReplyParts {
  ias?: readonly IaOption[];
  status?: StatusCodeOption;
  fqdn?: ClientFqdnOption;
  rapidCommit?: boolean;
  pools?: readonly (Pool6 | PdPool6)[];
}

/** The reply's skeleton: what ddns6_update sees of the response before the leases are in it. */
export function replySkeleton(ex: Exchange, msgType: number): Dhcp6Message {
  const options: Dhcp6Option[] = [];
  if (ex.msg.clientId) options.push(clientIdOption(ex.msg.clientId));
  options.push(serverIdOption(ex.deps.serverDuid));
  return { kind: 'message', msgType, transactionId: ex.msg.message.transactionId, options };
}

export function buildReply(ex: Exchange, msgType: number, parts: ReplyParts): Dhcp6Message {
  const reply = replySkeleton(ex, msgType);
  const options = reply.options;
  if (parts.ias) for (const ia of parts.ias) options.push(ia);
  // RFC 8415 §18.3.1: a REPLY to a SOLICIT with Rapid Commit carries the option too.
  if (parts.rapidCommit) options.push(emptyOption(OPT.RAPID_COMMIT));
  if (parts.fqdn) options.push(parts.fqdn);
  if (parts.status) options.push(parts.status);

  const chain: OptionLevel[] = [];
  if (ex.host) chain.push(optionLevel(ex.host.options));
  if (parts.pools) for (const p of parts.pools) chain.push(optionLevel(p.options));
  if (ex.subnet) chain.push(optionLevel(ex.subnet.options));
  chain.push(ex.view.globalOptions);
  const hooks = ex.deps.hooks;
  // Callouts get their own copies of configured option bytes (hooks contract, "Accessing
  // DHCPv6 Options"); without callouts nobody but the encoder reads them.
  const copy = hooks.has('pkt6_send') || hooks.has('buffer6_send') || hooks.has('ddns6_update');
  appendConfiguredOptions(options, ex.msg.oro, chain, copy);
  return reply;
}
