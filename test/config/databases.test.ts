import { describe, expect, it } from 'vitest';
import { configErrorOf, parseDhcp6 } from './dhcp6-config.js';

describe('lease-database and hosts-database', () => {
  it('reads a PostgreSQL lease database with Kea\'s defaults for host and port', () => {
    expect(parseDhcp6({ 'lease-database': { type: 'postgresql', name: 'dhcp6' } }).leaseDatabase).toEqual({
      type: 'postgresql', host: 'localhost', port: 5432, name: 'dhcp6',
    });
    const c = parseDhcp6({
      'lease-database': { type: 'postgresql', host: '10.0.0.5', port: 6543, name: 'leases', user: 'kea', password: 'pw' },
      'hosts-database': { type: 'postgresql', name: 'hosts' },
    });
    expect(c.leaseDatabase).toEqual({ type: 'postgresql', host: '10.0.0.5', port: 6543, name: 'leases', user: 'kea', password: 'pw' });
    expect(c.hostsDatabase).toEqual({ type: 'postgresql', host: 'localhost', port: 5432, name: 'hosts' });
  });

  it('uses the embedded database in a relative data-directory resolved against the config directory', () => {
    const c = parseDhcp6({ 'data-directory': 'state' }, '/etc/agent');
    expect(c.dataDirectory).toBe('/etc/agent/state');
    expect(c.leaseDatabase).toEqual({ type: 'embedded', dataDirectory: '/etc/agent/state' });
    expect(parseDhcp6({ 'data-directory': '/srv/agent' }).dataDirectory).toBe('/srv/agent');
  });

  it('refuses memfile, pointing to the embedded database', () => {
    expect(configErrorOf({ 'lease-database': { type: 'memfile', persist: false } }).message).toBe(
      'Dhcp6.lease-database.type: "memfile" is not supported by dhcp6-agent: omit lease-database to use the embedded database (kept in data-directory)',
    );
    expect(configErrorOf({ 'hosts-database': { type: 'memfile' } }).message).toBe(
      'Dhcp6.hosts-database.type: "memfile" is not supported by dhcp6-agent: omit hosts-database to use the embedded database (kept in data-directory)',
    );
  });

  it('refuses other backends and incomplete PostgreSQL settings', () => {
    expect(configErrorOf({ 'lease-database': { type: 'mysql', name: 'x' } }).message).toBe(
      'Dhcp6.lease-database.type: "mysql" is not supported by dhcp6-agent: use "postgresql", or omit lease-database to use the embedded database',
    );
    expect(configErrorOf({ 'lease-database': { type: 'postgresql' } }).message).toBe('Dhcp6.lease-database.name: required but missing');
    expect(configErrorOf({ 'lease-database': { name: 'x' } }).message).toBe('Dhcp6.lease-database.type: required but missing');
    expect(configErrorOf({ 'lease-database': { type: 'postgresql', name: 'x', port: 70000 } }).path).toBe('Dhcp6.lease-database.port');
    expect(configErrorOf({ 'data-directory': '' }).message).toBe('Dhcp6.data-directory: must not be empty');
  });
});
