import { describe, expect, it } from 'vitest';
import { parseConfig } from '../../src/config/parse-config.js';
import { configErrorOf, errorOf, parseDhcp6 } from './dhcp6-config.js';

describe('Kea 2.2 defaults', () => {
  it('fills in what kea-dhcp6 2.2 reports for an empty Dhcp6 map', () => {
    const c = parseDhcp6({});
    expect(c.lifetimes).toEqual({
      preferred: 3600, minPreferred: 3600, maxPreferred: 3600,
      valid: 7200, minValid: 7200, maxValid: 7200,
      calculateTeeTimes: true, t1Percent: 0.5, t2Percent: 0.8,
    });
    expect(c.lifetimes.renewTimer).toBeUndefined();
    expect(c.rapidCommit).toBe(false);
    expect(c.declineProbationPeriod).toBe(86400);
    expect(c.expiredLeasesProcessing).toEqual({
      reclaimTimerWaitTime: 10, flushReclaimedTimerWaitTime: 25, holdReclaimedTime: 3600,
      maxReclaimLeases: 100, maxReclaimTime: 250, unwarnedReclaimCycles: 5,
    });
    expect(c.hostReservationIdentifiers).toEqual(['hw-address', 'duid']);
    expect(c.serverId).toEqual({ type: 'LLT', persist: true });
    expect(c.serverTag).toBe('');
    expect(c.interfaces).toEqual([]);
    expect(c.reDetectInterfaces).toBe(true);
    expect(c.subnets).toEqual([]);
    expect(c.options).toEqual([]);
    expect(c.reservations).toEqual([]);
    expect(c.controlSockets).toEqual([]);
    expect(c.hooksLibraries).toEqual([]);
    expect(c.logging).toEqual([]);
    expect(c.hostsDatabase).toBeUndefined();
    expect(c.userContext).toBeUndefined();
  });

  it('defaults to the embedded database in /var/lib/dhcp6-agent', () => {
    const c = parseDhcp6({});
    expect(c.dataDirectory).toBe('/var/lib/dhcp6-agent');
    expect(c.leaseDatabase).toEqual({ type: 'embedded', dataDirectory: '/var/lib/dhcp6-agent' });
  });

  it('defaults lease-events to 7 days, 1,000,000 events', () => {
    expect(parseDhcp6({}).leaseEvents).toEqual({ retentionAge: 604800, retentionCount: 1000000, maxBuffered: 10000 });
  });
});

