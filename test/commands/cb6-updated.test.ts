// cb6_updated: agents sharing one PostgreSQL database learn of each other's subnet and
// reservation changes through the configuration audit, and their hook libraries receive
// the audit entries; an agent's own changes are not announced to it. (PGlite is one
// process's database: only the server can be shared.)

import { rm } from 'node:fs/promises';
import { describe, expect, it } from 'vitest';
import { EXAMPLE_CONFIG } from '../../src/commands/example-config.js';
import type { AuditEntry } from '../../src/hooks/types.js';
import { startTestAgent, waitFor, type RunningTestAgent } from '../helpers/agent.js';
import { createTestDatabase } from '../helpers/stores.js';

/** Keeps what cb6_updated received; cb6-seen answers it. */
const RECORDER = `export const version = 1;
const seen = [];
export function load(ctx) {
  ctx.registerCommand('cb6-seen', () => ({ result: 0, arguments: { entries: seen } }));
}
export function cb6_updated(handle) {
  seen.push(...handle.getArgument('audit_entries'));
}
`;

const dhcp6 = (tag: string) => ({ ...EXAMPLE_CONFIG.Dhcp6, 'server-tag': tag, 'hooks-libraries': [{ library: 'recorder.mjs' }] });
const SUBNET_5 = { subnet6: [{ id: 5, subnet: '2001:db8:5::/64' }] };
const RESERVATION = { reservation: { 'subnet-id': 2, duid: '01:02:03:04:05:0a', 'ip-addresses': ['2001:db8:2::a'] } };

async function seen(t: RunningTestAgent): Promise<AuditEntry[]> {
  const answer = await t.handle({ command: 'cb6-seen' });
  return (answer.arguments as { entries: AuditEntry[] }).entries;
}

describe.skipIf(process.env.DHCP6_AGENT_SKIP_PG === '1')('cb6_updated [pg]', () => {
  it("hands another agent's subnet and reservation changes to the hook libraries, not the agent's own", async () => {
    const database = await createTestDatabase();
    const started: RunningTestAgent[] = [];
    try {
      const a = await startTestAgent({ driver: 'pg', dhcp6: dhcp6('agent-a'), databaseUrl: database.url, hookFiles: { 'recorder.mjs': RECORDER } });
      started.push(a);
      const b = await startTestAgent({ driver: 'pg', dhcp6: dhcp6('agent-b'), databaseUrl: database.url, hookFiles: { 'recorder.mjs': RECORDER } });
      started.push(b);

      expect((await a.send('unix', { command: 'subnet6-add', arguments: SUBNET_5 })).result).toBe(0);
      expect((await a.send('http', { command: 'reservation-add', arguments: RESERVATION })).result).toBe(0);
      const toB = await waitFor(async () => {
        const entries = await seen(b);
        return entries.length >= 2 ? entries : undefined;
      }, 'agent b to receive the changes of agent a');
      const hostId = (await a.agent.store.hosts.getAll(2))[0].hostId;
      expect(toB).toEqual([
        { objectType: 'dhcp6_subnet', objectId: 5, modificationType: 'create', modificationTime: expect.any(String), logMessage: 'subnet6-add: IPv6 subnet 2001:db8:5::/64 (id 5)' },
        { objectType: 'dhcp6_host', objectId: hostId, modificationType: 'create', modificationTime: expect.any(String), logMessage: 'reservation added' },
      ]);
      for (const e of toB) expect(Number.isNaN(Date.parse(e.modificationTime))).toBe(false);
      // Agent b's own configuration is its own: it learns of the subnet, it does not serve it.
      expect(b.agent.config().subnets.map((s) => s.id)).toEqual([1, 2]);

      // Agent a reads the audit in commit order: once it saw b's later change, it has passed its own.
      expect((await b.send('unix', { command: 'subnet6-del', arguments: { id: 2 } })).result).toBe(0);
      const toA = await waitFor(async () => {
        const entries = await seen(a);
        return entries.length >= 1 ? entries : undefined;
      }, "agent a to receive agent b's change");
      expect(toA).toEqual([
        { objectType: 'dhcp6_subnet', objectId: 2, modificationType: 'delete', modificationTime: expect.any(String), logMessage: 'subnet6-del: IPv6 subnet 2001:db8:2::/64 (id 2)' },
      ]);
      expect(await seen(b)).toHaveLength(2);
    } finally {
      for (const t of started) {
        await t.stop();
        await rm(t.dir, { recursive: true, force: true });
      }
      await database.drop();
    }
  }, 60_000);
});
