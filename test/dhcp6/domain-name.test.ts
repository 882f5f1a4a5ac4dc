import { describe, it, expect } from 'vitest';
import { readDomainName, writeDomainName, domainNameLength } from '../../src/dhcp6/domain-name.js';
import { Dhcp6EncodeError } from '../../src/dhcp6/types.js';
import { bytes } from './wire.js';

function write(name: string, partial = false): string {
  const buf = Buffer.alloc(domainNameLength(name, partial));
  expect(writeDomainName(name, buf, 0, partial)).toBe(buf.length);
  return buf.toString('hex');
}

describe('domain names in wire form', () => {
  it('reads a name and where it ends', () => {
    expect(readDomainName(bytes('03 777777 07 6578616d706c65 00 ff'), 0, 12 + 1)).toEqual({ name: 'www.example', next: 13, partial: false });
  });
  it('reads the root name as the empty string', () => {
    expect(readDomainName(bytes('00'), 0, 1)).toEqual({ name: '', next: 1, partial: false });
  });
  it('reads a partial name only when asked to', () => {
    expect(readDomainName(bytes('04 686f7374'), 0, 5, true)).toEqual({ name: 'host', next: 5, partial: true });
    expect(readDomainName(bytes('04 686f7374'), 0, 5)).toBeUndefined();
  });
  it('refuses compression pointers and labels running past the end', () => {
    expect(readDomainName(bytes('c0 0c'), 0, 2)).toBeUndefined();
    expect(readDomainName(bytes('05 6162'), 0, 3, true)).toBeUndefined();
  });
  it('writes names with or without the trailing dot, and partial names', () => {
    expect(write('a.bc')).toBe('0161' + '026263' + '00');
    expect(write('a.bc.')).toBe('0161026263' + '00');
    expect(write('host', true)).toBe('04686f7374');
    expect(write('')).toBe('00');
    expect(write('.')).toBe('00');
    expect(write('', true)).toBe('');
  });
  it('refuses names that are not printable ASCII labels of 1..63 bytes, or over 255 bytes', () => {
    const buf = Buffer.alloc(600);
    expect(() => writeDomainName('a b', buf, 0)).toThrow(Dhcp6EncodeError);
    expect(() => writeDomainName('.a', buf, 0)).toThrow(/empty label/);
    expect(() => writeDomainName(Array(64).fill('abc').join('.'), buf, 0)).toThrow(/longer than 255/);
  });
});