describe('global settings', () => {
  it('types every global scalar', () => {
    const c = parseDhcp6({
      'preferred-lifetime': 3000, 'min-preferred-lifetime': 2000, 'max-preferred-lifetime': 4000,
      'valid-lifetime': 5000, 'min-valid-lifetime': 4500, 'max-valid-lifetime': 6000,
      'renew-timer': 1000, 'rebind-timer': 2000, 'calculate-tee-times': false, 't1-percent': 0.6, 't2-percent': 0.7,
      'rapid-commit': true, 'decline-probation-period': 600, 'server-tag': 'east',
      'host-reservation-identifiers': ['duid', 'flex-id'],
    });
    expect(c.lifetimes).toEqual({
      preferred: 3000, minPreferred: 2000, maxPreferred: 4000,
      valid: 5000, minValid: 4500, maxValid: 6000,
      renewTimer: 1000, rebindTimer: 2000, calculateTeeTimes: false, t1Percent: 0.6, t2Percent: 0.7,
    });
    expect(c.rapidCommit).toBe(true);
    expect(c.declineProbationPeriod).toBe(600);
    expect(c.serverTag).toBe('east');
    expect(c.hostReservationIdentifiers).toEqual(['duid', 'flex-id']);
  });

  it('keeps user-context and folds comment into it, as Kea does', () => {
    const c = parseDhcp6({ 'user-context': { site: 'lab' }, comment: 'test server' });
    expect(c.userContext).toEqual({ site: 'lab', comment: 'test server' });
    expect(parseDhcp6({ comment: 'only' }).userContext).toEqual({ comment: 'only' });
  });

  it('keeps raw as the JSON given, detached from the caller\'s object', () => {
    const json = { Dhcp6: { 'valid-lifetime': 4000, subnet6: [{ subnet: '2001:db8:1::/64' }] } };
    const c = parseConfig(json);
    expect(c.raw).toEqual(json);
    json.Dhcp6['valid-lifetime'] = 1;
    expect(c.raw.Dhcp6['valid-lifetime']).toBe(4000);
    expect(c.raw.Dhcp6.subnet6).toEqual([{ subnet: '2001:db8:1::/64' }]);
  });

  it('reads expired-leases-processing', () => {
    const c = parseDhcp6({
      'expired-leases-processing': {
        'reclaim-timer-wait-time': 5, 'flush-reclaimed-timer-wait-time': 0, 'hold-reclaimed-time': 60,
        'max-reclaim-leases': 0, 'max-reclaim-time': 100, 'unwarned-reclaim-cycles': 2,
      },
    });
    expect(c.expiredLeasesProcessing).toEqual({
      reclaimTimerWaitTime: 5, flushReclaimedTimerWaitTime: 0, holdReclaimedTime: 60,
      maxReclaimLeases: 0, maxReclaimTime: 100, unwarnedReclaimCycles: 2,
    });
    expect(parseDhcp6({ 'expired-leases-processing': { 'hold-reclaimed-time': 7 } }).expiredLeasesProcessing.holdReclaimedTime).toBe(7);
  });

  it('reads server-id of each type', () => {
    expect(parseDhcp6({ 'server-id': { type: 'LLT', htype: 1, identifier: '08:00:27:fe:8c:52', time: 600000000, persist: false } }).serverId)
      .toEqual({ type: 'LLT', htype: 1, identifier: Buffer.from('080027fe8c52', 'hex'), time: 600000000, persist: false });
    expect(parseDhcp6({ 'server-id': { type: 'EN', 'enterprise-id': 2495, identifier: '0102aabb' } }).serverId)
      .toEqual({ type: 'EN', enterpriseId: 2495, identifier: Buffer.from('0102aabb', 'hex'), persist: true });
    expect(parseDhcp6({ 'server-id': { type: 'LL', htype: 1 } }).serverId).toEqual({ type: 'LL', htype: 1, persist: true });
  });

  it('treats server-id zeros and "" (what Kea config-get prints) as not configured', () => {
    const c = parseDhcp6({ 'server-id': { 'enterprise-id': 0, htype: 0, identifier: '', persist: false, time: 0, type: 'LLT' } });
    expect(c.serverId).toEqual({ type: 'LLT', persist: false });
  });

  it('reads lease-events', () => {
    const c = parseDhcp6({ 'lease-events': { 'retention-age': 3600, 'retention-count': 500, 'max-buffered': 64 } });
    expect(c.leaseEvents).toEqual({ retentionAge: 3600, retentionCount: 500, maxBuffered: 64 });
  });
});

