import { describe, it, expect } from 'vitest';
import { encodePacket, encodeOptionPayload } from '../../src/dhcp6/codec.js';
import { MSG, OPT } from '../../src/dhcp6/constants.js';
import type { Dhcp6Message, Dhcp6Option } from '../../src/dhcp6/types.js';
import { Dhcp6EncodeError } from '../../src/dhcp6/types.js';
import { OPTION_ENTRIES, optionName } from '../../src/dhcp6/option-registry.js';
import { findOptionDef } from '../../src/dhcp6/option-defs.js';
import { describeDuid } from '../../src/dhcp6/duid.js';
import { bytes, opt, msg, roundTrip, u32, ADDR_2001_DB8_1, ADDR_2001_DB8_2, DUID_LLT } from './wire.js';

/** Decodes one option inside an INFORMATION-REQUEST, checking the round trip. */
function one(option: Buffer): Dhcp6Option {
  const p = roundTrip(msg(MSG.INFORMATION_REQUEST, 1, option)) as Dhcp6Message;
  expect(p.options).toHaveLength(1);
  return p.options[0];
}

const enc = (...options: Dhcp6Option[]) => encodePacket({ kind: 'message', msgType: MSG.REPLY, transactionId: 0, options });

describe('option shapes', () => {
  it('CLIENTID and SERVERID keep the DUID bytes', () => {
    const o = one(opt(OPT.CLIENTID, DUID_LLT));
    expect(o.kind).toBe('duid');
    expect(o.kind === 'duid' && o.duid.toString('hex')).toBe(bytes(DUID_LLT).toString('hex'));
    expect(one(opt(OPT.SERVERID, '0004', '00112233445566778899aabbccddeeff'))).toMatchObject({ kind: 'duid', code: 2 });
  });

  it.each([
    ['LLT', '0001 0001 2a3b4c5d 001122334455'],
    ['EN', '0002 00000009 0c0d0e0f'],
    ['LL', '0003 0001 001122334455'],
    ['UUID', '0004 00112233445566778899aabbccddeeff'],
  ])('CLIENTID carries a DUID-%s whose parts describeDuid reads', (type, duid) => {
    const o = one(opt(OPT.CLIENTID, duid));
    expect(o.kind === 'duid' && describeDuid(o.duid).type).toBe(type);
  });

  it('IA_NA carries IAID, T1, T2 and sub-options', () => {
    expect(one(opt(OPT.IA_NA, u32(0xffffffff), u32(100), u32(200), opt(OPT.STATUS_CODE, '0000')))).toEqual({
      kind: 'ia', code: 3, iaid: 0xffffffff, t1: 100, t2: 200, options: [{ kind: 'status', code: 13, status: 0, message: '' }],
    });
  });

  it('IA_TA carries IAID and addresses', () => {
    const o = one(opt(OPT.IA_TA, u32(5), opt(OPT.IAADDR, ADDR_2001_DB8_2, u32(1), u32(2))));
    expect(o).toMatchObject({ kind: 'ia_ta', iaid: 5 });
    expect(o.kind === 'ia_ta' && o.options[0]).toMatchObject({ kind: 'iaaddr', address: '2001:db8::2', preferred: 1, valid: 2 });
  });

  it('IAADDR keeps its own sub-options', () => {
    const o = one(opt(OPT.IAADDR, ADDR_2001_DB8_1, u32(0), u32(0), opt(OPT.STATUS_CODE, '0004', '6e6f')));
    expect(o).toMatchObject({ kind: 'iaaddr', options: [{ kind: 'status', status: 4, message: 'no' }] });
  });

  it('IA_PD and IAPREFIX carry the delegated prefix and PD_EXCLUDE', () => {
    const o = one(opt(OPT.IA_PD, u32(1), u32(10), u32(20),
      opt(OPT.IAPREFIX, u32(300), u32(600), [48], '20010db80001 00000000000000000000', opt(OPT.PD_EXCLUDE, [64], '00 01'))));
    expect(o).toMatchObject({ kind: 'ia', code: 25, iaid: 1, t1: 10, t2: 20 });
    const p = o.kind === 'ia' ? o.options[0] : undefined;
    expect(p).toMatchObject({ kind: 'iaprefix', preferred: 300, valid: 600, prefixLen: 48, prefix: '2001:db8:1::' });
    expect(p?.kind === 'iaprefix' && p.options[0]).toMatchObject({ kind: 'pd_exclude', prefixLen: 64 });
  });

  it('ORO and ERO list option codes', () => {
    expect(one(opt(OPT.ORO, '0017 0018 ffff'))).toEqual({ kind: 'oro', code: 6, codes: [23, 24, 65535] });
    expect(one(opt(43, '0025'))).toEqual({ kind: 'oro', code: 43, codes: [37] });
    expect(one(opt(OPT.ORO))).toEqual({ kind: 'oro', code: 6, codes: [] });
  });

  it('PREFERENCE, ELAPSED_TIME and the 32-bit timers are unsigned integers of their width', () => {
    expect(one(opt(OPT.PREFERENCE, '80'))).toEqual({ kind: 'uint', code: 7, value: 128 });
    expect(one(opt(OPT.ELAPSED_TIME, 'ffff'))).toEqual({ kind: 'uint', code: 8, value: 65535 });
    expect(one(opt(OPT.INFORMATION_REFRESH_TIME, 'ffffffff'))).toEqual({ kind: 'uint', code: 32, value: 0xffffffff });
    expect(one(opt(OPT.SOL_MAX_RT, u32(3600)))).toEqual({ kind: 'uint', code: 82, value: 3600 });
    expect(one(opt(OPT.INF_MAX_RT, u32(86400)))).toEqual({ kind: 'uint', code: 83, value: 86400 });
  });

  it('STATUS_CODE holds the status and a UTF-8 message', () => {
    expect(one(opt(OPT.STATUS_CODE, '0006', Buffer.from('präfix')))).toEqual({ kind: 'status', code: 13, status: 6, message: 'präfix' });
  });

  it('RAPID_COMMIT and RECONF_ACCEPT are empty', () => {
    expect(one(opt(OPT.RAPID_COMMIT))).toEqual({ kind: 'empty', code: 14 });
    expect(one(opt(OPT.RECONF_ACCEPT))).toEqual({ kind: 'empty', code: 20 });
  });

  it('USER_CLASS is a list of opaque items', () => {
    const o = one(opt(OPT.USER_CLASS, '0003 616263', '0000', '0001 ff'));
    expect(o.kind).toBe('user_class');
    expect(o.kind === 'user_class' && o.data.map((d) => d.toString('hex'))).toEqual(['616263', '', 'ff']);
  });

  it('VENDOR_CLASS is an enterprise number and opaque items', () => {
    const o = one(opt(OPT.VENDOR_CLASS, u32(4491), '0004 646f6373'));
    expect(o).toMatchObject({ kind: 'vendor_class', enterprise: 4491 });
    expect(o.kind === 'vendor_class' && o.data[0].toString()).toBe('docs');
  });

  it('VENDOR_OPTS is an enterprise number and sub-options', () => {
    const o = one(opt(OPT.VENDOR_OPTS, u32(4491), '0001 0002 abcd', '0020 0000'));
    expect(o).toMatchObject({ kind: 'vendor_opts', enterprise: 4491 });
    expect(o.kind === 'vendor_opts' && o.options.map((s) => [s.code, s.data.toString('hex')])).toEqual([[1, 'abcd'], [32, '']]);
  });

  it('INTERFACE_ID and SUBSCRIBER_ID are opaque', () => {
    const o = one(opt(OPT.INTERFACE_ID, Buffer.from('eth0.100')));
    expect(o.kind === 'opaque' && o.data.toString()).toBe('eth0.100');
    expect(one(opt(OPT.SUBSCRIBER_ID, 'deadbeef'))).toMatchObject({ kind: 'opaque', code: 38 });
  });

  it('REMOTE_ID is an enterprise number and the remote-id', () => {
    const o = one(opt(OPT.REMOTE_ID, u32(3561), '0a0b0c'));
    expect(o).toMatchObject({ kind: 'remote_id', enterprise: 3561 });
    expect(o.kind === 'remote_id' && o.data.toString('hex')).toBe('0a0b0c');
  });

  it('CLIENT_FQDN holds flags and a full or partial name', () => {
    expect(one(opt(OPT.CLIENT_FQDN, '01', '04686f7374 076578616d706c65 03636f6d 00'))).toEqual({
      kind: 'client_fqdn', code: 39, flags: 1, name: 'host.example.com', partial: false,
    });
    expect(one(opt(OPT.CLIENT_FQDN, '00', '04686f7374'))).toEqual({ kind: 'client_fqdn', code: 39, flags: 0, name: 'host', partial: true });
    expect(one(opt(OPT.CLIENT_FQDN, '04'))).toEqual({ kind: 'client_fqdn', code: 39, flags: 4, name: '', partial: true });
    expect(one(opt(OPT.CLIENT_FQDN, '00', '00'))).toEqual({ kind: 'client_fqdn', code: 39, flags: 0, name: '', partial: false });
  });

  it('CLIENT_LINKLAYER_ADDR holds the link type and address', () => {
    const o = one(opt(OPT.CLIENT_LINKLAYER_ADDR, '0001', '001122334455'));
    expect(o).toMatchObject({ kind: 'linklayer_addr', linkType: 1 });
    expect(o.kind === 'linklayer_addr' && o.address.toString('hex')).toBe('001122334455');
  });

  it('DNS_SERVERS, SNTP_SERVERS and UNICAST are address lists', () => {
    expect(one(opt(OPT.DNS_SERVERS, ADDR_2001_DB8_1, ADDR_2001_DB8_2))).toEqual({ kind: 'addresses', code: 23, addresses: ['2001:db8::1', '2001:db8::2'] });
    expect(one(opt(OPT.SNTP_SERVERS))).toEqual({ kind: 'addresses', code: 31, addresses: [] });
    expect(one(opt(OPT.UNICAST, ADDR_2001_DB8_1))).toEqual({ kind: 'addresses', code: 12, addresses: ['2001:db8::1'] });
  });

  it('DOMAIN_LIST and single-name options are domain lists', () => {
    expect(one(opt(OPT.DOMAIN_LIST, '01 61 00', '02 5f62 01 63 00', '00'))).toEqual({ kind: 'domains', code: 24, domains: ['a', '_b.c', ''] });
    expect(one(opt(64, '04 6166 7472 00'))).toEqual({ kind: 'domains', code: 64, domains: ['aftr'] });
  });

  it('keeps unknown options as raw bytes', () => {
    const o = one(opt(0xfffe, '000102'));
    expect(o.kind === 'raw' && o.data.toString('hex')).toBe('000102');
  });
});

