import { describe, it, expect } from 'vitest';
import { pdExcludeOption, pdExcludedPrefix, statusOption, iaNaOption, iaPdOption } from '../../src/dhcp6/option-builders.js';
import { encodeOptionPayload } from '../../src/dhcp6/codec.js';
import { OPT, STATUS } from '../../src/dhcp6/constants.js';

describe('option builders', () => {
  it('builds status, IA_NA and IA_PD with their codes', () => {
    expect(statusOption(STATUS.NoBinding)).toEqual({ kind: 'status', code: OPT.STATUS_CODE, status: 3, message: '' });
    expect(iaNaOption(1, 2, 3).code).toBe(OPT.IA_NA);
    expect(iaPdOption(1, 2, 3).code).toBe(OPT.IA_PD);
  });
});

describe('PD_EXCLUDE (RFC 6603)', () => {
  it('encodes the subnet-id bits after the delegated length, left-aligned', () => {
    // /56 delegated, /64 excluded: 8 subnet-id bits in 1 byte.
    const o = pdExcludeOption({ prefix: '2001:db8:0:ff00::', prefixLen: 56 }, { prefix: '2001:db8:0:ff80::', prefixLen: 64 });
    expect(encodeOptionPayload(o).toString('hex')).toBe('40' + '80');
  });
  it('uses (excluded - delegated - 1)/8 + 1 bytes and pads with zero bits', () => {
    const o = pdExcludeOption({ prefix: '2001:db8::', prefixLen: 48 }, { prefix: '2001:db8:0:8000::', prefixLen: 65 });
    // 17 bits: 0x8000 then the 65th bit (0) → 1000 0000 0000 0000 0 → 3 bytes 80 00 00
    expect(o.subnetId.toString('hex')).toBe('800000');
    const p = pdExcludeOption({ prefix: '2001:db8::', prefixLen: 60 }, { prefix: '2001:db8:0:a::', prefixLen: 63 });
    // bits 60..62 of 2001:db8:0:a:: are 101 → left-aligned in one byte: 1010 0000
    expect(p.subnetId.toString('hex')).toBe('a0');
  });
  it('reads back the excluded prefix', () => {
    for (const [d, dl, x, xl] of [['2001:db8:0:ff00::', 56, '2001:db8:0:ff80::', 64], ['2001:db8::', 48, '2001:db8:0:8000::', 65], ['2001:db8::', 32, '2001:db8:abcd:ef12:3456::', 80]] as const) {
      const o = pdExcludeOption({ prefix: d, prefixLen: dl }, { prefix: x, prefixLen: xl });
      expect(pdExcludedPrefix({ prefix: d, prefixLen: dl }, o)).toEqual({ prefix: x, prefixLen: xl });
    }
  });
  it('refuses an excluded prefix outside the delegated one or not longer', () => {
    expect(() => pdExcludeOption({ prefix: '2001:db8::', prefixLen: 56 }, { prefix: '2001:db9::', prefixLen: 64 })).toThrow(/not inside/);
    expect(() => pdExcludeOption({ prefix: '2001:db8::', prefixLen: 64 }, { prefix: '2001:db8::', prefixLen: 64 })).toThrow(/must be longer/);
  });
  it('reads nothing from an option that does not fit the delegated prefix', () => {
    const o = pdExcludeOption({ prefix: '2001:db8::', prefixLen: 56 }, { prefix: '2001:db8::', prefixLen: 64 });
    expect(pdExcludedPrefix({ prefix: '2001:db8::', prefixLen: 64 }, o)).toBeUndefined();
    expect(pdExcludedPrefix({ prefix: '2001:db8::', prefixLen: 40 }, o)).toBeUndefined();
  });
});
