import { describe, it, expect } from 'vitest';
import { encodePacket, findOption, findOptions } from '../../src/dhcp6/codec.js';
import { MSG, OPT, STATUS } from '../../src/dhcp6/constants.js';
import type { Dhcp6Message } from '../../src/dhcp6/types.js';
import {
  iaNaOption, iaPdOption, iaAddrOption, iaPrefixOption, statusOption, serverIdOption, clientIdOption, uintOption, emptyOption,
  addressesOption, domainsOption,
} from '../../src/dhcp6/option-builders.js';
import { bytes, opt, msg, roundTrip, u32, ADDR_2001_DB8_1, DUID_LLT, DUID_SERVER } from './wire.js';

const asMessage = (p: ReturnType<typeof roundTrip>) => {
  expect(p.kind).toBe('message');
  return p as Dhcp6Message;
};

const clientId = opt(OPT.CLIENTID, DUID_LLT);
const serverId = opt(OPT.SERVERID, DUID_SERVER);
const elapsed = opt(OPT.ELAPSED_TIME, '0064');
const iaNaEmpty = opt(OPT.IA_NA, u32(0x01020304), u32(0), u32(0));
const iaNaWithAddr = opt(OPT.IA_NA, u32(1), u32(1800), u32(2880), opt(OPT.IAADDR, ADDR_2001_DB8_1, u32(3600), u32(7200)));

describe('client/server messages', () => {
  it('decodes a SOLICIT with rapid commit, IA_NA, IA_PD hint and ORO', () => {
    const buf = msg(MSG.SOLICIT, 0xabcdef, clientId, elapsed, opt(OPT.RAPID_COMMIT), iaNaEmpty,
      opt(OPT.IA_PD, u32(7), u32(0), u32(0), opt(OPT.IAPREFIX, u32(0), u32(0), [56], ADDR_2001_DB8_1.replace(/1$/, '0'))),
      opt(OPT.ORO, '0017 0018 0052'));
    const m = asMessage(roundTrip(buf));
    expect(m.msgType).toBe(MSG.SOLICIT);
    expect(m.transactionId).toBe(0xabcdef);
    expect(m.options.map((o) => o.kind)).toEqual(['duid', 'uint', 'empty', 'ia', 'ia', 'oro']);
    expect(findOption(m.options, OPT.ELAPSED_TIME, 'uint')?.value).toBe(100);
    expect(findOption(m.options, OPT.IA_NA, 'ia')).toMatchObject({ iaid: 0x01020304, t1: 0, t2: 0, options: [] });
    const pd = findOption(m.options, OPT.IA_PD, 'ia')!;
    expect(pd.options[0]).toMatchObject({ kind: 'iaprefix', prefixLen: 56, prefix: '2001:db8::', preferred: 0, valid: 0 });
    expect(findOption(m.options, OPT.ORO, 'oro')?.codes).toEqual([23, 24, 82]);
  });

  it('decodes an ADVERTISE with preference, an address and DNS configuration', () => {
    const buf = msg(MSG.ADVERTISE, 1, serverId, clientId, opt(OPT.PREFERENCE, 'ff'), iaNaWithAddr,
      opt(OPT.DNS_SERVERS, ADDR_2001_DB8_1), opt(OPT.DOMAIN_LIST, '07 6578616d706c65 03 636f6d 00'));
    const m = asMessage(roundTrip(buf));
    expect(m.msgType).toBe(MSG.ADVERTISE);
    expect(findOption(m.options, OPT.PREFERENCE, 'uint')?.value).toBe(255);
    const ia = findOption(m.options, OPT.IA_NA, 'ia')!;
    expect(ia).toMatchObject({ iaid: 1, t1: 1800, t2: 2880 });
    expect(ia.options[0]).toMatchObject({ kind: 'iaaddr', address: '2001:db8::1', preferred: 3600, valid: 7200, options: [] });
    expect(findOption(m.options, OPT.DNS_SERVERS, 'addresses')?.addresses).toEqual(['2001:db8::1']);
    expect(findOption(m.options, OPT.DOMAIN_LIST, 'domains')?.domains).toEqual(['example.com']);
  });

  it.each([
    ['REQUEST', MSG.REQUEST],
    ['RENEW', MSG.RENEW],
    ['REBIND', MSG.REBIND],
    ['RELEASE', MSG.RELEASE],
    ['DECLINE', MSG.DECLINE],
    ['CONFIRM', MSG.CONFIRM],
  ])('decodes a %s carrying an IA_NA with an address', (_name, type) => {
    const withServer = type === MSG.REBIND || type === MSG.CONFIRM ? [] : [serverId];
    const m = asMessage(roundTrip(msg(type, 0x123456, clientId, ...withServer, elapsed, iaNaWithAddr)));
    expect(m.msgType).toBe(type);
    expect(m.transactionId).toBe(0x123456);
    expect(findOption(m.options, OPT.IA_NA, 'ia')?.options[0]).toMatchObject({ address: '2001:db8::1' });
    expect(findOption(m.options, OPT.SERVERID, 'duid') !== undefined).toBe(withServer.length === 1);
  });

  it('decodes a REPLY with a status code inside the IA and at message level', () => {
    const noAddrs = opt(OPT.STATUS_CODE, '0002', Buffer.from('no addresses'));
    const buf = msg(MSG.REPLY, 2, serverId, clientId, opt(OPT.IA_NA, u32(9), u32(0), u32(0), noAddrs), opt(OPT.STATUS_CODE, '0000', Buffer.from('ok')));
    const m = asMessage(roundTrip(buf));
    expect(findOption(m.options, OPT.IA_NA, 'ia')?.options[0]).toEqual({ kind: 'status', code: 13, status: STATUS.NoAddrsAvail, message: 'no addresses' });
    expect(findOption(m.options, OPT.STATUS_CODE, 'status')?.message).toBe('ok');
  });

  it('decodes a RECONFIGURE with its reconf-msg type', () => {
    const m = asMessage(roundTrip(msg(MSG.RECONFIGURE, 0, serverId, clientId, opt(OPT.RECONF_MSG, '05'), opt(OPT.AUTH, '03 01 00 0000000000000001 00112233'))));
    expect(m.msgType).toBe(MSG.RECONFIGURE);
    expect(findOption(m.options, OPT.RECONF_MSG, 'uint')?.value).toBe(MSG.RENEW);
    expect(findOption(m.options, OPT.AUTH)?.kind).toBe('raw');
  });

  it('decodes an INFORMATION-REQUEST with reconfigure-accept and ORO', () => {
    const m = asMessage(roundTrip(msg(MSG.INFORMATION_REQUEST, 0xffffff, clientId, opt(OPT.RECONF_ACCEPT), opt(OPT.ORO, '0017'))));
    expect(m.transactionId).toBe(0xffffff);
    expect(findOption(m.options, OPT.RECONF_ACCEPT)).toEqual({ kind: 'empty', code: OPT.RECONF_ACCEPT });
  });

  it('keeps a message type outside RFC 8415 as a message', () => {
    const m = asMessage(roundTrip(msg(200, 5, clientId)));
    expect(m.msgType).toBe(200);
  });

  it('decodes a message without options', () => {
    expect(roundTrip(msg(MSG.SOLICIT, 0))).toEqual({ kind: 'message', msgType: 1, transactionId: 0, options: [] });
  });

  it('finds every option of a code in order, and filters by shape', () => {
    const m = asMessage(roundTrip(msg(MSG.REQUEST, 1, iaNaEmpty, opt(OPT.IA_NA, u32(2), u32(0), u32(0)), opt(OPT.ELAPSED_TIME, '00'))));
    expect(findOptions(m.options, OPT.IA_NA, 'ia').map((o) => o.iaid)).toEqual([0x01020304, 2]);
    // An ELAPSED_TIME of the wrong size stays raw, so asking for the 'uint' shape finds nothing.
    expect(findOption(m.options, OPT.ELAPSED_TIME, 'uint')).toBeUndefined();
    expect(findOption(m.options, OPT.ELAPSED_TIME)?.kind).toBe('raw');
    expect(findOptions(m.options, OPT.ELAPSED_TIME, 'uint')).toEqual([]);
  });
});

