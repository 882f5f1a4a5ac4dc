import { describe, expect, it } from 'vitest';
import { Statistics, formatSampleTime } from '../../src/engine/statistics.js';
import { GLOBAL_STATISTICS, initGlobalStatistics, initSubnetStatistics, receivedStatName, subnetCapacity } from '../../src/engine/engine-statistics.js';
import { makeConfig } from './harness.js';

describe('Statistics', () => {
  it('keeps samples newest first as [value, "YYYY-MM-DD HH:MM:SS.ffffff"]', () => {
    const s = new Statistics();
    s.add('pkt6-received', 1);
    s.add('pkt6-received', 1);
    const samples = s.get('pkt6-received')!;
    expect(samples.map((x) => x[0])).toEqual([2, 1]);
    expect(samples[0][1]).toMatch(/^\d{4}-\d\d-\d\d \d\d:\d\d:\d\d\.\d{6}$/);
  });

  it('keeps at most 20 samples by default, as Kea', () => {
    const s = new Statistics();
    for (let i = 0; i < 30; i++) s.add('x', 1);
    expect(s.get('x')).toHaveLength(20);
    expect(s.value('x')).toBe(30);
  });

  it('reset sets the value back to 0 with one sample; remove forgets the statistic', () => {
    const s = new Statistics();
    s.add('a', 5);
    s.add('a', 5);
    expect(s.reset('a')).toBe(true);
    expect(s.get('a')!.map((x) => x[0])).toEqual([0]);
    expect(s.remove('a')).toBe(true);
    expect(s.get('a')).toBeUndefined();
    expect(s.reset('a')).toBe(false);
  });

  it('resetAll and removeAll act on every statistic', () => {
    const s = new Statistics();
    s.add('a', 1);
    s.add('b', 2);
    s.resetAll();
    expect(s.value('a')).toBe(0);
    expect(s.value('b')).toBe(0);
    s.removeAll();
    expect(s.getAll()).toEqual({});
  });

  it('limits samples by count or by age when asked (statistic-sample-count-set / -age-set)', () => {
    const s = new Statistics();
    for (let i = 0; i < 10; i++) s.add('a', 1);
    expect(s.setMaxSampleCount('a', 3)).toBe(true);
    expect(s.get('a')).toHaveLength(3);
    s.add('a', 1);
    expect(s.get('a')).toHaveLength(3);
    expect(s.setMaxSampleAge('a', 3600)).toBe(true);
    for (let i = 0; i < 10; i++) s.add('a', 1);
    expect(s.get('a')!.length).toBeGreaterThan(3);
    expect(s.setMaxSampleCount('missing', 3)).toBe(false);
  });

  it('lists every statistic in name order', () => {
    const s = new Statistics();
    s.add('b', 1);
    s.add('a', 1);
    expect(Object.keys(s.getAll())).toEqual(['a', 'b']);
  });

  it('update adds a sample only when the value changes', () => {
    const s = new Statistics();
    s.update('x', 4);
    s.update('x', 4);
    s.update('x', 5);
    expect(s.get('x')!.map((x) => x[0])).toEqual([5, 4]);
  });

  it('formats sample times in local time with microseconds', () => {
    const d = new Date(2026, 10, 24, 3, 59, 0);
    expect(formatSampleTime(d.getTime() * 1000 + 992696 % 1000)).toMatch(/^2026-11-24 03:59:00\.000696$/);
  });
});

describe('engine statistics', () => {
  it('creates the global statistics kea-dhcp6 lists at 0', () => {
    const s = new Statistics();
    initGlobalStatistics(s);
    for (const name of ['pkt6-received', 'pkt6-solicit-received', 'pkt6-receive-drop', 'pkt6-parse-failed', 'v6-allocation-fail',
      'declined-addresses', 'reclaimed-leases', 'cumulative-assigned-nas', 'cumulative-assigned-pds']) {
      expect(s.value(name)).toBe(0);
    }
    expect(Object.keys(s.getAll())).toHaveLength(GLOBAL_STATISTICS.length);
  });

  it('creates subnet[ID] statistics with the pools\' capacity and drops those of removed subnets', () => {
    const s = new Statistics();
    const cfg = makeConfig();
    initSubnetStatistics(s, cfg.subnets, []);
    expect(s.value('subnet[1].total-nas')).toBe(256);
    expect(s.value('subnet[1].total-pds')).toBe(256);
    expect(s.value('subnet[1].assigned-nas')).toBe(0);
    expect(s.value('subnet[1].reclaimed-leases')).toBe(0);
    initSubnetStatistics(s, [], cfg.subnets);
    expect(s.get('subnet[1].total-nas')).toBeUndefined();
  });

  it('counts CONFIRM as an unknown message, as kea-dhcp6 does', () => {
    expect(receivedStatName(4)).toBe('pkt6-unknown-received');
    expect(receivedStatName(1)).toBe('pkt6-solicit-received');
    expect(receivedStatName(11)).toBe('pkt6-infrequest-received');
  });

  it('reports pool capacity of a /80 pool exactly and clamps what does not fit', () => {
    const cfg = makeConfig({ subnet6: [{ id: 2, subnet: '2001:db8:2::/64', pools: [{ pool: '2001:db8:2::/80' }] }] });
    expect(subnetCapacity(cfg.subnets[0]).nas).toBe(281474976710656);
    const big = makeConfig({ subnet6: [{ id: 2, subnet: '2001:db8:2::/64', pools: [{ pool: '2001:db8:2::/64' }] }] });
    expect(subnetCapacity(big.subnets[0]).nas).toBe(Number.MAX_SAFE_INTEGER);
  });
});
