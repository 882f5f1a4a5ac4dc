import { describe, expect, it } from 'vitest';
import { parseIpv6 } from '../../src/dhcp6/ipv6.js';
import { configErrorOf, parseDhcp6, subnet } from './dhcp6-config.js';

const ip = parseIpv6;

describe('subnet6', () => {
  it('types a subnet with its pools, pd-pools and context', () => {
    const c = parseDhcp6({
      subnet6: [{
        id: 7, subnet: '2001:0db8:0001:0000::/64', interface: 'eth0', 'rapid-commit': true,
        'user-context': { rack: 4 }, comment: 'lab',
        pools: [
          { pool: '2001:db8:1::1000 - 2001:db8:1::1fff', 'user-context': { a: 1 } },
          { pool: '2001:db8:1:0:1::/80', comment: 'second' },
        ],
        'pd-pools': [
          { prefix: '2001:db8:8000::', 'prefix-len': 40, 'delegated-len': 56, 'excluded-prefix': '2001:db8:8000:0:8000::', 'excluded-prefix-len': 72, comment: 'pd' },
        ],
      }],
    });
    expect(c.subnets).toHaveLength(1);
    const s = c.subnets[0];
    expect(s).toMatchObject({ id: 7, subnet: '2001:db8:1::/64', network: ip('2001:db8:1::'), prefixLen: 64, interface: 'eth0', rapidCommit: true });
    expect(s.userContext).toEqual({ rack: 4, comment: 'lab' });
    expect(s.interfaceId).toBeUndefined();
    expect(s.pools).toEqual([
      { start: ip('2001:db8:1::1000'), end: ip('2001:db8:1::1fff'), text: '2001:db8:1::1000 - 2001:db8:1::1fff', options: [], userContext: { a: 1 } },
      { start: ip('2001:db8:1:0:1::'), end: ip('2001:db8:1:0:1:ffff:ffff:ffff'), text: '2001:db8:1:0:1::/80', options: [], userContext: { comment: 'second' } },
    ]);
    expect(s.pdPools).toEqual([{
      prefix: ip('2001:db8:8000::'), prefixLen: 40, delegatedLen: 56,
      excludedPrefix: { prefix: ip('2001:db8:8000:0:8000::'), length: 72 }, options: [], userContext: { comment: 'pd' },
    }]);
  });

  it('takes interface-id as the literal bytes of the string', () => {
    const c = parseDhcp6({ subnet6: [subnet({ 'interface-id': 'ethx/1' })] });
    expect(c.subnets[0].interfaceId).toEqual(Buffer.from('ethx/1'));
  });

  it('treats Kea\'s "::"/0 excluded prefix (its config-get output) as none', () => {
    const c = parseDhcp6({ subnet6: [subnet({ 'pd-pools': [{ prefix: '2001:db8:8::', 'prefix-len': 48, 'delegated-len': 56, 'excluded-prefix': '::', 'excluded-prefix-len': 0 }] })] });
    expect(c.subnets[0].pdPools[0].excludedPrefix).toBeUndefined();
  });

  it('allows a pd-pool outside the subnet prefix, as Kea does', () => {
    const c = parseDhcp6({ subnet6: [subnet({ 'pd-pools': [{ prefix: '2001:db8:ff00::', 'prefix-len': 40, 'delegated-len': 64 }] })] });
    expect(c.subnets[0].pdPools[0].prefixLen).toBe(40);
  });
});

describe('subnet ids', () => {
  it('assigns missing ids after the highest explicit one, in file order', () => {
    const c = parseDhcp6({
      subnet6: [
        { subnet: '2001:db8:1::/64' }, { id: 7, subnet: '2001:db8:2::/64' }, { subnet: '2001:db8:3::/64' }, { id: 3, subnet: '2001:db8:4::/64' },
      ],
    });
    expect(c.subnets.map((s) => s.id)).toEqual([8, 7, 9, 3]);
    expect(parseDhcp6({ subnet6: [{ subnet: '2001:db8:1::/64' }, { subnet: '2001:db8:2::/64' }] }).subnets.map((s) => s.id)).toEqual([1, 2]);
  });

  it('refuses ids outside 1..4294967294 and duplicates', () => {
    expect(configErrorOf({ subnet6: [subnet({ id: 0 })] }).message).toBe('Dhcp6.subnet6[0].id: must be an integer in 1..4294967294, got 0');
    expect(configErrorOf({ subnet6: [subnet({ id: 4294967295 })] }).path).toBe('Dhcp6.subnet6[0].id');
    expect(configErrorOf({ subnet6: [subnet({ id: '1' })] }).path).toBe('Dhcp6.subnet6[0].id');
    expect(configErrorOf({ subnet6: [subnet({ id: 5 }), { id: 5, subnet: '2001:db8:2::/64' }] }).message).toBe(
      'Dhcp6.subnet6[1].id: subnet id 5 is already used by Dhcp6.subnet6[0]',
    );
  });

  it('says when no id is left to assign', () => {
    expect(configErrorOf({ subnet6: [subnet({ id: 4294967294 }), { subnet: '2001:db8:2::/64' }] }).message).toBe(
      "Dhcp6.subnet6[1]: no subnet id is left after 4294967294: give this subnet an 'id'",
    );
  });
});

