// status-get, dhcp-disable/-enable, leases-reclaim and shutdown on a running agent, over
// both control sockets, on both drivers.

import { existsSync } from 'node:fs';
import { rm } from 'node:fs/promises';
import { describe, expect, it } from 'vitest';
import { ADD_NA, EXAMPLE_CONFIG } from '../../src/commands/example-config.js';
import { MSG } from '../../src/dhcp6/constants.js';
import { clientDuid, clientOptions, DIRECT, message, send as sendPacket } from '../engine/harness.js';
import { AGENT_DRIVERS, forEachAgentDriver, startTestAgent, waitFor, type RunningTestAgent } from '../helpers/agent.js';
import { createTestDatabase } from '../helpers/stores.js';
import { TRANSPORTS } from './transports.js';

const FROM_SUBNET_1 = { ...DIRECT, remoteAddress: '2001:db8:1::77' };
/** Periodic reclamation off (Kea: 0), so that only leases-reclaim reclaims the expired lease. */
const DHCP6 = { ...EXAMPLE_CONFIG.Dhcp6, 'expired-leases-processing': { 'reclaim-timer-wait-time': 0 } };
const EXPIRED = { ...ADD_NA, expire: 1700000000 };
let client = 0;

/** Whether the engine answers a SOLICIT now. */
async function answers(t: RunningTestAgent): Promise<boolean> {
  const answer = await sendPacket(t.agent.engine, message(MSG.SOLICIT, clientOptions({ duid: clientDuid(++client), na: [{ iaid: 1 }] })), FROM_SUBNET_1);
  return answer !== null;
}

