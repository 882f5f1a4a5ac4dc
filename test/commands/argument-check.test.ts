import { describe, expect, it } from 'vitest';
import { argumentCheck, parameterName } from '../../src/commands/argument-check.js';

describe('argumentCheck', () => {
  const schema = {
    type: 'object',
    required: ['ip-address', 'iaid'],
    properties: {
      'ip-address': { type: 'string', format: 'ipv6' },
      iaid: { type: 'integer', minimum: 0, maximum: 4294967295 },
      type: { type: 'string', enum: ['IA_NA', 'IA_PD'] },
      duid: { type: 'string', format: 'hex-bytes' },
      prefix: { type: 'string', format: 'ipv6-prefix' },
      reservation: {
        type: 'object',
        properties: { 'ip-addresses': { type: 'array', items: { type: 'string' }, uniqueItems: true } },
        additionalProperties: false,
      },
    },
  };
  const check = argumentCheck(schema);

  it('accepts valid arguments and extra keys Kea would ignore', () => {
    expect(check({ 'ip-address': '2001:db8::1', iaid: 5, type: 'IA_PD', extra: true })).toBeNull();
  });

  it("words the problems as Kea does: missing, wrong type, out of range", () => {
    expect(check({ iaid: 1 })).toBe("missing parameter 'ip-address'");
    expect(check({ 'ip-address': '2001:db8::1', iaid: 'x' })).toBe("invalid type specified for parameter 'iaid'");
    expect(check({ 'ip-address': '2001:db8::1', iaid: 4294967296 })).toBe("out of range value (4294967296) specified for parameter 'iaid'");
  });

  it('names the field and the reason for values, formats and nested paths', () => {
    const base = { 'ip-address': '2001:db8::1', iaid: 1 };
    expect(check({ ...base, type: 'IA_TA' })).toBe('invalid value "IA_TA" specified for parameter \'type\': the supported values are IA_NA and IA_PD');
    expect(check({ ...base, 'ip-address': '2001:db8::g' })).toBe(
      'invalid value specified for parameter \'ip-address\': \'2001:db8::g\' is not an IPv6 address: bad group "g"',
    );
    expect(check({ ...base, duid: '0x' })).toMatch(/^invalid value specified for parameter 'duid': /);
    expect(check({ ...base, prefix: '2001:db8::1/64' })).toBe(
      "invalid value specified for parameter 'prefix': '2001:db8::1/64' is not an IPv6 prefix: host bits set after the prefix length",
    );
    expect(check({ ...base, reservation: { 'ip-addresses': ['a', 5] } })).toBe("invalid type specified for parameter 'reservation.ip-addresses[1]'");
    expect(check({ ...base, reservation: { 'ip-addresses': ['a', 'a'] } })).toBe("parameter 'reservation.ip-addresses' lists \"a\" more than once");
    expect(check({ ...base, reservation: { hw: 1 } })).toBe("unsupported parameter 'reservation.hw'");
  });

  it('compiles a schema once', () => {
    expect(argumentCheck(schema)).toBe(check);
  });

  it('turns JSON pointers into parameter paths', () => {
    expect(parameterName('')).toBe('arguments');
    expect(parameterName('/leases/0/iaid')).toBe('leases[0].iaid');
    expect(parameterName('/a~1b', 'c')).toBe('a/b.c');
  });
});