describe('subnet errors', () => {
  it('rejects invalid subnet prefixes', () => {
    expect(configErrorOf({ subnet6: [subnet({ subnet: '2001:db8::/129' })] }).message).toBe(
      'Dhcp6.subnet6[0].subnet: "2001:db8::/129" is not a valid prefix: prefix length 129 is over 128',
    );
    expect(configErrorOf({ subnet6: [subnet({ subnet: '2001:db8::' })] }).path).toBe('Dhcp6.subnet6[0].subnet');
    expect(configErrorOf({ subnet6: [subnet({ subnet: '2001:db8:1::5/64' })] }).message).toBe(
      'Dhcp6.subnet6[0].subnet: "2001:db8:1::5/64" is not a valid prefix: host bits set after the prefix length',
    );
    expect(configErrorOf({ subnet6: [subnet({ subnet: '::/0' })] }).path).toBe('Dhcp6.subnet6[0].subnet');
    expect(configErrorOf({ subnet6: [{ id: 1 }] }).message).toBe('Dhcp6.subnet6[0].subnet: required but missing');
    expect(configErrorOf({ subnet6: {} }).message).toBe('Dhcp6.subnet6: must be a list (JSON array), got {}');
    expect(configErrorOf({ subnet6: ['2001:db8::/64'] }).message).toBe('Dhcp6.subnet6[0]: must be a map (JSON object), got "2001:db8::/64"');
  });

  it('rejects the same prefix twice, whatever its spelling', () => {
    expect(configErrorOf({ subnet6: [subnet(), { id: 2, subnet: '2001:DB8:1:0::/64' }] }).message).toBe(
      'Dhcp6.subnet6[1].subnet: 2001:db8:1::/64 is already defined by Dhcp6.subnet6[0]',
    );
  });

  it('rejects interface together with interface-id', () => {
    expect(configErrorOf({ subnet6: [subnet({ interface: 'eth0', 'interface-id': 'x' })] }).path).toBe('Dhcp6.subnet6[0].interface-id');
    expect(configErrorOf({ subnet6: [subnet({ 'interface-id': 17 })] }).message).toBe('Dhcp6.subnet6[0].interface-id: must be a string, got 17');
    expect(configErrorOf({ subnet6: [subnet({ 'interface-id': '' })] }).message).toBe('Dhcp6.subnet6[0].interface-id: must not be empty');
  });
});