forEachAgentDriver('lifecycle commands', DHCP6, (get, { driver }) => {
  for (const via of TRANSPORTS) {
    describe(`over ${via}`, () => {
      const send = (command: string, args?: unknown) => get().send(via, args === undefined ? { command } : { command, arguments: args });
      const dhcpState = async () => ((await send('status-get')).arguments as { 'dhcp-state': Record<string, unknown> })['dhcp-state'];

      it("status-get answers Kea's status and the agent's: interfaces, database, DHCP state", async () => {
        const answer = await send('status-get');
        expect(answer.result).toBe(0);
        const a = answer.arguments as Record<string, unknown>;
        expect(a).toMatchObject({
          pid: process.pid,
          'multi-threading-enabled': false,
          sockets: { status: 'ready' },
          interfaces: [],
          'lease-database': { type: driver === 'pg' ? 'postgresql' : 'embedded', reachable: true },
          'dhcp-state': {
            'globally-disabled': false,
            'disabled-by-user': false,
            'disabled-by-remote-command': [],
            'disabled-by-local-command': [],
            'disabled-by-db-connection': false,
          },
        });
        expect(Number.isInteger(a.uptime) && (a.uptime as number) >= 0).toBe(true);
        expect(Number.isInteger(a.reload) && (a.reload as number) <= (a.uptime as number)).toBe(true);
      });

      it('dhcp-disable stops the engine answering until dhcp-enable; status-get shows who disabled it', async () => {
        const t = get();
        expect(await answers(t)).toBe(true);
        expect(await send('dhcp-disable')).toEqual({ result: 0, text: 'DHCPv6 service disabled' });
        expect(await answers(t)).toBe(false);
        expect(await dhcpState()).toMatchObject({ 'globally-disabled': true, 'disabled-by-user': true });
        expect(await send('dhcp-enable')).toEqual({ result: 0, text: 'DHCP service successfully enabled' });
        expect(await answers(t)).toBe(true);
        expect(await dhcpState()).toMatchObject({ 'globally-disabled': false, 'disabled-by-user': false });
      });

      it('dhcp-disable with max-period resumes the service by itself', async () => {
        const t = get();
        expect(await send('dhcp-disable', { 'max-period': 1 })).toEqual({ result: 0, text: 'DHCPv6 service disabled for 1 seconds' });
        expect(await answers(t)).toBe(false);
        await waitFor(() => t.agent.service.isEnabled(), 'the service to resume after max-period');
        expect(await answers(t)).toBe(true);
      });

      it('the service runs again only once every origin that disabled it enabled it', async () => {
        const t = get();
        expect((await send('dhcp-disable', { origin: 'user' })).result).toBe(0);
        expect((await send('dhcp-disable', { origin: 'ha-partner' })).result).toBe(0);
        expect(await dhcpState()).toMatchObject({ 'disabled-by-user': true, 'disabled-by-remote-command': ['ha-partner'] });
        expect((await send('dhcp-enable', { origin: 'user' })).result).toBe(0);
        expect(await answers(t)).toBe(false);
        expect((await send('dhcp-enable', { origin: 'ha-partner' })).result).toBe(0);
        expect(await answers(t)).toBe(true);
      });

      it('dhcp-disable and dhcp-enable refuse bad arguments, naming the parameter', async () => {
        expect(await send('dhcp-disable', { 'max-period': 0 })).toEqual({ result: 1, text: "out of range value (0) specified for parameter 'max-period'" });
        expect(await send('dhcp-disable', { 'max-period': '5' })).toEqual({ result: 1, text: "invalid type specified for parameter 'max-period'" });
        for (const command of ['dhcp-disable', 'dhcp-enable']) {
          expect(await send(command, { origin: 'nobody' })).toEqual({
            result: 1,
            text: 'invalid value "nobody" specified for parameter \'origin\': the supported values are user and ha-partner',
          });
        }
        expect(get().agent.service.isEnabled()).toBe(true);
      });

      it('leases-reclaim reclaims expired leases, keeping them as expired-reclaimed or deleting them', async () => {
        expect((await send('lease6-add', EXPIRED)).result).toBe(0);
        expect(await send('leases-reclaim', { remove: false })).toEqual({ result: 0, text: 'Reclamation of expired leases is complete.' });
        expect(await send('lease6-get', { 'ip-address': EXPIRED['ip-address'] })).toMatchObject({ result: 0, arguments: { state: 2 } });
        expect((await send('lease6-del', { 'ip-address': EXPIRED['ip-address'] })).result).toBe(0);
        expect((await send('lease6-add', EXPIRED)).result).toBe(0);
        expect(await send('leases-reclaim', { remove: true })).toEqual({ result: 0, text: 'Reclamation of expired leases is complete.' });
        expect(await send('lease6-get', { 'ip-address': EXPIRED['ip-address'] })).toEqual({ result: 3, text: 'Lease not found.' });
      });

      it("leases-reclaim refuses a missing or malformed 'remove'", async () => {
        expect(await send('leases-reclaim')).toEqual({ result: 1, text: 'no parameters specified for the command' });
        expect(await send('leases-reclaim', {})).toEqual({ result: 1, text: "missing parameter 'remove'" });
        expect(await send('leases-reclaim', { remove: 'yes' })).toEqual({ result: 1, text: "invalid type specified for parameter 'remove'" });
      });

      it("shutdown refuses a malformed 'exit-value' and keeps running", async () => {
        expect(await send('shutdown', { 'exit-value': 'three' })).toEqual({ result: 1, text: "invalid type specified for parameter 'exit-value'" });
        expect(await send('shutdown', { 'exit-value': 256 })).toEqual({ result: 1, text: "out of range value (256) specified for parameter 'exit-value'" });
        expect(get().shutdowns).toEqual([]);
        expect((await send('status-get')).result).toBe(0);
      });
    });
  }
});

describe('shutdown', () => {
  for (const driver of AGENT_DRIVERS) {
    it.skipIf(driver === 'pg' && process.env.DHCP6_AGENT_SKIP_PG === '1')(
      `answers, stops the agent and hands over exit-value, over both sockets [${driver}]`,
      async () => {
        const database = driver === 'pg' ? await createTestDatabase() : null;
        let dir: string | undefined;
        const started: RunningTestAgent[] = [];
        try {
          for (const [via, args, exitValue] of [
            [TRANSPORTS[0], { 'exit-value': 3 }, 3],
            [TRANSPORTS[1], undefined, 0],
          ] as const) {
            const t = await startTestAgent({ driver, dhcp6: EXAMPLE_CONFIG.Dhcp6, databaseUrl: database?.url, dir });
            started.push(t);
            dir = t.dir;
            const answer = await t.send(via, args === undefined ? { command: 'shutdown' } : { command: 'shutdown', arguments: args });
            expect(answer).toEqual({ result: 0, text: 'Shutting down.' });
            await waitFor(() => t.shutdowns.length > 0, 'the agent to stop');
            expect(t.shutdowns).toEqual([exitValue]);
            expect(existsSync(t.socketPath)).toBe(false);
            await expect(t.send('http', { command: 'status-get' })).rejects.toThrow();
          }
        } finally {
          for (const t of started) await t.stop();
          if (dir) await rm(dir, { recursive: true, force: true });
          await database?.drop();
        }
      },
      60_000,
    );
  }
});
