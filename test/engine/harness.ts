// Shared by the engine tests: configurations in Kea's JSON, client messages built with the
// codec, an in-test HooksRunner that records calls and answers with chosen statuses, and an
// Engine on a test store.
import { pino } from 'pino';
import { parseConfig } from '../../src/config/parse-config.js';
import type { Config } from '../../src/config/types.js';
import { MSG, OPT } from '../../src/dhcp6/constants.js';
import { decodePacket, encodePacket, findOption, findOptions, unwrapRelays } from '../../src/dhcp6/codec.js';
import {
  clientIdOption, emptyOption, iaAddrOption, iaNaOption, iaPdOption, iaPrefixOption, serverIdOption,
} from '../../src/dhcp6/option-builders.js';
import type {
  Dhcp6Message, Dhcp6Option, Dhcp6Packet, Dhcp6RelayMessage, IaOption, PacketOrigin, StatusCodeOption,
} from '../../src/dhcp6/types.js';
import { Engine, type EngineAnswer } from '../../src/engine/engine.js';
import type { CalloutOutcome, HookArgs, HookPoint, HooksRunner, NextStep } from '../../src/hooks/types.js';
import type { Store } from '../../src/store/types.js';

export const SERVER_DUID = Buffer.from('0001000129f0e1d2020000aabbcc', 'hex');

/** A DUID-LLT of client n (hardware address 02:00:00:00:xx:xx). */
export function clientDuid(n: number): Buffer {
  return Buffer.concat([Buffer.from('000100011234567802000000', 'hex'), Buffer.from([(n >> 8) & 0xff, n & 0xff])]);
}

export const DIRECT: PacketOrigin = {
  iface: 'eth0',
  ifindex: 2,
  remoteAddress: 'fe80::1',
  remotePort: 546,
  localAddress: 'ff02::1:2',
  localPort: 547,
};

export const RELAYED: PacketOrigin = {
  iface: 'eth1',
  ifindex: 3,
  remoteAddress: '2001:db8:ffff::1',
  remotePort: 547,
  localAddress: '2001:db8:ffff::547',
  localPort: 547,
};

export const BASE_DHCP6 = {
  'preferred-lifetime': 3000,
  'valid-lifetime': 4000,
  'renew-timer': 1000,
  'rebind-timer': 2000,
  subnet6: [
    {
      id: 1,
      subnet: '2001:db8:1::/64',
      interface: 'eth0',
      pools: [{ pool: '2001:db8:1::100-2001:db8:1::1ff' }],
      'pd-pools': [{ prefix: '2001:db8:8000::', 'prefix-len': 48, 'delegated-len': 56 }],
    },
  ],
};

export function makeConfig(dhcp6: Record<string, unknown> = {}): Config {
  return parseConfig({ Dhcp6: { ...BASE_DHCP6, ...dhcp6 } });
}

type Handler<P extends HookPoint> = (args: HookArgs[P]) => NextStep | void | { status: NextStep; parked?: Promise<boolean> };

/** A HooksRunner for tests: records every call and answers with what the test registered. */
export class RecordingHooks implements HooksRunner {
  readonly calls: { point: HookPoint; args: unknown }[] = [];
  private readonly handlers = new Map<HookPoint, Handler<HookPoint>>();

  on<P extends HookPoint>(point: P, handler: Handler<P>): this {
    this.handlers.set(point, handler as unknown as Handler<HookPoint>);
    return this;
  }

  has(point: HookPoint): boolean {
    return this.handlers.has(point);
  }

  async call<P extends HookPoint>(point: P, args: HookArgs[P]): Promise<CalloutOutcome<HookArgs[P]>> {
    this.calls.push({ point, args });
    const r = (this.handlers.get(point) as Handler<P> | undefined)?.(args);
    if (r === undefined) return { status: 'continue', args };
    if (typeof r === 'string') return { status: r, args };
    return { status: r.status, parked: r.parked, args };
  }

  callsOf<P extends HookPoint>(point: P): HookArgs[P][] {
    return this.calls.filter((c) => c.point === point).map((c) => c.args as HookArgs[P]);
  }
}

export const silentLogger = pino({ level: 'silent' });

export function makeEngine(store: Store, config: Config, hooks: HooksRunner = new RecordingHooks(), agentId = 'test-agent'): Engine {
  return new Engine({ config, store, hooks, serverDuid: SERVER_DUID, logger: silentLogger, agentId });
}

let tid = 1;

export function message(msgType: number, options: Dhcp6Option[], transactionId = tid++ & 0xffffff): Dhcp6Message {
  return { kind: 'message', msgType, transactionId, options };
}

export interface Hop {
  linkAddress: string;
  peerAddress?: string;
  options?: Dhcp6Option[];
}

/** Wraps `inner` in RELAY-FORW messages; hops[0] is the relay closest to the client. */
export function relay(inner: Dhcp6Packet, hops: Hop[]): Dhcp6Packet {
  let p = inner;
  hops.forEach((h, i) => {
    p = {
      kind: 'relay',
      msgType: MSG.RELAY_FORW,
      hopCount: i,
      linkAddress: h.linkAddress,
      peerAddress: h.peerAddress ?? 'fe80::c1',
      options: [...(h.options ?? []), { kind: 'relay_msg', code: OPT.RELAY_MSG, packet: p }],
    };
  });
  return p;
}

