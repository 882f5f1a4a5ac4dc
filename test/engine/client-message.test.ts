import { describe, expect, it } from 'vitest';
import { MSG, OPT } from '../../src/dhcp6/constants.js';
import { clientIdOption, iaNaOption, serverIdOption } from '../../src/dhcp6/option-builders.js';
import type { Dhcp6Option, Dhcp6RelayMessage } from '../../src/dhcp6/types.js';
import { HWADDR_SOURCE, clientHwaddr, discardReason, readClientMessage, unicastNotAllowed } from '../../src/engine/client-message.js';
import { DIRECT, SERVER_DUID, clientDuid, message } from './harness.js';

const OTHER_SERVER = Buffer.from('0003000102000000beef', 'hex');
const client = clientIdOption(clientDuid(1));

function why(msgType: number, options: Dhcp6Option[]): string | null {
  return discardReason(readClientMessage(message(msgType, options), []), SERVER_DUID);
}

describe('RFC 8415 §16 discard rules', () => {
  it('accepts well-formed messages of each client type', () => {
    for (const t of [MSG.SOLICIT, MSG.CONFIRM, MSG.REBIND]) expect(why(t, [client])).toBeNull();
    for (const t of [MSG.REQUEST, MSG.RENEW, MSG.RELEASE, MSG.DECLINE]) expect(why(t, [client, serverIdOption(SERVER_DUID)])).toBeNull();
    expect(why(MSG.INFORMATION_REQUEST, [])).toBeNull();
    expect(why(MSG.INFORMATION_REQUEST, [client, serverIdOption(SERVER_DUID)])).toBeNull();
  });

  it('discards SOLICIT, CONFIRM and REBIND carrying a server identifier, even ours', () => {
    for (const t of [MSG.SOLICIT, MSG.CONFIRM, MSG.REBIND]) expect(why(t, [client, serverIdOption(SERVER_DUID)])).not.toBeNull();
  });

  it('discards REQUEST, RENEW, RELEASE, DECLINE without our server identifier', () => {
    for (const t of [MSG.REQUEST, MSG.RENEW, MSG.RELEASE, MSG.DECLINE]) {
      expect(why(t, [client])).not.toBeNull();
      expect(why(t, [client, serverIdOption(OTHER_SERVER)])).not.toBeNull();
    }
  });

  it('discards messages without a client identifier (but not INFORMATION-REQUEST)', () => {
    expect(why(MSG.SOLICIT, [])).not.toBeNull();
    expect(why(MSG.REQUEST, [serverIdOption(SERVER_DUID)])).not.toBeNull();
  });

  it('discards an INFORMATION-REQUEST naming another server or carrying an IA', () => {
    expect(why(MSG.INFORMATION_REQUEST, [serverIdOption(OTHER_SERVER)])).not.toBeNull();
    expect(why(MSG.INFORMATION_REQUEST, [client, iaNaOption(1, 0, 0)])).not.toBeNull();
  });

  it('discards two client identifiers and server messages sent to a server', () => {
    expect(why(MSG.SOLICIT, [client, clientIdOption(clientDuid(2))])).not.toBeNull();
    expect(why(MSG.ADVERTISE, [client])).not.toBeNull();
    expect(why(MSG.REPLY, [client])).not.toBeNull();
  });
});

describe('unicast test', () => {
  it('drops a direct SOLICIT that was not sent to the multicast address', () => {
    const m = readClientMessage(message(MSG.SOLICIT, [client]), []);
    expect(unicastNotAllowed(m, DIRECT)).toBe(false);
    expect(unicastNotAllowed(m, { ...DIRECT, localAddress: 'fe80::547' })).toBe(true);
  });

  it('accepts a unicast REQUEST and anything relayed', () => {
    const req = readClientMessage(message(MSG.REQUEST, [client]), []);
    expect(unicastNotAllowed(req, { ...DIRECT, localAddress: 'fe80::547' })).toBe(false);
    const relay: Dhcp6RelayMessage = { kind: 'relay', msgType: 12, hopCount: 0, linkAddress: '2001:db8::1', peerAddress: 'fe80::1', options: [] };
    const sol = readClientMessage(message(MSG.SOLICIT, [client]), [relay]);
    expect(unicastNotAllowed(sol, { ...DIRECT, localAddress: '2001:db8::547' })).toBe(false);
  });
});

describe('client hardware address', () => {
  it('comes from the relay\'s Client Link-Layer Address option first', () => {
    const relay: Dhcp6RelayMessage = {
      kind: 'relay', msgType: 12, hopCount: 0, linkAddress: '2001:db8::1', peerAddress: 'fe80::1',
      options: [{ kind: 'linklayer_addr', code: OPT.CLIENT_LINKLAYER_ADDR, linkType: 1, address: Buffer.from('0a0b0c0d0e0f', 'hex') }],
    };
    const hw = clientHwaddr(readClientMessage(message(MSG.SOLICIT, [client]), [relay]), DIRECT);
    expect(hw).toEqual({ bytes: Buffer.from('0a0b0c0d0e0f', 'hex'), type: 1, source: HWADDR_SOURCE.CLIENT_ADDR_RELAY_OPTION });
  });

  it('comes from a DUID-LLT next', () => {
    const hw = clientHwaddr(readClientMessage(message(MSG.SOLICIT, [client]), []), DIRECT);
    expect(hw).toEqual({ bytes: Buffer.from('020000000001', 'hex'), type: 1, source: HWADDR_SOURCE.DUID });
  });

  it('comes from the EUI-64 of a link-local source last', () => {
    const en = clientIdOption(Buffer.from('0002000009bf0102030405', 'hex'));
    const hw = clientHwaddr(readClientMessage(message(MSG.SOLICIT, [en]), []), { ...DIRECT, remoteAddress: 'fe80::211:22ff:fe33:4455' });
    expect(hw).toEqual({ bytes: Buffer.from('001122334455', 'hex'), type: 1, source: HWADDR_SOURCE.IPV6_LINK_LOCAL });
  });
});
