// The configuration the documented command examples run against (the one the Kea 2.2
// answers in shared/kea were taken with, plus one reservation in the file), and the
// lease arguments the examples reuse. test/commands/openapi.test.ts runs every example
// with a setup on an empty database with this configuration.

export const EXAMPLE_CONFIG = {
  Dhcp6: {
    'interfaces-config': { interfaces: [] },
    'preferred-lifetime': 3000,
    'valid-lifetime': 4000,
    'renew-timer': 1000,
    'rebind-timer': 2000,
    subnet6: [
      {
        id: 1,
        subnet: '2001:db8:1::/64',
        pools: [{ pool: '2001:db8:1::1000-2001:db8:1::ffff' }],
        'pd-pools': [{ prefix: '2001:db8:8000::', 'prefix-len': 40, 'delegated-len': 56 }],
        reservations: [{ duid: '01:02:03:04:05:06', 'ip-addresses': ['2001:db8:1::100'], hostname: 'printer.example.org' }],
      },
      { id: 2, subnet: '2001:db8:2::/64', pools: [{ pool: '2001:db8:2::/80' }] },
    ],
  },
};

export const DUID_1 = '00:03:00:01:aa:bb:cc:dd:ee:01';
export const DUID_2 = '00:03:00:01:aa:bb:cc:dd:ee:02';
/** expire = cltt + valid-lifetime: fixing it makes the cltt of example leases known */
export const EXPIRE = 1795496764;
export const CLTT = EXPIRE - 4000;

export const ADD_NA = { 'subnet-id': 1, 'ip-address': '2001:db8:1::1001', duid: DUID_1, iaid: 1234, expire: EXPIRE };
export const ADD_FULL = {
  'subnet-id': 1,
  'ip-address': '2001:db8:1::1002',
  duid: DUID_2,
  iaid: 7,
  'hw-address': '1a:1b:1c:1d:1e:1f',
  'preferred-lft': 500,
  'valid-lft': 1000,
  expire: 2000000000,
  'fqdn-fwd': true,
  'fqdn-rev': true,
  hostname: 'urania.example.org',
  'user-context': { note: 'x' },
};
export const ADD_PD = { 'subnet-id': 1, type: 'IA_PD', 'ip-address': '2001:db8:8000:100::', 'prefix-len': 56, duid: DUID_1, iaid: 99, expire: EXPIRE };
export const ADD_SUBNET_2 = { 'subnet-id': 2, 'ip-address': '2001:db8:2::6', duid: DUID_1, iaid: 5, expire: EXPIRE };

export const NA_JSON = {
  cltt: CLTT,
  duid: DUID_1,
  'fqdn-fwd': false,
  'fqdn-rev': false,
  hostname: '',
  iaid: 1234,
  'ip-address': '2001:db8:1::1001',
  'preferred-lft': 3000,
  state: 0,
  'subnet-id': 1,
  type: 'IA_NA',
  'valid-lft': 4000,
};
export const FULL_JSON = {
  cltt: 1999999000,
  duid: DUID_2,
  'fqdn-fwd': true,
  'fqdn-rev': true,
  hostname: 'urania.example.org',
  'hw-address': '1a:1b:1c:1d:1e:1f',
  iaid: 7,
  'ip-address': '2001:db8:1::1002',
  'preferred-lft': 500,
  state: 0,
  'subnet-id': 1,
  type: 'IA_NA',
  'user-context': { note: 'x' },
  'valid-lft': 1000,
};
export const PD_JSON = {
  cltt: CLTT,
  duid: DUID_1,
  'fqdn-fwd': false,
  'fqdn-rev': false,
  hostname: '',
  iaid: 99,
  'ip-address': '2001:db8:8000:100::',
  'preferred-lft': 3000,
  'prefix-len': 56,
  state: 0,
  'subnet-id': 1,
  type: 'IA_PD',
  'valid-lft': 4000,
};
export const SUBNET_2_JSON = { ...NA_JSON, iaid: 5, 'ip-address': '2001:db8:2::6', 'subnet-id': 2 };

export const ADD_ALL = [ADD_NA, ADD_FULL, ADD_PD, ADD_SUBNET_2].map((a) => ({ command: 'lease6-add', arguments: a }));
