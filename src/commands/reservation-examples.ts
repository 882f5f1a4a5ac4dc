// The documented examples of the reservation-* commands. EXAMPLE_CONFIG's subnet 1 holds one
// reservation in the configuration file (the printer); the others are added by commands.

import type { CommandExample } from './types.js';

const RESERVATION = {
  'subnet-id': 1,
  duid: '01:02:03:04:05:06:07:08:09:0a',
  'ip-addresses': ['2001:db8:1::cafe'],
  prefixes: ['2001:db8:8000:ab00::/56'],
  hostname: 'foo.example.com',
};
const RESERVATION_JSON = {
  'client-classes': [],
  duid: '01:02:03:04:05:06:07:08:09:0a',
  hostname: 'foo.example.com',
  'ip-addresses': ['2001:db8:1::cafe'],
  'option-data': [],
  prefixes: ['2001:db8:8000:ab00::/56'],
  'subnet-id': 1,
};
const PRINTER_JSON = {
  'client-classes': [],
  duid: '01:02:03:04:05:06',
  hostname: 'printer.example.org',
  'ip-addresses': ['2001:db8:1::100'],
  'option-data': [],
  prefixes: [],
  'subnet-id': 1,
};
const add = [{ command: 'reservation-add', arguments: { reservation: RESERVATION } }];

export const RESERVATION_EXAMPLES: Record<string, CommandExample[]> = {
  'reservation-add': [
    { summary: 'An address and a prefix for a DUID', arguments: { reservation: RESERVATION }, setup: [], response: { result: 0, text: 'Host added.' } },
    {
      summary: 'The address is reserved in the configuration file',
      arguments: { reservation: { 'subnet-id': 1, duid: '0a:0b:0c', 'ip-addresses': ['2001:db8:1::100'] } },
      setup: [],
      response: { result: 1, text: 'Address 2001:db8:1::100 is already reserved in subnet-id 1 by the configuration file.' },
    },
    {
      summary: 'The subnet is not configured',
      arguments: { reservation: { ...RESERVATION, 'subnet-id': 77 } },
      setup: [],
      response: { result: 1, text: 'Invalid subnet-id: No IPv6 subnet with subnet-id=77 currently configured.' },
    },
  ],
  'reservation-get': [
    { summary: 'By reserved address', arguments: { 'subnet-id': 1, 'ip-address': '2001:db8:1::cafe' }, setup: add, response: { result: 0, text: 'Host found.', arguments: RESERVATION_JSON } },
    {
      summary: 'By identifier, from the configuration file',
      arguments: { 'subnet-id': 1, 'identifier-type': 'duid', identifier: '01:02:03:04:05:06' },
      setup: [],
      response: { result: 0, text: 'Host found.', arguments: PRINTER_JSON },
    },
    { summary: 'No such reservation', arguments: { 'subnet-id': 1, 'ip-address': '2001:db8:1::beef' }, setup: [], response: { result: 3, text: 'Host not found.' } },
  ],
  'reservation-get-all': [
    { summary: 'Every reservation of a subnet', arguments: { 'subnet-id': 1 }, setup: add, response: { result: 0, text: '2 IPv6 host(s) found.', arguments: { hosts: [PRINTER_JSON, RESERVATION_JSON] } } },
    { summary: 'A subnet without any', arguments: { 'subnet-id': 2 }, setup: add, response: { result: 3, text: '0 IPv6 host(s) found.', arguments: { hosts: [] } } },
  ],
  'reservation-get-page': [
    {
      summary: 'The first page: the configuration file comes first',
      arguments: { 'subnet-id': 1, limit: 1 },
      setup: add,
      response: { result: 0, text: '1 IPv6 host(s) found.', arguments: { count: 1, hosts: [PRINTER_JSON], next: { from: 1, 'source-index': 0 } } },
    },
    {
      summary: 'The next page, from the database',
      arguments: { 'subnet-id': 1, limit: 1, from: 1, 'source-index': 0 },
      setup: add,
      varies: ['next.from'],
      response: { result: 0, text: '1 IPv6 host(s) found.', arguments: { count: 1, hosts: [RESERVATION_JSON], next: { from: 17, 'source-index': 1 } } },
    },
  ],
  'reservation-get-by-hostname': [
    { summary: 'A host name', arguments: { hostname: 'FOO.example.com' }, setup: add, response: { result: 0, text: '1 IPv6 host(s) found.', arguments: { hosts: [RESERVATION_JSON] } } },
  ],
  'reservation-get-by-id': [
    {
      summary: 'Every reservation of a DUID',
      arguments: { 'identifier-type': 'duid', identifier: '01:02:03:04:05:06:07:08:09:0a' },
      setup: add,
      response: { result: 0, text: '1 IPv6 host(s) found.', arguments: { hosts: [RESERVATION_JSON] } },
    },
  ],
  'reservation-update': [
    {
      summary: 'Replace a stored reservation',
      arguments: { reservation: { ...RESERVATION, hostname: 'bar.example.com' } },
      setup: add,
      response: { result: 0, text: 'Host updated.' },
    },
    { summary: 'No such reservation', arguments: { reservation: RESERVATION }, setup: [], response: { result: 1, text: 'Host not updated (not found).' } },
  ],
  'reservation-del': [
    { summary: 'By identifier', arguments: { 'subnet-id': 1, 'identifier-type': 'duid', identifier: '01:02:03:04:05:06:07:08:09:0a' }, setup: add, response: { result: 0, text: 'Host deleted.' } },
    { summary: 'No such reservation', arguments: { 'subnet-id': 1, 'ip-address': '2001:db8:1::beef' }, setup: [], response: { result: 3, text: 'Host not deleted (not found).' } },
  ],
};