describe('pool errors', () => {
  const withPools = (...pools: unknown[]) => ({ subnet6: [subnet({ pools: pools.map((pool) => ({ pool })) })] });

  it('rejects a prefix that is not valid, with the brief\'s exact wording', () => {
    expect(configErrorOf(withPools('2001:db8:1::/120', '2001:db8::/129')).message).toBe(
      'Dhcp6.subnet6[0].pools[1].pool: "2001:db8::/129" is not a valid prefix: prefix length 129 is over 128',
    );
  });

  it('rejects malformed ranges', () => {
    expect(configErrorOf(withPools('2001:db8:1::10-2001:db8:1::1')).message).toBe(
      'Dhcp6.subnet6[0].pools[0].pool: "2001:db8:1::10-2001:db8:1::1" ends before it starts',
    );
    expect(configErrorOf(withPools('2001:db8:1::x-2001:db8:1::1')).message).toMatch(
      /^Dhcp6\.subnet6\[0\]\.pools\[0\]\.pool: "2001:db8:1::x" in "2001:db8:1::x-2001:db8:1::1" is not a valid IPv6 address/,
    );
    expect(configErrorOf(withPools('2001:db8:1::1')).message).toBe(
      'Dhcp6.subnet6[0].pools[0].pool: "2001:db8:1::1" is not a pool: write "first-last" or "prefix/length"',
    );
    expect(configErrorOf(withPools(42)).message).toBe('Dhcp6.subnet6[0].pools[0].pool: must be a string, got 42');
  });

  it('requires pools inside their subnet', () => {
    expect(configErrorOf(withPools('2001:db8:1::ff00-2001:db8:2::1')).message).toBe(
      'Dhcp6.subnet6[0].pools[0].pool: "2001:db8:1::ff00-2001:db8:2::1" is not inside subnet 2001:db8:1::/64',
    );
    expect(configErrorOf(withPools('2001:db8:1::/48')).path).toBe('Dhcp6.subnet6[0].pools[0].pool');
  });

  it('rejects pools overlapping in one subnet, naming the other pool', () => {
    expect(configErrorOf(withPools('2001:db8:1::100-2001:db8:1::1ff', '2001:db8:1::/119')).message).toBe(
      'Dhcp6.subnet6[0].pools[1].pool: pool "2001:db8:1::/119" overlaps pool "2001:db8:1::100-2001:db8:1::1ff" (Dhcp6.subnet6[0].pools[0].pool)',
    );
    // A later pool inside an earlier, wider one.
    expect(configErrorOf(withPools('2001:db8:1::/112', '2001:db8:1::5-2001:db8:1::6')).path).toBe('Dhcp6.subnet6[0].pools[1].pool');
  });

  it('rejects pools overlapping across subnets', () => {
    const err = configErrorOf({
      subnet6: [
        { id: 1, subnet: '2001:db8::/48', pools: [{ pool: '2001:db8:0:1::/64' }] },
        { id: 2, subnet: '2001:db8:0:1::/64', pools: [{ pool: '2001:db8:0:1::100-2001:db8:0:1::200' }] },
      ],
    });
    expect(err.path).toBe('Dhcp6.subnet6[1].pools[0].pool');
    expect(err.problem).toContain('(Dhcp6.subnet6[0].pools[0].pool)');
  });

  it('accepts adjacent pools', () => {
    const c = parseDhcp6(withPools('2001:db8:1::0-2001:db8:1::ff', '2001:db8:1::100-2001:db8:1::1ff'));
    expect(c.subnets[0].pools).toHaveLength(2);
  });
});

describe('pd-pool errors', () => {
  const withPd = (pd: Record<string, unknown>) => ({
    subnet6: [subnet({ 'pd-pools': [{ prefix: '2001:db8:8::', 'prefix-len': 48, 'delegated-len': 56, ...pd }] })],
  });

  it('requires prefix-len ≤ delegated-len ≤ 128', () => {
    expect(configErrorOf(withPd({ 'delegated-len': 40 })).message).toBe(
      'Dhcp6.subnet6[0].pd-pools[0].delegated-len: 40 is shorter than prefix-len 48',
    );
    expect(configErrorOf(withPd({ 'delegated-len': 129 })).message).toBe(
      'Dhcp6.subnet6[0].pd-pools[0].delegated-len: must be an integer in 1..128, got 129',
    );
    expect(configErrorOf(withPd({ 'prefix-len': 0 })).path).toBe('Dhcp6.subnet6[0].pd-pools[0].prefix-len');
    expect(configErrorOf(withPd({ 'delegated-len': undefined })).message).toBe('Dhcp6.subnet6[0].pd-pools[0].delegated-len: required but missing');
  });

  it('rejects a bad pd-pool prefix', () => {
    expect(configErrorOf(withPd({ prefix: '2001:db8:8::/48' })).message).toBe(
      "Dhcp6.subnet6[0].pd-pools[0].prefix: \"2001:db8:8::/48\" must be an address: give the length in 'prefix-len'",
    );
    expect(configErrorOf(withPd({ prefix: '2001:db8:8::1' })).message).toBe(
      'Dhcp6.subnet6[0].pd-pools[0].prefix: "2001:db8:8::1" has bits set beyond prefix-len 48',
    );
    expect(configErrorOf(withPd({ prefix: 'nope' })).path).toBe('Dhcp6.subnet6[0].pd-pools[0].prefix');
  });

  it('requires the excluded prefix inside the pool prefix and longer than delegated-len', () => {
    expect(configErrorOf(withPd({ 'excluded-prefix': '2001:db8:9::', 'excluded-prefix-len': 64 })).message).toBe(
      'Dhcp6.subnet6[0].pd-pools[0].excluded-prefix: 2001:db8:9::/64 is not inside the pd-pool prefix 2001:db8:8::/48',
    );
    expect(configErrorOf(withPd({ 'excluded-prefix': '2001:db8:8::', 'excluded-prefix-len': 56 })).message).toBe(
      'Dhcp6.subnet6[0].pd-pools[0].excluded-prefix-len: 56 must be longer than delegated-len 56',
    );
    expect(configErrorOf(withPd({ 'excluded-prefix': '2001:db8:8::' })).message).toBe(
      "Dhcp6.subnet6[0].pd-pools[0].excluded-prefix-len: required when 'excluded-prefix' is given",
    );
    expect(configErrorOf(withPd({ 'excluded-prefix-len': 64 })).path).toBe('Dhcp6.subnet6[0].pd-pools[0].excluded-prefix');
    expect(configErrorOf(withPd({ 'excluded-prefix': '2001:db8:8::1', 'excluded-prefix-len': 64 })).path).toBe(
      'Dhcp6.subnet6[0].pd-pools[0].excluded-prefix',
    );
  });

  it('rejects pd-pools overlapping across subnets', () => {
    const err = configErrorOf({
      subnet6: [
        subnet({ 'pd-pools': [{ prefix: '2001:db8:8::', 'prefix-len': 48, 'delegated-len': 56 }] }),
        { id: 2, subnet: '2001:db8:2::/64', 'pd-pools': [{ prefix: '2001:db8:8:ff00::', 'prefix-len': 56, 'delegated-len': 64 }] },
      ],
    });
    expect(err.message).toBe(
      'Dhcp6.subnet6[1].pd-pools[0].prefix: pd-pool "2001:db8:8:ff00::/56" overlaps pd-pool "2001:db8:8::/48" (Dhcp6.subnet6[0].pd-pools[0].prefix)',
    );
  });
});

