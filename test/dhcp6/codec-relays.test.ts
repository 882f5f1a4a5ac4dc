import { describe, it, expect } from 'vitest';
import { decodePacket, encodePacket, findOption, unwrapRelays, wrapRelayReply } from '../../src/dhcp6/codec.js';
import { MSG, OPT } from '../../src/dhcp6/constants.js';
import type { Dhcp6Message, Dhcp6RelayMessage } from '../../src/dhcp6/types.js';
import { Dhcp6DecodeError } from '../../src/dhcp6/types.js';
import { bytes, opt, msg, relay, roundTrip, u32, ADDR_2001_DB8_1, ADDR_2001_DB8_2, ADDR_FE80_1, ADDR_ZERO, DUID_LLT } from './wire.js';

const solicit = msg(MSG.SOLICIT, 0x0a0b0c, opt(OPT.CLIENTID, DUID_LLT), opt(OPT.ELAPSED_TIME, '0000'));

/** Client → relay A (on 2001:db8::1, interface-id "ge-0/0/1") → relay B (on 2001:db8::2, remote-id + interface-id "uplink"). */
const twoLevels = relay(MSG.RELAY_FORW, 1, ADDR_2001_DB8_2, ADDR_2001_DB8_1,
  opt(OPT.INTERFACE_ID, Buffer.from('uplink')),
  opt(OPT.REMOTE_ID, u32(9), 'aabb'),
  opt(OPT.RELAY_MSG, relay(MSG.RELAY_FORW, 0, ADDR_2001_DB8_1, ADDR_FE80_1,
    opt(OPT.INTERFACE_ID, Buffer.from('ge-0/0/1')),
    opt(OPT.SUBSCRIBER_ID, Buffer.from('sub-17')),
    opt(OPT.CLIENT_LINKLAYER_ADDR, '0001 001122334455'),
    opt(OPT.RELAY_MSG, solicit))));

