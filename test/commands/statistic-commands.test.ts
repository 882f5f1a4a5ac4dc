// statistic-get/-get-all/-reset/-reset-all/-remove/-remove-all on a running agent, over
// both control sockets, on both drivers: Kea's names, samples [[value, "time"]] newest first,
// values the engine counted for a real packet.

import { describe, expect, it } from 'vitest';
import { EXAMPLE_CONFIG } from '../../src/commands/example-config.js';
import { MSG } from '../../src/dhcp6/constants.js';
import { clientDuid, clientOptions, DIRECT, message, send as sendPacket } from '../engine/harness.js';
import { forEachAgentDriver, type RunningTestAgent } from '../helpers/agent.js';
import { TRANSPORTS } from './transports.js';

const SAMPLE_TIME = /^\d{4}-\d\d-\d\d \d\d:\d\d:\d\d\.\d{6}$/;
/** A client whose global source address selects subnet 1. */
const FROM_SUBNET_1 = { ...DIRECT, remoteAddress: '2001:db8:1::77' };

type Samples = [number, string][];

async function solicit(t: RunningTestAgent, n: number): Promise<void> {
  const answer = await sendPacket(t.agent.engine, message(MSG.SOLICIT, clientOptions({ duid: clientDuid(n), na: [{ iaid: 1 }] })), FROM_SUBNET_1);
  expect(answer?.reply.msgType).toBe(MSG.ADVERTISE);
}

forEachAgentDriver('statistic commands', EXAMPLE_CONFIG.Dhcp6, (get) => {
  for (const via of TRANSPORTS) {
    describe(`over ${via}`, () => {
      const send = (command: string, args?: unknown) => get().send(via, args === undefined ? { command } : { command, arguments: args });
      const samples = async (name: string) => ((await send('statistic-get', { name })).arguments as Record<string, Samples>)[name];

      it('statistic-get answers the samples of what the engine counted, newest first', async () => {
        await solicit(get(), 1);
        await solicit(get(), 2);
        const answer = await send('statistic-get', { name: 'pkt6-received' });
        expect(answer.result).toBe(0);
        expect(answer.text).toBeUndefined();
        const received = (answer.arguments as Record<string, Samples>)['pkt6-received'];
        expect(Object.keys(answer.arguments as object)).toEqual(['pkt6-received']);
        expect(received.map(([v]) => v)).toEqual([2, 1, 0]);
        for (const [, at] of received) expect(at).toMatch(SAMPLE_TIME);
        expect((await samples('pkt6-solicit-received'))[0][0]).toBe(2);
        expect((await samples('pkt6-advertise-sent'))[0][0]).toBe(2);
        expect((await samples('subnet[1].total-nas'))[0][0]).toBe(61440);
      });

      it('statistic-get answers an empty map for an unknown name, as Kea', async () => {
        expect(await send('statistic-get', { name: 'pkt6-bogus' })).toEqual({ result: 0, arguments: {} });
      });

      it('statistic-get, -reset and -remove refuse a missing or malformed name', async () => {
        for (const command of ['statistic-get', 'statistic-reset', 'statistic-remove']) {
          expect(await send(command)).toEqual({ result: 1, text: 'no parameters specified for the command' });
          expect(await send(command, {})).toEqual({ result: 1, text: "missing parameter 'name'" });
          expect(await send(command, { name: 5 })).toEqual({ result: 1, text: "invalid type specified for parameter 'name'" });
          expect(await send(command, { name: '' })).toEqual({ result: 1, text: "parameter 'name' must not be empty" });
        }
      });

      it("statistic-get-all answers every statistic under Kea's names", async () => {
        await solicit(get(), 3);
        const answer = await send('statistic-get-all');
        expect(answer.result).toBe(0);
        const all = answer.arguments as Record<string, Samples>;
        for (const name of ['pkt6-received', 'pkt6-solicit-received', 'pkt6-advertise-sent', 'cumulative-assigned-nas', 'declined-addresses', 'subnet[1].total-nas', 'subnet[1].assigned-nas', 'subnet[2].total-pds']) {
          expect(all[name], name).toBeDefined();
        }
        expect(all['pkt6-received'][0][0]).toBe(1);
        expect(Object.keys(all)).toEqual(Object.keys(all).sort());
        expect(all).toEqual(get().agent.statistics.getAll());
      });

      it('statistic-reset sets one statistic back to a single 0 sample; an unknown one is an error', async () => {
        await solicit(get(), 4);
        expect(await send('statistic-reset', { name: 'pkt6-received' })).toEqual({ result: 0, text: "Statistic 'pkt6-received' reset." });
        const after = await samples('pkt6-received');
        expect(after).toHaveLength(1);
        expect(after[0][0]).toBe(0);
        expect((await samples('pkt6-solicit-received'))[0][0]).toBe(1);
        expect(await send('statistic-reset', { name: 'pkt6-bogus' })).toEqual({ result: 1, text: "No 'pkt6-bogus' statistic found" });
      });

      it('statistic-reset-all sets every statistic back to 0', async () => {
        await solicit(get(), 5);
        expect(await send('statistic-reset-all')).toEqual({ result: 0, text: 'All statistics reset to neutral values.' });
        const all = (await send('statistic-get-all')).arguments as Record<string, Samples>;
        expect(all['pkt6-received']).toEqual([[0, expect.stringMatching(SAMPLE_TIME)]]);
        expect(all['subnet[1].total-nas'][0][0]).toBe(0);
      });

      it('statistic-remove removes one statistic; an unknown one is an error', async () => {
        expect(await send('statistic-remove', { name: 'pkt6-received' })).toEqual({ result: 0, text: "Statistic 'pkt6-received' removed." });
        expect(await send('statistic-get', { name: 'pkt6-received' })).toEqual({ result: 0, arguments: {} });
        expect((await send('statistic-get-all')).arguments).not.toHaveProperty('pkt6-received');
        expect(await send('statistic-remove', { name: 'pkt6-received' })).toEqual({ result: 1, text: "No 'pkt6-received' statistic found" });
        // The engine creates it again when it next counts it.
        await solicit(get(), 6);
        expect((await samples('pkt6-received')).map(([v]) => v)).toEqual([1]);
      });

      it('statistic-remove-all removes every statistic', async () => {
        expect(await send('statistic-remove-all')).toEqual({ result: 0, text: 'All statistics removed.' });
        const all = (await send('statistic-get-all')).arguments as Record<string, Samples>;
        expect(all).not.toHaveProperty('pkt6-received');
        expect(all).not.toHaveProperty('cumulative-assigned-nas');
      });
    });
  }
});
