// The documented examples of the lease6-* and stat-lease6-get commands (Kea 2.2's answers
// where it gave one: shared/kea/kea-2.2/003–045). Those with a `setup` are run by the tests.

import {
  ADD_ALL,
  ADD_FULL,
  ADD_NA,
  ADD_PD,
  ADD_SUBNET_2,
  DUID_1,
  DUID_2,
  FULL_JSON,
  NA_JSON,
  PD_JSON,
  SUBNET_2_JSON,
} from './example-config.js';
import type { CommandExample } from './types.js';

const addNa = { command: 'lease6-add', arguments: ADD_NA };

export const LEASE6_EXAMPLES: Record<string, CommandExample[]> = {
  'lease6-add': [
    { summary: 'An address', arguments: ADD_NA, setup: [], response: { result: 0, text: 'Lease for address 2001:db8:1::1001, subnet-id 1 added.' } },
    { summary: 'An address with every optional field', arguments: ADD_FULL, setup: [], response: { result: 0, text: 'Lease for address 2001:db8:1::1002, subnet-id 1 added.' } },
    { summary: 'A delegated prefix', arguments: ADD_PD, setup: [], response: { result: 0, text: 'Lease for prefix 2001:db8:8000:100::/56, subnet-id 1 added.' } },
    { summary: 'The address is leased already', arguments: ADD_NA, setup: [addNa], response: { result: 1, text: 'IPv6 lease already exists.' } },
    {
      summary: 'The address is outside the subnet',
      arguments: { 'subnet-id': 1, 'ip-address': '2001:db8:2::5', duid: DUID_1, iaid: 1 },
      setup: [],
      response: { result: 1, text: 'The address 2001:db8:2::5 does not belong to subnet 2001:db8:1::/64, subnet-id=1' },
    },
    {
      summary: 'The subnet is not configured',
      arguments: { 'subnet-id': 77, 'ip-address': '2001:db8:1::1004', duid: DUID_1, iaid: 1 },
      setup: [],
      response: { result: 1, text: 'Invalid subnet-id: No IPv6 subnet with subnet-id=77 currently configured.' },
    },
  ],
  'lease6-get': [
    { summary: 'By address', arguments: { 'ip-address': '2001:db8:1::1002' }, setup: [{ command: 'lease6-add', arguments: ADD_FULL }], response: { result: 0, text: 'IPv6 lease found.', arguments: FULL_JSON } },
    {
      summary: 'A delegated prefix',
      arguments: { 'ip-address': '2001:db8:8000:100::', type: 'IA_PD' },
      setup: [{ command: 'lease6-add', arguments: ADD_PD }],
      response: { result: 0, text: 'IPv6 lease found.', arguments: PD_JSON },
    },
    {
      summary: "By the client's DUID and IAID",
      arguments: { 'subnet-id': 1, 'identifier-type': 'duid', identifier: DUID_1, iaid: 1234, type: 'IA_NA' },
      setup: [addNa],
      response: { result: 0, text: 'IPv6 lease found.', arguments: NA_JSON },
    },
    { summary: 'No such lease', arguments: { 'ip-address': '2001:db8:1::abcd' }, setup: [], response: { result: 3, text: 'Lease not found.' } },
    {
      summary: 'Neither an address nor an identifier',
      arguments: { 'subnet-id': 1 },
      setup: [],
      response: { result: 1, text: "No 'ip-address' provided and 'identifier-type' is either missing or not a string." },
    },
  ],
  'lease6-get-all': [
    { summary: 'Every lease', setup: ADD_ALL, response: { result: 0, text: '4 IPv6 lease(s) found.', arguments: { leases: [NA_JSON, FULL_JSON, SUBNET_2_JSON, PD_JSON] } } },
    { summary: 'The leases of some subnets', arguments: { subnets: [2] }, setup: ADD_ALL, response: { result: 0, text: '1 IPv6 lease(s) found.', arguments: { leases: [SUBNET_2_JSON] } } },
  ],
  'lease6-get-page': [
    { summary: 'The first page', arguments: { from: 'start', limit: 2 }, setup: ADD_ALL, response: { result: 0, text: '2 IPv6 lease(s) found.', arguments: { count: 2, leases: [NA_JSON, FULL_JSON] } } },
    {
      summary: 'The next page, after the last address of the first',
      arguments: { from: '2001:db8:1::1002', limit: 2 },
      setup: ADD_ALL,
      response: { result: 0, text: '2 IPv6 lease(s) found.', arguments: { count: 2, leases: [SUBNET_2_JSON, PD_JSON] } },
    },
    { summary: 'Past the last lease', arguments: { from: '2001:db8:8000:100::', limit: 2 }, setup: ADD_ALL, response: { result: 3, text: '0 IPv6 lease(s) found.', arguments: { count: 0, leases: [] } } },
  ],
  'lease6-get-by-duid': [
    { summary: 'Every lease of a client', arguments: { duid: DUID_1 }, setup: ADD_ALL, response: { result: 0, text: '3 IPv6 lease(s) found.', arguments: { leases: [NA_JSON, SUBNET_2_JSON, PD_JSON] } } },
  ],
  'lease6-get-by-hostname': [
    { summary: 'A host name', arguments: { hostname: 'Urania.example.org' }, setup: ADD_ALL, response: { result: 0, text: '1 IPv6 lease(s) found.', arguments: { leases: [FULL_JSON] } } },
    { summary: 'Nobody has it', arguments: { hostname: 'nobody.example.org' }, setup: ADD_ALL, response: { result: 3, text: '0 IPv6 lease(s) found.', arguments: { leases: [] } } },
  ],
  'lease6-update': [
    {
      summary: 'Replace a lease (fields not given take their defaults)',
      arguments: { 'subnet-id': 1, 'ip-address': '2001:db8:1::1001', duid: DUID_1, iaid: 1234, hostname: 'newhostname.example.org' },
      setup: [addNa],
      response: { result: 0, text: 'IPv6 lease updated.' },
    },
    {
      summary: 'No lease to update',
      arguments: { 'subnet-id': 1, 'ip-address': '2001:db8:1::1fff', duid: DUID_1, iaid: 1234 },
      setup: [],
      response: {
        result: 1,
        text: 'failed to update the lease with address 2001:db8:1::1fff either because the lease has been deleted or it has changed in the database, in both cases a retry might succeed',
      },
    },
    {
      summary: 'Add it when missing',
      arguments: { 'subnet-id': 1, 'ip-address': '2001:db8:1::1fff', duid: DUID_1, iaid: 1234, 'force-create': true },
      setup: [],
      response: { result: 0, text: 'IPv6 lease added.' },
    },
  ],
  'lease6-del': [
    { summary: 'By address', arguments: { 'ip-address': '2001:db8:1::1001' }, setup: [addNa], response: { result: 0, text: 'IPv6 lease deleted.' } },
    {
      summary: "By the client's DUID and IAID",
      arguments: { 'subnet-id': 1, 'identifier-type': 'duid', identifier: DUID_2, iaid: 7, type: 'IA_NA' },
      setup: [{ command: 'lease6-add', arguments: ADD_FULL }],
      response: { result: 0, text: 'IPv6 lease deleted.' },
    },
    { summary: 'No such lease', arguments: { 'ip-address': '2001:db8:1::1010' }, setup: [], response: { result: 3, text: 'IPv6 lease not found.' } },
  ],
  'lease6-wipe': [
    { summary: 'One subnet', arguments: { 'subnet-id': 1 }, setup: ADD_ALL, response: { result: 0, text: 'Deleted 3 IPv6 lease(s) from subnet(s) 1' } },
    { summary: 'Every configured subnet', setup: ADD_ALL, response: { result: 0, text: 'Deleted 4 IPv6 lease(s) from subnet(s) 1 2' } },
    { summary: 'Nothing to delete', arguments: { 'subnet-id': 2 }, setup: [], response: { result: 3, text: 'Deleted 0 IPv6 lease(s) from subnet(s) 2' } },
  ],
  'lease6-bulk-apply': [
    {
      summary: 'Delete one lease and add another',
      arguments: { 'deleted-leases': [{ 'ip-address': '2001:db8:1::1001' }], leases: [ADD_SUBNET_2] },
      setup: [addNa],
      response: { result: 0, text: 'Bulk apply of 2 IPv6 leases completed.' },
    },
    {
      summary: 'Some entries fail',
      arguments: { 'deleted-leases': [{ 'ip-address': '2001:db8:1::1010' }], leases: [ADD_NA] },
      setup: [],
      response: {
        result: 0,
        text: 'Bulk apply of 1 IPv6 leases completed.',
        arguments: { 'failed-deleted-leases': [{ 'error-message': 'lease not found', 'ip-address': '2001:db8:1::1010', result: 3, type: 'IA_NA' }] },
      },
    },
  ],
};