describe('encoding packets the server builds', () => {
  it('writes a REPLY from builders byte for byte', () => {
    const reply: Dhcp6Message = {
      kind: 'message', msgType: MSG.REPLY, transactionId: 0x010203, options: [
        clientIdOption(bytes(DUID_LLT)),
        serverIdOption(bytes(DUID_SERVER)),
        iaNaOption(1, 1800, 2880, [iaAddrOption('2001:db8::1', 3600, 7200)]),
        iaPdOption(2, 0, 0, [iaPrefixOption('2001:db8:ff00::', 56, 10, 20, [statusOption(STATUS.Success, 'ok')])]),
        uintOption(OPT.PREFERENCE, 255),
        uintOption(OPT.SOL_MAX_RT, 3600),
        emptyOption(OPT.RAPID_COMMIT),
        addressesOption(OPT.DNS_SERVERS, ['2001:db8::1']),
        domainsOption(OPT.DOMAIN_LIST, ['example.com', 'a.b.']),
        statusOption(STATUS.NoBinding, 'gone'),
      ],
    };
    const expected = msg(MSG.REPLY, 0x010203,
      opt(1, DUID_LLT), opt(2, DUID_SERVER), iaNaWithAddr,
      opt(25, u32(2), u32(0), u32(0), opt(26, u32(10), u32(20), [56], '20010db8ff00 0000 0000 0000 0000 0000', opt(13, '0000', '6f6b'))),
      opt(7, 'ff'), opt(82, u32(3600)), opt(14), opt(23, ADDR_2001_DB8_1),
      opt(24, '07 6578616d706c65 03 636f6d 00 01 61 01 62 00'), opt(13, '0003', Buffer.from('gone')));
    expect(encodePacket(reply).toString('hex')).toBe(expected.toString('hex'));
  });

  it('writes a status message as UTF-8', () => {
    const out = encodePacket({ kind: 'message', msgType: MSG.REPLY, transactionId: 0, options: [statusOption(0, 'café')] });
    expect(out.subarray(10).toString('utf8')).toBe('café');
    expect(out.readUInt16BE(6)).toBe(2 + 5);
  });

  it('writes a raw option with its code', () => {
    const out = encodePacket({ kind: 'message', msgType: 7, transactionId: 0, options: [{ kind: 'raw', code: 0xfff0, data: bytes('abcd') }] });
    expect(out.toString('hex')).toBe('07000000' + 'fff00002abcd');
  });
});