describe('relay messages', () => {
  it('decodes a RELAY-FORW with its header and the relayed SOLICIT', () => {
    const p = roundTrip(relay(MSG.RELAY_FORW, 0, ADDR_2001_DB8_1, ADDR_FE80_1, opt(OPT.RELAY_MSG, solicit))) as Dhcp6RelayMessage;
    expect(p).toMatchObject({ kind: 'relay', msgType: 12, hopCount: 0, linkAddress: '2001:db8::1', peerAddress: 'fe80::1' });
    const inner = findOption(p.options, OPT.RELAY_MSG, 'relay_msg')!.packet;
    expect(inner).toMatchObject({ kind: 'message', msgType: MSG.SOLICIT, transactionId: 0x0a0b0c });
  });

  it('decodes two nested relays with interface-id, remote-id, subscriber-id and link-layer address', () => {
    const p = roundTrip(twoLevels);
    const { message, relays } = unwrapRelays(p);
    expect(message.msgType).toBe(MSG.SOLICIT);
    expect(relays.map((r) => [r.hopCount, r.linkAddress, r.peerAddress])).toEqual([[1, '2001:db8::2', '2001:db8::1'], [0, '2001:db8::1', 'fe80::1']]);
    const outerIfId = findOption(relays[0].options, OPT.INTERFACE_ID, 'opaque')!;
    expect(outerIfId.data.toString()).toBe('uplink');
    expect(findOption(relays[0].options, OPT.REMOTE_ID, 'remote_id')).toMatchObject({ enterprise: 9 });
    expect(findOption(relays[1].options, OPT.SUBSCRIBER_ID, 'opaque')!.data.toString()).toBe('sub-17');
    expect(findOption(relays[1].options, OPT.CLIENT_LINKLAYER_ADDR, 'linklayer_addr')!.address.toString('hex')).toBe('001122334455');
  });

  it('unwraps a direct client message to itself with no relays', () => {
    const p = decodePacket(solicit) as Dhcp6Message;
    expect(unwrapRelays(p)).toEqual({ message: p, relays: [] });
  });

  it('decodes a RELAY-REPL', () => {
    const reply = msg(MSG.REPLY, 0x0a0b0c, opt(OPT.CLIENTID, DUID_LLT));
    const p = roundTrip(relay(MSG.RELAY_REPL, 0, ADDR_ZERO, ADDR_FE80_1, opt(OPT.INTERFACE_ID, '01'), opt(OPT.RELAY_MSG, reply)));
    expect(p).toMatchObject({ kind: 'relay', msgType: 13, linkAddress: '::' });
  });

  it('wraps a reply in RELAY-REPLs mirroring the chain and echoing each interface-id (RFC 8415 §19.3)', () => {
    const { relays } = unwrapRelays(decodePacket(twoLevels));
    const reply: Dhcp6Message = { kind: 'message', msgType: MSG.ADVERTISE, transactionId: 0x0a0b0c, options: [{ kind: 'duid', code: OPT.CLIENTID, duid: bytes(DUID_LLT) }] };
    const wrapped = encodePacket(wrapRelayReply(reply, relays));
    const expected = relay(MSG.RELAY_REPL, 1, ADDR_2001_DB8_2, ADDR_2001_DB8_1,
      opt(OPT.INTERFACE_ID, Buffer.from('uplink')),
      opt(OPT.RELAY_MSG, relay(MSG.RELAY_REPL, 0, ADDR_2001_DB8_1, ADDR_FE80_1,
        opt(OPT.INTERFACE_ID, Buffer.from('ge-0/0/1')),
        opt(OPT.RELAY_MSG, msg(MSG.ADVERTISE, 0x0a0b0c, opt(OPT.CLIENTID, DUID_LLT))))));
    expect(wrapped.toString('hex')).toBe(expected.toString('hex'));
  });

  it('echoes the relay source port option (RFC 8357) but not other relay options', () => {
    const forw = relay(MSG.RELAY_FORW, 0, ADDR_2001_DB8_1, ADDR_FE80_1, opt(OPT.REMOTE_ID, u32(9), 'aa'), opt(OPT.RELAY_SOURCE_PORT, '2222'), opt(OPT.RELAY_MSG, solicit));
    const { relays } = unwrapRelays(decodePacket(forw));
    const reply: Dhcp6Message = { kind: 'message', msgType: MSG.REPLY, transactionId: 1, options: [] };
    expect(encodePacket(wrapRelayReply(reply, relays)).toString('hex')).toBe(
      relay(MSG.RELAY_REPL, 0, ADDR_2001_DB8_1, ADDR_FE80_1, opt(OPT.RELAY_SOURCE_PORT, '2222'), opt(OPT.RELAY_MSG, msg(MSG.REPLY, 1))).toString('hex'));
  });

  it('wraps without interface-id when the relay sent none', () => {
    const { relays } = unwrapRelays(decodePacket(relay(MSG.RELAY_FORW, 0, ADDR_2001_DB8_1, ADDR_FE80_1, opt(OPT.RELAY_MSG, solicit))));
    const reply: Dhcp6Message = { kind: 'message', msgType: MSG.REPLY, transactionId: 1, options: [] };
    const out = wrapRelayReply(reply, relays) as Dhcp6RelayMessage;
    expect(out.options.map((o) => o.code)).toEqual([OPT.RELAY_MSG]);
    expect(wrapRelayReply(reply, [])).toBe(reply);
  });

  it('decodes the deepest relay chain HOP_COUNT_LIMIT allows', () => {
    let p = solicit;
    for (let hop = 0; hop < 32; hop++) p = relay(MSG.RELAY_FORW, hop, ADDR_2001_DB8_1, ADDR_FE80_1, opt(OPT.RELAY_MSG, p));
    expect(unwrapRelays(roundTrip(p)).relays).toHaveLength(32);
  });

  it('refuses to unwrap a hand-built relay without RELAY_MSG', () => {
    const r: Dhcp6RelayMessage = { kind: 'relay', msgType: 12, hopCount: 0, linkAddress: '::', peerAddress: '::', options: [] };
    expect(() => unwrapRelays(r)).toThrow(Dhcp6DecodeError);
  });
});