export const STAT_EXAMPLES: CommandExample[] = [
  {
    summary: 'Every subnet',
    setup: ADD_ALL,
    varies: ['result-set.timestamp'],
    response: {
      result: 0,
      text: 'stat-lease6-get[all subnets]: 2 rows found',
      arguments: {
        'result-set': {
          columns: ['subnet-id', 'total-nas', 'cumulative-assigned-nas', 'assigned-nas', 'declined-nas', 'total-pds', 'cumulative-assigned-pds', 'assigned-pds'],
          rows: [
            [1, 61440, 0, 2, 0, 65536, 0, 1],
            [2, 281474976710656, 0, 1, 0, 0, 0, 0],
          ],
          timestamp: '2026-11-24 03:59:24.731803',
        },
      },
    },
  },
  {
    summary: 'One subnet',
    arguments: { 'subnet-id': 2 },
    setup: ADD_ALL,
    varies: ['result-set.timestamp'],
    response: {
      result: 0,
      text: 'stat-lease6-get[subnet-id=2]: 1 rows found',
      arguments: {
        'result-set': {
          columns: ['subnet-id', 'total-nas', 'cumulative-assigned-nas', 'assigned-nas', 'declined-nas', 'total-pds', 'cumulative-assigned-pds', 'assigned-pds'],
          rows: [[2, 281474976710656, 0, 1, 0, 0, 0, 0]],
          timestamp: '2026-11-24 03:59:24.731991',
        },
      },
    },
  },
  { summary: 'A subnet that is not configured', arguments: { 'subnet-id': 77 }, setup: [], response: { result: 3, text: 'subnet-id: 77 does not exist' } },
];