describe('options a shape cannot reproduce stay raw', () => {
  const raw = (o: Buffer) => expect(one(o).kind).toBe('raw');
  it('a DOMAIN_LIST using a compression pointer', () => raw(opt(OPT.DOMAIN_LIST, '01 61 00', '01 62 c0 04')));
  it('a DOMAIN_LIST with a label containing a dot, a space or a non-ASCII byte', () => {
    raw(opt(OPT.DOMAIN_LIST, '03 612e62 00'));
    raw(opt(OPT.DOMAIN_LIST, '03 612062 00'));
    raw(opt(OPT.DOMAIN_LIST, '02 61ff 00'));
  });
  it('a DOMAIN_LIST missing the root label', () => raw(opt(OPT.DOMAIN_LIST, '01 61')));
  it('a DOMAIN_LIST with a label length over 63', () => raw(opt(OPT.DOMAIN_LIST, [64], Buffer.alloc(64, 0x61), '00')));
  it('a DOMAIN_LIST name over 255 bytes', () => raw(opt(OPT.DOMAIN_LIST, ...Array(5).fill(bytes([63], Buffer.alloc(63, 0x61))), '03 616263 00')));
  it('an address list whose length is not a multiple of 16', () => raw(opt(OPT.DNS_SERVERS, ADDR_2001_DB8_1, 'ff')));
  it('an odd-length ORO', () => raw(opt(OPT.ORO, '001700')));
  it('integers of the wrong width', () => {
    raw(opt(OPT.ELAPSED_TIME, '000000'));
    raw(opt(OPT.PREFERENCE));
    raw(opt(OPT.SOL_MAX_RT, '0001'));
  });
  it('flag options with a payload', () => raw(opt(OPT.RAPID_COMMIT, '00')));
  it('a status code shorter than 2 bytes or with invalid UTF-8', () => {
    raw(opt(OPT.STATUS_CODE, '00'));
    raw(opt(OPT.STATUS_CODE, '0000', 'c328'));
  });
  it('user and vendor class items that overrun the option', () => {
    raw(opt(OPT.USER_CLASS, '0005 6162'));
    raw(opt(OPT.USER_CLASS, '00'));
    raw(opt(OPT.VENDOR_CLASS, '000011'));
    raw(opt(OPT.VENDOR_CLASS, u32(1), '0002 61'));
  });
  it('vendor sub-options that overrun the option', () => {
    raw(opt(OPT.VENDOR_OPTS, u32(1), '0001 0005 61'));
    raw(opt(OPT.VENDOR_OPTS, u32(1), '0001'));
    raw(opt(OPT.VENDOR_OPTS, '0000'));
  });
  it('a CLIENT_FQDN with bytes after the root label, or with no flags', () => {
    raw(opt(OPT.CLIENT_FQDN, '00', '01 61 00 00'));
    raw(opt(OPT.CLIENT_FQDN));
  });
  it('REMOTE_ID, CLIENT_LINKLAYER_ADDR and PD_EXCLUDE too short for their fields', () => {
    raw(opt(OPT.REMOTE_ID, '000000'));
    raw(opt(OPT.CLIENT_LINKLAYER_ADDR, '00'));
    raw(opt(OPT.PD_EXCLUDE, '40'));
  });
  it('a RELAY_MSG outside a relay message', () => raw(opt(OPT.RELAY_MSG, '01000000')));
});