describe('global errors', () => {
  it('requires the Dhcp6 map at the top', () => {
    expect(errorOf(() => parseConfig({})).message).toBe('Dhcp6: required but missing');
    expect(errorOf(() => parseConfig([])).message).toBe('(root): must be a map holding "Dhcp6"');
    expect(errorOf(() => parseConfig({ Dhcp6: [] })).message).toBe('Dhcp6: must be a map (JSON object), got []');
  });

  it('refuses the other Kea daemons\' sections with a clear reason', () => {
    expect(errorOf(() => parseConfig({ Dhcp6: {}, Dhcp4: {} })).message).toBe(
      'Dhcp4: not supported by dhcp6-agent (dhcp6-agent reads only the Dhcp6 section)',
    );
    expect(errorOf(() => parseConfig({ Dhcp7: {} })).message).toBe("Dhcp7: unknown key (did you mean 'Dhcp6'?)");
  });

  it('names the path and the value of a wrongly typed scalar', () => {
    expect(configErrorOf({ 'valid-lifetime': '7200' }).message).toBe('Dhcp6.valid-lifetime: must be an integer in 0..4294967295, got "7200"');
    expect(configErrorOf({ 'valid-lifetime': 1.5 }).message).toBe('Dhcp6.valid-lifetime: must be an integer in 0..4294967295, got 1.5');
    expect(configErrorOf({ 'valid-lifetime': 4294967296 }).path).toBe('Dhcp6.valid-lifetime');
    expect(configErrorOf({ 'rapid-commit': 'yes' }).message).toBe('Dhcp6.rapid-commit: must be true or false, got "yes"');
    expect(configErrorOf({ 'server-tag': 5 }).message).toBe('Dhcp6.server-tag: must be a string, got 5');
    expect(configErrorOf({ 'user-context': [] }).message).toBe('Dhcp6.user-context: must be a map (JSON object), got []');
    expect(configErrorOf({ 'decline-probation-period': -1 }).path).toBe('Dhcp6.decline-probation-period');
  });

  it('checks min ≤ default ≤ max for both lifetimes', () => {
    expect(configErrorOf({ 'min-valid-lifetime': 100, 'valid-lifetime': 50 }).message).toBe(
      'Dhcp6.min-valid-lifetime: 100 must be at most valid-lifetime (50)',
    );
    expect(configErrorOf({ 'valid-lifetime': 500, 'max-valid-lifetime': 400 }).message).toBe(
      'Dhcp6.valid-lifetime: 500 must be at most max-valid-lifetime (400)',
    );
    expect(configErrorOf({ 'min-valid-lifetime': 100, 'max-valid-lifetime': 300 }).message).toBe(
      'Dhcp6.max-valid-lifetime: 300 must be at least (default) valid-lifetime (7200)',
    );
    expect(configErrorOf({ 'min-preferred-lifetime': 4000 }).message).toBe(
      'Dhcp6.min-preferred-lifetime: 4000 must be at most (default) preferred-lifetime (3600)',
    );
    expect(configErrorOf({ 'preferred-lifetime': 10, 'max-preferred-lifetime': 9 }).path).toBe('Dhcp6.preferred-lifetime');
  });

  it('checks renew-timer ≤ rebind-timer ≤ valid-lifetime', () => {
    expect(configErrorOf({ 'renew-timer': 100, 'rebind-timer': 50 }).message).toBe(
      'Dhcp6.renew-timer: 100 must be at most rebind-timer (50)',
    );
    expect(configErrorOf({ 'rebind-timer': 8000 }).message).toBe(
      'Dhcp6.rebind-timer: 8000 must be at most (default) valid-lifetime (7200)',
    );
    expect(configErrorOf({ 'renew-timer': 500, 'valid-lifetime': 400 }).message).toBe(
      'Dhcp6.renew-timer: 500 must be at most valid-lifetime (400)',
    );
  });

  it('checks t1-percent and t2-percent as Kea does', () => {
    expect(configErrorOf({ 't1-percent': 1 }).message).toBe(
      'Dhcp6.t1-percent: 1 is invalid: it must be greater than 0.0 and less than 1.0',
    );
    expect(configErrorOf({ 't2-percent': 0 }).path).toBe('Dhcp6.t2-percent');
    expect(configErrorOf({ 't1-percent': 0.9 }).message).toBe('Dhcp6.t1-percent: 0.9 must be less than (default) t2-percent (0.8)');
    // Kea compares them only when it calculates the timers.
    expect(parseDhcp6({ 't1-percent': 0.9, 'calculate-tee-times': false }).lifetimes.t1Percent).toBe(0.9);
  });

  it('rejects bad host-reservation-identifiers', () => {
    expect(configErrorOf({ 'host-reservation-identifiers': ['duid', 'client-id'] }).message).toBe(
      'Dhcp6.host-reservation-identifiers[1]: "client-id" is not a host identifier type: use "hw-address", "duid", "flex-id"',
    );
    expect(configErrorOf({ 'host-reservation-identifiers': ['duid', 'duid'] }).message).toBe(
      'Dhcp6.host-reservation-identifiers[1]: "duid" is listed more than once',
    );
    expect(configErrorOf({ 'host-reservation-identifiers': 'duid' }).message).toBe(
      'Dhcp6.host-reservation-identifiers: must be a list (JSON array), got "duid"',
    );
  });

  it('rejects bad server-id values', () => {
    expect(configErrorOf({ 'server-id': { type: 'UUID' } }).message).toBe(
      'Dhcp6.server-id.type: "UUID" is not a server-id type: use one of LLT, EN, LL',
    );
    expect(configErrorOf({ 'server-id': { identifier: 'xyz' } }).path).toBe('Dhcp6.server-id.identifier');
    expect(configErrorOf({ 'server-id': { htype: 65536 } }).message).toBe('Dhcp6.server-id.htype: must be an integer in 0..65535, got 65536');
    expect(configErrorOf({ 'server-id': { identifer: 'ab' } }).message).toBe("Dhcp6.server-id.identifer: unknown key (did you mean 'identifier'?)");
  });

  it('rejects out-of-range expired-leases-processing values', () => {
    expect(configErrorOf({ 'expired-leases-processing': { 'max-reclaim-time': 65536 } }).message).toBe(
      'Dhcp6.expired-leases-processing.max-reclaim-time: must be an integer in 0..65535, got 65536',
    );
  });

  it('rejects bad lease-events values', () => {
    expect(configErrorOf({ 'lease-events': { 'max-buffered': 0 } }).path).toBe('Dhcp6.lease-events.max-buffered');
    expect(configErrorOf({ 'lease-events': { 'retention-days': 1 } }).path).toBe('Dhcp6.lease-events.retention-days');
  });

  it('rejects a server-tag longer than Kea allows', () => {
    expect(configErrorOf({ 'server-tag': 'x'.repeat(257) }).path).toBe('Dhcp6.server-tag');
  });
});