export interface Answer {
  answer: EngineAnswer;
  packet: Dhcp6Packet;
  reply: Dhcp6Message;
  relays: Dhcp6RelayMessage[];
}

export async function send(engine: Engine, packet: Dhcp6Packet, origin: PacketOrigin = DIRECT): Promise<Answer | null> {
  const answer = await engine.receive(encodePacket(packet), origin);
  if (!answer) return null;
  const decoded = decodePacket(answer.data);
  const { message: reply, relays } = unwrapRelays(decoded);
  return { answer, packet: decoded, reply, relays };
}

export async function mustAnswer(engine: Engine, packet: Dhcp6Packet, origin: PacketOrigin = DIRECT): Promise<Dhcp6Message> {
  const a = await send(engine, packet, origin);
  if (!a) throw new Error('expected an answer, got none');
  return a.reply;
}

export function ias(reply: Dhcp6Message, code: number = OPT.IA_NA): IaOption[] {
  return findOptions(reply.options, code, 'ia');
}

export function iaOf(reply: Dhcp6Message, iaid: number, code: number = OPT.IA_NA): IaOption {
  const ia = ias(reply, code).find((x) => x.iaid === iaid);
  if (!ia) throw new Error(`no IA ${code} with IAID ${iaid} in the reply`);
  return ia;
}

/** Addresses (IA_NA) or "prefix/len" (IA_PD) with their lifetimes. */
export function leasesIn(ia: IaOption): { lease: string; preferred: number; valid: number }[] {
  const out: { lease: string; preferred: number; valid: number }[] = [];
  for (const o of ia.options) {
    if (o.kind === 'iaaddr') out.push({ lease: o.address, preferred: o.preferred, valid: o.valid });
    if (o.kind === 'iaprefix') out.push({ lease: `${o.prefix}/${o.prefixLen}`, preferred: o.preferred, valid: o.valid });
  }
  return out;
}

export function statusOf(options: readonly Dhcp6Option[]): number | undefined {
  return findOption(options, OPT.STATUS_CODE, 'status')?.status;
}

export function statusOption(options: readonly Dhcp6Option[]): StatusCodeOption | undefined {
  return findOption(options, OPT.STATUS_CODE, 'status');
}

export interface ClientOptions {
  duid: Buffer;
  na?: { iaid: number; hint?: string; preferred?: number; valid?: number }[];
  pd?: { iaid: number; hint?: string; len?: number }[];
  oro?: number[];
  rapidCommit?: boolean;
  serverId?: Buffer | null;
  extra?: Dhcp6Option[];
}

export function clientOptions(o: ClientOptions): Dhcp6Option[] {
  const options: Dhcp6Option[] = [clientIdOption(o.duid)];
  if (o.serverId) options.push(serverIdOption(o.serverId));
  for (const n of o.na ?? []) {
    const sub = n.hint || n.preferred || n.valid ? [iaAddrOption(n.hint ?? '::', n.preferred ?? 0, n.valid ?? 0)] : [];
    options.push(iaNaOption(n.iaid, 0, 0, sub));
  }
  for (const p of o.pd ?? []) {
    const sub = p.hint || p.len ? [iaPrefixOption(p.hint ?? '::', p.len ?? 0, 0, 0)] : [];
    options.push(iaPdOption(p.iaid, 0, 0, sub));
  }
  if (o.oro) options.push({ kind: 'oro', code: OPT.ORO, codes: o.oro });
  if (o.rapidCommit) options.push(emptyOption(OPT.RAPID_COMMIT));
  options.push(...(o.extra ?? []));
  return options;
}

/** SOLICIT → ADVERTISE → REQUEST → REPLY for one client; returns the REPLY. */
export async function obtain(engine: Engine, o: ClientOptions, origin: PacketOrigin = DIRECT, wrap = (p: Dhcp6Packet) => p): Promise<Dhcp6Message> {
  const adv = await mustAnswer(engine, wrap(message(MSG.SOLICIT, clientOptions(o))), origin);
  return mustAnswer(engine, wrap(requestFrom(adv, o)), origin);
}

/** A REQUEST (or RENEW/REBIND/RELEASE/DECLINE with `type`) listing what `reply` gave. */
export function requestFrom(reply: Dhcp6Message, o: ClientOptions, type: number = MSG.REQUEST): Dhcp6Message {
  const options: Dhcp6Option[] = [clientIdOption(o.duid)];
  if (type !== MSG.REBIND && type !== MSG.CONFIRM) options.push(serverIdOption(SERVER_DUID));
  for (const ia of [...ias(reply, OPT.IA_NA), ...ias(reply, OPT.IA_PD)]) {
    options.push({ ...ia, t1: 0, t2: 0, options: ia.options.filter((x) => x.kind === 'iaaddr' || x.kind === 'iaprefix') });
  }
  if (o.oro) options.push({ kind: 'oro', code: OPT.ORO, codes: o.oro });
  options.push(...(o.extra ?? []));
  return message(type, options);
}
