// Assertions shared by the agent's e2e tests: perfdhcp runs where every exchange completed,
// and addresses/prefixes inside the pools a test configured.

import { expect } from 'vitest';
import { parseIpv6, parsePrefix, prefixContains } from '../../src/dhcp6/ipv6.js';
import type { PerfdhcpResult } from './netns.js';

/** Every SOLICIT got its ADVERTISE and every REQUEST its REPLY, nothing rejected or handed out twice. */
export function expectEveryExchangeCompleted(r: PerfdhcpResult): void {
  const sa = r.exchanges['SOLICIT-ADVERTISE'];
  const rr = r.exchanges['REQUEST-REPLY'];
  const context = `perfdhcp output:\n${r.stdout}\n${r.stderr}`;
  expect(sa, context).toBeDefined();
  expect(rr, context).toBeDefined();
  expect(sa.sent, context).toBeGreaterThan(0);
  expect({ exitCode: r.exitCode, malformed: r.malformed }, context).toEqual({ exitCode: 0, malformed: 0 });
  for (const x of [sa, rr]) {
    expect({ received: x.received, drops: x.drops, rejected: x.rejectedLeases, nonUnique: x.nonUniqueAddresses }, context)
      .toEqual({ received: x.sent, drops: 0, rejected: 0, nonUnique: 0 });
  }
  expect(rr.sent, context).toBe(sa.received);
}

/** `address` lies in the inclusive range first–last. */
export function inRange(address: string, first: string, last: string): boolean {
  const a = parseIpv6(address);
  return a >= parseIpv6(first) && a <= parseIpv6(last);
}

/** `address` (or a prefix's first address) lies inside `prefix` ("2001:db8::/32"). */
export function inPrefix(address: string, prefix: string): boolean {
  return prefixContains(parsePrefix(prefix), parseIpv6(address.split('/')[0]));
}

/** dhclient writes DUIDs as "0:1:0:1:…" (bytes without leading zeros); Kea as "00:01:00:01:…". */
export function keaDuid(dhclientDuid: string): string {
  return dhclientDuid.split(':').map((b) => b.padStart(2, '0')).join(':');
}