describe('inherited lifetimes, timers and rapid-commit', () => {
  it('resolves each of min-/default/max- on its own, as Kea 2.2 does', () => {
    const c = parseDhcp6({
      'valid-lifetime': 5000, 'min-valid-lifetime': 4000, 'max-valid-lifetime': 6000, 'renew-timer': 1000, 'rapid-commit': true,
      subnet6: [
        { subnet: '2001:db8:1::/64', 'min-valid-lifetime': 100 },
        { subnet: '2001:db8:2::/64', 'max-valid-lifetime': 9000 },
        { subnet: '2001:db8:3::/64', 'valid-lifetime': 4500, 'rapid-commit': false },
        { subnet: '2001:db8:4::/64', 'renew-timer': 2000, 't1-percent': 0.4 },
      ],
    });
    const v = c.subnets.map((s) => [s.lifetimes.minValid, s.lifetimes.valid, s.lifetimes.maxValid]);
    expect(v).toEqual([[100, 5000, 6000], [4000, 5000, 9000], [4000, 4500, 6000], [4000, 5000, 6000]]);
    expect(c.subnets.map((s) => s.lifetimes.renewTimer)).toEqual([1000, 1000, 1000, 2000]);
    expect(c.subnets.map((s) => s.rapidCommit)).toEqual([true, true, false, true]);
    expect(c.subnets[3].lifetimes.t1Percent).toBe(0.4);
    expect(c.subnets[0].lifetimes.preferred).toBe(3600);
  });

  it('gives min = max = default when only the default is set and no level sets min or max', () => {
    const c = parseDhcp6({ subnet6: [subnet({ 'valid-lifetime': 100, 'preferred-lifetime': 50 })] });
    expect(c.subnets[0].lifetimes).toMatchObject({ minValid: 100, valid: 100, maxValid: 100, minPreferred: 50, preferred: 50, maxPreferred: 50 });
    expect(c.lifetimes.valid).toBe(7200);
  });

  it('reports a subnet-level conflict at the subnet key that causes it', () => {
    expect(configErrorOf({ 'min-valid-lifetime': 4000, 'valid-lifetime': 5000, subnet6: [subnet({ 'valid-lifetime': 100 })] }).message).toBe(
      'Dhcp6.subnet6[0].valid-lifetime: 100 must be at least min-valid-lifetime (4000)',
    );
    expect(configErrorOf({ 'rebind-timer': 3000, subnet6: [subnet({ 'renew-timer': 3500 })] }).message).toBe(
      'Dhcp6.subnet6[0].renew-timer: 3500 must be at most rebind-timer (3000)',
    );
    expect(configErrorOf({ 'renew-timer': 3000, subnet6: [subnet({ 'valid-lifetime': 2000 })] }).path).toBe('Dhcp6.subnet6[0].valid-lifetime');
    expect(configErrorOf({ subnet6: [subnet({ 't2-percent': 0.3 })] }).message).toBe(
      'Dhcp6.subnet6[0].t2-percent: 0.3 must be greater than (default) t1-percent (0.5)',
    );
  });
});
