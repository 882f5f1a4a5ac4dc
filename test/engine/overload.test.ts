import { afterEach, describe, expect, it } from 'vitest';
import { encodePacket } from '../../src/dhcp6/codec.js';
import { MSG } from '../../src/dhcp6/constants.js';
import { Engine } from '../../src/engine/engine.js';
import { innerMessageType, shouldShed } from '../../src/engine/overload.js';
import { forEachDriver } from '../helpers/stores.js';
import { DIRECT, RecordingHooks, SERVER_DUID, clientDuid, clientOptions, makeConfig, message, relay, silentLogger } from './harness.js';

const solicit = (n: number) => encodePacket(message(MSG.SOLICIT, clientOptions({ duid: clientDuid(n), na: [{ iaid: 1 }] })));
const renew = (n: number) => encodePacket(message(MSG.RENEW, clientOptions({ duid: clientDuid(n), na: [{ iaid: 1 }], serverId: SERVER_DUID })));

describe('load shedding decisions', () => {
  it('reads the client message type through relay chains', () => {
    expect(innerMessageType(solicit(1))).toBe(MSG.SOLICIT);
    const relayed = encodePacket(relay(message(MSG.REQUEST, clientOptions({ duid: clientDuid(1) })), [{ linkAddress: '2001:db8::1' }, { linkAddress: '2001:db8::2' }]));
    expect(innerMessageType(relayed)).toBe(MSG.REQUEST);
    expect(innerMessageType(Buffer.from([12, 0]))).toBe(-1);
  });

  it('sheds new exchanges past the limit, and everything past twice the limit', () => {
    expect(shouldShed(solicit(1), 9, 10)).toBe(false);
    expect(shouldShed(solicit(1), 10, 10)).toBe(true);
    expect(shouldShed(renew(1), 10, 10)).toBe(false);
    expect(shouldShed(renew(1), 20, 10)).toBe(true);
  });
});

forEachDriver('engine under overload', (getStore) => {
  let engine: Engine | null = null;
  afterEach(async () => {
    await engine?.stop();
    engine = null;
  });

  it('drops SOLICITs beyond its in-flight limit, counting them, and still answers exchanges under way', async () => {
    const e = (engine = new Engine({ config: makeConfig(), store: getStore(), hooks: new RecordingHooks(), serverDuid: SERVER_DUID, logger: silentLogger, agentId: 't', maxInFlight: 2 }));
    const answers = await Promise.all([solicit(1), solicit(2), solicit(3), renew(4), solicit(5)].map((p) => e.receive(p, DIRECT)));
    expect(answers.map((a) => a !== null)).toEqual([true, true, false, true, false]);
    expect(e.statistics.value('pkt6-receive-drop')).toBe(2);
  });
});
