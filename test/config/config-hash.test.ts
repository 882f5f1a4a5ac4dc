import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { canonicalJson, configHash } from '../../src/config/config-hash.js';
import { parseKeaJson } from '../../src/config/parse-json.js';

describe('configHash', () => {
  it('is the uppercase SHA-256 of the canonical JSON', () => {
    const raw = { Dhcp6: { b: 1, a: [{ y: true, x: null }] } };
    expect(canonicalJson(raw)).toBe('{"Dhcp6":{"a":[{"x":null,"y":true}],"b":1}}');
    expect(configHash(raw)).toBe(createHash('sha256').update('{"Dhcp6":{"a":[{"x":null,"y":true}],"b":1}}').digest('hex').toUpperCase());
    expect(configHash(raw)).toMatch(/^[0-9A-F]{64}$/);
  });

  it('does not change with key order, whitespace or comments', () => {
    const a = parseKeaJson('{ "Dhcp6": { "valid-lifetime": 4000, "renew-timer": 1000 } }');
    const b = parseKeaJson('# reordered\n{"Dhcp6":{"renew-timer":1000,\n "valid-lifetime":4000 /* same */}}');
    expect(configHash(a)).toBe(configHash(b));
  });

  it('changes when a value changes or list order changes', () => {
    const base = configHash({ Dhcp6: { 'valid-lifetime': 4000, l: [1, 2] } });
    expect(configHash({ Dhcp6: { 'valid-lifetime': 4001, l: [1, 2] } })).not.toBe(base);
    expect(configHash({ Dhcp6: { 'valid-lifetime': 4000, l: [2, 1] } })).not.toBe(base);
  });
});
