// The documented examples of status-get, shutdown, dhcp-disable/-enable and leases-reclaim,
// run against a real agent on EXAMPLE_CONFIG by test/commands/running-examples.test.ts
// (shutdown is documentation only: it would stop that agent).

import { ADD_NA } from './example-config.js';
import type { CommandExample } from './types.js';

const EXPIRED_LEASE = { command: 'lease6-add', arguments: { ...ADD_NA, expire: 1700000000 } };

export const LIFECYCLE_EXAMPLES: Record<string, CommandExample[]> = {
  'status-get': [
    {
      summary: 'A running agent',
      setup: [],
      response: {
        result: 0,
        arguments: {
          pid: 4711,
          uptime: 3600,
          reload: 1200,
          'multi-threading-enabled': false,
          sockets: { status: 'ready' },
          interfaces: [],
          'lease-database': { type: 'embedded', reachable: true },
          'dhcp-state': {
            'globally-disabled': false,
            'disabled-by-user': false,
            'disabled-by-remote-command': [],
            'disabled-by-local-command': [],
            'disabled-by-db-connection': false,
          },
        },
      },
      varies: ['pid', 'uptime', 'reload', 'lease-database.type'],
    },
  ],
  shutdown: [{ summary: 'Stop and exit with status 3', arguments: { 'exit-value': 3 }, response: { result: 0, text: 'Shutting down.' } }],
  'dhcp-disable': [
    { summary: 'Until dhcp-enable', setup: [], response: { result: 0, text: 'DHCPv6 service disabled' } },
    { summary: 'For at most 20 seconds', arguments: { 'max-period': 20 }, setup: [], response: { result: 0, text: 'DHCPv6 service disabled for 20 seconds' } },
  ],
  'dhcp-enable': [{ summary: 'After dhcp-disable', setup: [{ command: 'dhcp-disable' }], response: { result: 0, text: 'DHCP service successfully enabled' } }],
  'leases-reclaim': [
    { summary: 'Keep reclaimed leases as expired-reclaimed', arguments: { remove: false }, setup: [EXPIRED_LEASE], response: { result: 0, text: 'Reclamation of expired leases is complete.' } },
    { summary: 'Delete reclaimed leases', arguments: { remove: true }, setup: [EXPIRED_LEASE], response: { result: 0, text: 'Reclamation of expired leases is complete.' } },
  ],
};
