// The documented examples of the config-* commands. They run against a real agent started
// on EXAMPLE_CONFIG from /etc/dhcp6-agent/dhcp6-agent.json (test/commands/running-examples.test.ts
// puts its own directory, database and control sockets in; `varies` names what differs).

import { EXAMPLE_CONFIG } from './example-config.js';
import type { CommandExample } from './types.js';

/** A SHA-256 as config-get / config-hash-get print it (it depends on the whole configuration). */
const HASH = '5E6A8F5B4D6C1C3F0E9B2A7D8C4F1E0B3A6D9C2F5E8B1A4D7C0F3E6B9A2D5C8F';

/** What the test agent adds to EXAMPLE_CONFIG: where its database and control sockets are. */
const AGENT_KEYS = ['Dhcp6.data-directory', 'Dhcp6.lease-database', 'Dhcp6.control-sockets'];

const LONGER_LIFETIMES = { Dhcp6: { ...EXAMPLE_CONFIG.Dhcp6, 'valid-lifetime': 8000, 'preferred-lifetime': 6000 } };
const BAD_PREFIX = { Dhcp6: { subnet6: [{ id: 1, subnet: '2001:db8::/129' }] } };
const BAD_PREFIX_TEXT = 'Dhcp6.subnet6[0].subnet: "2001:db8::/129" is not a valid prefix: prefix length 129 is over 128';

export const CONFIG_EXAMPLES: Record<string, CommandExample[]> = {
  'config-get': [
    {
      summary: 'The running configuration',
      setup: [],
      response: { result: 0, arguments: { ...EXAMPLE_CONFIG, hash: HASH } },
      varies: ['hash', ...AGENT_KEYS],
    },
  ],
  'config-hash-get': [{ summary: "The running configuration's hash", setup: [], response: { result: 0, arguments: { hash: HASH } }, varies: ['hash'] }],
  'config-test': [
    {
      summary: 'A configuration that would apply',
      arguments: LONGER_LIFETIMES,
      setup: [],
      response: { result: 0, text: 'Configuration seems sane. Control-socket, hook-libraries, and D2 configuration were sanity checked, but not applied.' },
    },
    { summary: 'A prefix length over 128', arguments: BAD_PREFIX, setup: [], response: { result: 1, text: BAD_PREFIX_TEXT } },
  ],
  'config-set': [
    {
      summary: 'Longer lifetimes',
      arguments: LONGER_LIFETIMES,
      setup: [],
      response: { result: 0, text: 'Configuration successful.', arguments: { hash: HASH } },
      varies: ['hash'],
    },
    { summary: 'A prefix length over 128: nothing changes', arguments: BAD_PREFIX, setup: [], response: { result: 1, text: BAD_PREFIX_TEXT } },
    {
      summary: 'A misspelt key: nothing changes',
      arguments: { Dhcp6: { ...EXAMPLE_CONFIG.Dhcp6, 'valid-lifetim': 8000 } },
      setup: [],
      response: { result: 1, text: "Dhcp6.valid-lifetim: unknown key (did you mean 'valid-lifetime'?)" },
    },
  ],
  'config-reload': [
    {
      summary: 'The configuration file as it is now',
      setup: [],
      response: { result: 0, text: 'Configuration successful.', arguments: { hash: HASH } },
      varies: ['hash'],
    },
  ],
  'config-write': [
    {
      summary: 'Over the configuration file',
      setup: [{ command: 'subnet6-add', arguments: { subnet6: [{ id: 3, subnet: '2001:db8:3::/64' }] } }],
      response: {
        result: 0,
        text: 'Configuration written to /etc/dhcp6-agent/dhcp6-agent.json successfully',
        arguments: { filename: '/etc/dhcp6-agent/dhcp6-agent.json', size: 1024 },
      },
      varies: ['size'],
    },
    {
      summary: "Another file in the configuration file's directory",
      arguments: { filename: 'dhcp6-agent.saved.json' },
      setup: [],
      response: {
        result: 0,
        text: 'Configuration written to /etc/dhcp6-agent/dhcp6-agent.saved.json successfully',
        arguments: { filename: '/etc/dhcp6-agent/dhcp6-agent.saved.json', size: 1024 },
      },
      varies: ['size'],
    },
    {
      summary: "Outside the configuration file's directory",
      arguments: { filename: '/etc/passwd' },
      setup: [],
      response: {
        result: 1,
        text: "invalid value specified for parameter 'filename': /etc/passwd is not in the configuration directory /etc/dhcp6-agent; config-write writes only there",
      },
    },
  ],
};
