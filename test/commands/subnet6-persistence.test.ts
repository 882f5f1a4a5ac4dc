// Subnet changes live in the running configuration only, as in Kea: config-write keeps them
// across a restart, what was changed after it is lost. On both drivers.

import { rm } from 'node:fs/promises';
import { describe, expect, it } from 'vitest';
import { EXAMPLE_CONFIG } from '../../src/commands/example-config.js';
import { AGENT_DRIVERS, startTestAgent, type RunningTestAgent } from '../helpers/agent.js';
import { createTestDatabase } from '../helpers/stores.js';

const subnet = (id: number) => ({ subnet6: [{ id, subnet: `2001:db8:${id}::/64`, pools: [{ pool: `2001:db8:${id}::/80` }] }] });

describe('subnet changes across a restart', () => {
  for (const driver of AGENT_DRIVERS) {
    it.skipIf(driver === 'pg' && process.env.DHCP6_AGENT_SKIP_PG === '1')(
      `are kept once config-write wrote them, and lost otherwise [${driver}]`,
      async () => {
        const database = driver === 'pg' ? await createTestDatabase() : null;
        const started: RunningTestAgent[] = [];
        try {
          const first = await startTestAgent({ driver, dhcp6: EXAMPLE_CONFIG.Dhcp6, databaseUrl: database?.url });
          started.push(first);
          expect((await first.send('unix', { command: 'subnet6-add', arguments: subnet(5) })).result).toBe(0);
          expect((await first.send('http', { command: 'subnet6-del', arguments: { id: 2 } })).result).toBe(0);
          expect((await first.send('http', { command: 'config-write' })).result).toBe(0);
          const written = structuredClone(first.agent.config().raw);
          expect((await first.send('unix', { command: 'subnet6-add', arguments: subnet(7) })).result).toBe(0);
          await first.stop();

          const second = await startTestAgent({ driver, databaseUrl: database?.url, dir: first.dir, configFile: first.configFile });
          started.push(second);
          expect((await second.send('unix', { command: 'subnet6-list' })).arguments).toEqual({
            subnets: [
              { id: 1, subnet: '2001:db8:1::/64' },
              { id: 5, subnet: '2001:db8:5::/64' },
            ],
          });
          expect(await second.send('http', { command: 'subnet6-get', arguments: { id: 7 } })).toEqual({ result: 3, text: 'No IPv6 subnet with id 7 found' });
          expect(second.agent.config().raw).toEqual(written);
          expect(second.agent.engine.config.subnets.map((s) => s.id)).toEqual([1, 5]);
        } finally {
          for (const t of started) await t.stop();
          if (started[0]) await rm(started[0].dir, { recursive: true, force: true });
          await database?.drop();
        }
      },
      90_000,
    );
  }
});
