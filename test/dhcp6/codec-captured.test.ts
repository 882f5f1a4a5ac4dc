import { describe, it, expect } from 'vitest';
import { findOption, unwrapRelays } from '../../src/dhcp6/codec.js';
import { OPT } from '../../src/dhcp6/constants.js';
import { describeDuid } from '../../src/dhcp6/duid.js';
import { roundTrip } from './wire.js';

// Packets Kea 2.2's perfdhcp sent to a socket on ::1 (`perfdhcp -6 -l lo …`), byte for byte.
const CAPTURED = {
  solicitNaPd: '010000000001000e000100013299ee17000c010203040003000c0000000100000e100000151800060004001700180008000200000019000c0000000100000e1000001518',
  solicitExtraOption: '010000000001000e000100013299ee18000c010203040003000c0000000100000e1000001518000600040017001800080002000004d200020a0b',
  relayedSolicit: '0c00000000000000000000000000000000010000000000000000000000000000000100090034010000000001000e000100013299ee20000c010203040003000c0000000100000e10000015180006000400170018000800020000',
  solicitDuidLl: '010000000001000a0003000100aabbccddee0003000c0000000100000e100000151800060004001700180008000200000019000c0000000100000e1000001518',
};

describe('packets captured from perfdhcp', () => {
  it('round-trips a SOLICIT for an address and a prefix', () => {
    const { message } = unwrapRelays(roundTrip(Buffer.from(CAPTURED.solicitNaPd, 'hex')));
    expect(describeDuid(findOption(message.options, OPT.CLIENTID, 'duid')!.duid)).toMatchObject({ type: 'LLT', htype: 1, time: 0x3299ee17 });
    expect(findOption(message.options, OPT.IA_NA, 'ia')).toMatchObject({ iaid: 1, t1: 3600, t2: 5400, options: [] });
    expect(findOption(message.options, OPT.IA_PD, 'ia')).toMatchObject({ iaid: 1, t1: 3600, t2: 5400 });
    expect(findOption(message.options, OPT.ORO, 'oro')?.codes).toEqual([OPT.DNS_SERVERS, OPT.DOMAIN_LIST]);
  });

  it('keeps an option perfdhcp added by code as raw', () => {
    const { message } = unwrapRelays(roundTrip(Buffer.from(CAPTURED.solicitExtraOption, 'hex')));
    const o = findOption(message.options, 1234, 'raw');
    expect(o?.data.toString('hex')).toBe('0a0b');
  });

  it('round-trips a relayed SOLICIT', () => {
    const { message, relays } = unwrapRelays(roundTrip(Buffer.from(CAPTURED.relayedSolicit, 'hex')));
    expect(relays).toHaveLength(1);
    expect(relays[0]).toMatchObject({ hopCount: 0, linkAddress: '::1', peerAddress: '::1' });
    expect(message.msgType).toBe(1);
  });

  it('round-trips a SOLICIT with a DUID-LL', () => {
    const { message } = unwrapRelays(roundTrip(Buffer.from(CAPTURED.solicitDuidLl, 'hex')));
    expect(describeDuid(findOption(message.options, OPT.CLIENTID, 'duid')!.duid)).toMatchObject({ type: 'LL', htype: 1 });
  });
});
