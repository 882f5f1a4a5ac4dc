// The documented examples of the statistic-* commands, run against a real agent on
// EXAMPLE_CONFIG with fresh statistics by test/commands/running-examples.test.ts (sample
// times differ from run to run; the test compares everything else).

import type { CommandExample } from './types.js';

const AT = '2026-11-24 03:59:00.992696';

export const STATISTIC_EXAMPLES: Record<string, CommandExample[]> = {
  'statistic-get': [
    {
      summary: "The size of subnet 1's address pools",
      arguments: { name: 'subnet[1].total-nas' },
      setup: [],
      response: { result: 0, arguments: { 'subnet[1].total-nas': [[61440, AT]] } },
    },
    { summary: 'An unknown statistic', arguments: { name: 'pkt6-bogus' }, setup: [], response: { result: 0, arguments: {} } },
  ],
  'statistic-get-all': [
    {
      summary: 'Every statistic (shortened here)',
      response: {
        result: 0,
        arguments: {
          'cumulative-assigned-nas': [[0, AT]],
          'pkt6-received': [[12, AT], [11, AT]],
          'pkt6-reply-sent': [[5, AT]],
          'subnet[1].assigned-nas': [[3, AT]],
          'subnet[1].total-nas': [[61440, AT]],
        },
      },
    },
  ],
  'statistic-reset': [
    { summary: 'One statistic', arguments: { name: 'pkt6-received' }, setup: [], response: { result: 0, text: "Statistic 'pkt6-received' reset." } },
    { summary: 'An unknown statistic', arguments: { name: 'pkt6-bogus' }, setup: [], response: { result: 1, text: "No 'pkt6-bogus' statistic found" } },
  ],
  'statistic-reset-all': [{ summary: 'Every statistic', setup: [], response: { result: 0, text: 'All statistics reset to neutral values.' } }],
  'statistic-remove': [
    { summary: 'One statistic', arguments: { name: 'pkt6-received' }, setup: [], response: { result: 0, text: "Statistic 'pkt6-received' removed." } },
    { summary: 'An unknown statistic', arguments: { name: 'pkt6-bogus' }, setup: [], response: { result: 1, text: "No 'pkt6-bogus' statistic found" } },
  ],
  'statistic-remove-all': [{ summary: 'Every statistic', setup: [], response: { result: 0, text: 'All statistics removed.' } }],
};
