// The documented examples of the subnet6-* commands (Kea's subnet_cmds), run against a real
// agent on EXAMPLE_CONFIG by test/commands/running-examples.test.ts.

import { EXAMPLE_CONFIG } from './example-config.js';
import type { CommandExample } from './types.js';

const [SUBNET_1, SUBNET_2] = EXAMPLE_CONFIG.Dhcp6.subnet6;
const SUBNET_3 = { id: 3, subnet: '2001:db8:3::/64', pools: [{ pool: '2001:db8:3::/80' }], 'valid-lifetime': 7200 };
const addSubnet3 = { command: 'subnet6-add', arguments: { subnet6: [SUBNET_3] } };

export const SUBNET6_EXAMPLES: Record<string, CommandExample[]> = {
  'subnet6-list': [
    {
      summary: 'Every subnet',
      setup: [],
      response: { result: 0, text: '2 IPv6 subnets found', arguments: { subnets: [{ id: 1, subnet: '2001:db8:1::/64' }, { id: 2, subnet: '2001:db8:2::/64' }] } },
    },
  ],
  'subnet6-get': [
    { summary: 'By id', arguments: { id: 2 }, setup: [], response: { result: 0, text: 'Info about IPv6 subnet 2001:db8:2::/64 (id 2) returned', arguments: { subnets: [SUBNET_2] } } },
    {
      summary: 'By prefix',
      arguments: { subnet: '2001:db8:1::/64' },
      setup: [],
      response: { result: 0, text: 'Info about IPv6 subnet 2001:db8:1::/64 (id 1) returned', arguments: { subnets: [SUBNET_1] } },
    },
    { summary: 'No such subnet', arguments: { id: 7 }, setup: [], response: { result: 3, text: 'No IPv6 subnet with id 7 found' } },
  ],
  'subnet6-add': [
    {
      summary: 'A subnet with a pool',
      arguments: { subnet6: [SUBNET_3] },
      setup: [],
      response: { result: 0, text: 'IPv6 subnet added', arguments: { subnet6: [{ id: 3, subnet: '2001:db8:3::/64' }] } },
    },
    {
      summary: 'The id is taken',
      arguments: { subnet6: [{ ...SUBNET_3, id: 2 }] },
      setup: [],
      response: { result: 1, text: "ID of the new IPv6 subnet '2' is already in use" },
    },
    {
      summary: 'A pool outside the subnet',
      arguments: { subnet6: [{ id: 3, subnet: '2001:db8:3::/64', pools: [{ pool: '2001:db8:4::/80' }] }] },
      setup: [],
      response: { result: 1, text: 'subnet6[0].pools[0].pool: "2001:db8:4::/80" is not inside subnet 2001:db8:3::/64' },
    },
    {
      summary: 'Reservations inside',
      arguments: { subnet6: [{ ...SUBNET_3, reservations: [{ duid: '01:02:03:04:05:07', 'ip-addresses': ['2001:db8:3::7'] }] }] },
      setup: [],
      response: { result: 1, text: 'subnet6[0].reservations: reservations cannot be given in subnet6-add; use reservation-add' },
    },
  ],
  'subnet6-update': [
    {
      summary: 'Another pool and lifetime',
      arguments: { subnet6: [{ id: 2, subnet: '2001:db8:2::/64', pools: [{ pool: '2001:db8:2::/96' }], 'valid-lifetime': 7200 }] },
      setup: [],
      response: { result: 0, text: 'IPv6 subnet updated', arguments: { subnet6: [{ id: 2, subnet: '2001:db8:2::/64' }] } },
    },
    {
      summary: 'No such subnet',
      arguments: { subnet6: [{ id: 7, subnet: '2001:db8:7::/64' }] },
      setup: [],
      response: { result: 1, text: 'No IPv6 subnet with id 7 found' },
    },
  ],
  'subnet6-del': [
    {
      summary: 'A subnet added before',
      arguments: { id: 3 },
      setup: [addSubnet3],
      response: { result: 0, text: 'IPv6 subnet 2001:db8:3::/64 (id 3) deleted', arguments: { subnets: [{ id: 3, subnet: '2001:db8:3::/64' }] } },
    },
    { summary: 'No such subnet', arguments: { id: 7 }, setup: [], response: { result: 3, text: 'No IPv6 subnet with id 7 found' } },
  ],
  'subnet6-delta-add': [
    {
      summary: 'A second pool and a DNS server option',
      arguments: {
        subnet6: [{ id: 1, subnet: '2001:db8:1::/64', pools: [{ pool: '2001:db8:1::2:0/112' }], 'option-data': [{ name: 'dns-servers', data: '2001:db8::53' }] }],
      },
      setup: [],
      response: { result: 0, text: 'IPv6 subnet updated', arguments: { subnet6: [{ id: 1, subnet: '2001:db8:1::/64' }] } },
    },
  ],
  'subnet6-delta-del': [
    {
      summary: 'The prefix delegation pool',
      arguments: { subnet6: [{ id: 1, subnet: '2001:db8:1::/64', 'pd-pools': [{ prefix: '2001:db8:8000::', 'prefix-len': 40 }] }] },
      setup: [],
      response: { result: 0, text: 'IPv6 subnet updated', arguments: { subnet6: [{ id: 1, subnet: '2001:db8:1::/64' }] } },
    },
    {
      summary: 'A pool that is not there',
      arguments: { subnet6: [{ id: 1, pools: [{ pool: '2001:db8:1::/120' }] }] },
      setup: [],
      response: { result: 1, text: 'subnet6[0].pools[0]: pool 2001:db8:1::/120 is not configured, so it cannot be deleted' },
    },
  ],
};