describe('encoding errors name the field', () => {
  const fails = (o: Dhcp6Option, msgRe: RegExp) => {
    expect(() => enc(o)).toThrow(Dhcp6EncodeError);
    expect(() => enc(o)).toThrow(msgRe);
  };
  it('rejects a bad address', () => fails({ kind: 'iaaddr', code: 5, address: '2001:db8::zz', preferred: 0, valid: 0, options: [] }, /IAADDR address "2001:db8::zz"/));
  it('rejects out-of-range integers', () => {
    fails({ kind: 'ia', code: 3, iaid: 2 ** 32, t1: 0, t2: 0, options: [] }, /IA iaid 4294967296 is not a 32-bit/);
    fails({ kind: 'ia', code: 3, iaid: 1, t1: -1, t2: 0, options: [] }, /IA t1 -1/);
    fails({ kind: 'uint', code: OPT.ELAPSED_TIME, value: 65536 }, /option 8 value 65536 is not a 16-bit/);
    fails({ kind: 'status', code: 13, status: 1.5, message: '' }, /status code 1.5/);
  });
  it('rejects a uint option whose width the code does not give', () => fails({ kind: 'uint', code: 999, value: 1 }, /kind 'uint', which this code cannot carry/));
  it('rejects a bad domain name', () => {
    fails({ kind: 'domains', code: 24, domains: ['a..b'] }, /empty label/);
    fails({ kind: 'domains', code: 24, domains: ['bücher.de'] }, /not printable ASCII/);
    fails({ kind: 'domains', code: 24, domains: ['x'.repeat(64)] }, /longer than 63/);
  });
  it('rejects an option over 65535 bytes', () => fails({ kind: 'raw', code: 200, data: Buffer.alloc(65536) }, /over 65535/));
  it('rejects a non-Buffer payload', () => fails({ kind: 'raw', code: 200, data: 'abc' as unknown as Buffer }, /must be a Buffer/));
  it('rejects an option code over 16 bits', () => fails({ kind: 'raw', code: 70000, data: Buffer.alloc(0) }, /option code 70000/));
  it('rejects a relay type in a message and a bad transaction id', () => {
    expect(() => encodePacket({ kind: 'message', msgType: 12, transactionId: 0, options: [] })).toThrow(/needs the relay shape/);
    expect(() => encodePacket({ kind: 'message', msgType: 1, transactionId: 0x1000000, options: [] })).toThrow(/24-bit/);
  });
});

describe('the option registry', () => {
  it('uses Kea\'s name for every option it shapes', () => {
    for (const e of OPTION_ENTRIES) expect(e.name, `code ${e.code}`).toBe(findOptionDef(e.code)?.name);
  });
  it('names unshaped options after Kea or by code', () => {
    expect(optionName(OPT.DNS_SERVERS)).toBe('dns-servers');
    expect(optionName(41)).toBe('new-posix-timezone');
    expect(optionName(4242)).toBe('option-4242');
  });
});

describe('encodeOptionPayload', () => {
  it('gives the payload bytes of one option without its header', () => {
    expect(encodeOptionPayload({ kind: 'ia', code: 3, iaid: 1, t1: 2, t2: 3, options: [{ kind: 'empty', code: 14 }] }).toString('hex'))
      .toBe('00000001' + '00000002' + '00000003' + '000e0000');
    expect(encodeOptionPayload({ kind: 'opaque', code: 18, data: bytes('0102') }).toString('hex')).toBe('0102');
  });
  it('throws Dhcp6EncodeError for a bad option', () => {
    expect(() => encodeOptionPayload({ kind: 'uint', code: 7, value: 256 })).toThrow(Dhcp6EncodeError);
  });
});
