import Ajv2020 from 'ajv/dist/2020.js';
import { describe, expect, it } from 'vitest';
import { openApiDocument } from '../../src/commands/openapi.js';
import { PreparedEvent } from '../../src/events/event-filter.js';
import { leaseEventsPathItem, withLeaseEvents } from '../../src/events/events-openapi.js';
import { errorMessage, heartbeatMessage, liveMessage } from '../../src/events/stream-messages.js';
import { SUBSCRIPTION_KEYS } from '../../src/events/subscription-request.js';
import { lease6ToJson } from '../../src/store/lease6-json.js';
import type { LeaseEventType } from '../../src/store/types.js';
import { testLease } from '../helpers/stores.js';

const doc = withLeaseEvents(openApiDocument([]));

function validator(schemaName: string): (value: unknown) => boolean {
  const ajv = new Ajv2020.default({ strict: false, allErrors: true });
  ajv.addFormat('date-time', (s: string) => !Number.isNaN(Date.parse(s)));
  ajv.addSchema({ $id: 'doc', components: (doc as { components: unknown }).components });
  const validate = ajv.getSchema(`doc#/components/schemas/${schemaName}`)!;
  return (value) => {
    const ok = validate(value) as boolean;
    if (!ok) console.error(JSON.stringify(validate.errors));
    return ok;
  };
}

function frame(event: LeaseEventType, lease = testLease()): unknown {
  const e = new PreparedEvent({
    seq: 12,
    at: new Date(),
    agent: 'agent-a',
    event,
    address: lease.address,
    prefixLen: lease.prefixLen,
    subnetId: lease.subnetId,
    duid: lease.duid,
    lease: lease6ToJson(lease),
  });
  return JSON.parse(e.frame);
}

describe('the lease event stream in the OpenAPI document', () => {
  it('adds GET /events next to the command endpoint', () => {
    const paths = doc.paths as Record<string, unknown>;
    expect(Object.keys(paths)).toEqual(expect.arrayContaining(['/', '/openapi.json', '/events']));
    const params = (leaseEventsPathItem().get as { parameters: { name: string }[] }).parameters.map((p) => p.name);
    expect(params).toEqual([...SUBSCRIPTION_KEYS, 'subscription']);
  });

  it('refers only to schemas the document has', () => {
    const refs = JSON.stringify(doc).match(/"\$ref":"[^"]+"/g) ?? [];
    const schemas = (doc.components as { schemas: Record<string, unknown> }).schemas;
    for (const r of refs) {
      const name = r.slice('"$ref":"#/components/schemas/'.length, -1);
      expect(schemas[name], r).toBeDefined();
    }
  });

  it('describes the event messages the hub sends', () => {
    const isEvent = validator('lease-event');
    expect(isEvent(frame('allocated', testLease({ hwaddr: Buffer.from('0a0b0c0d0e0f', 'hex'), hwtype: 1, hwaddrSource: 1, userContext: { a: 1 } })))).toBe(true);
    expect(isEvent(frame('wiped', testLease({ type: 'IA_PD', address: '2001:db8:8000::', prefixLen: 48 })))).toBe(true);
    expect(isEvent({ ...(frame('renewed') as object), type: 'leased' })).toBe(false);
  });

  it('describes the control messages and the subscription message', () => {
    const isControl = validator('lease-event-control');
    for (const m of [liveMessage(3), heartbeatMessage(9), errorMessage(4008, 'slow', 9), errorMessage(4010, 'resync', null)]) {
      expect(isControl(JSON.parse(m))).toBe(true);
    }
    const isSubscription = validator('lease-event-subscription');
    expect(isSubscription({ since: 4, type: ['allocated'], 'subnet-id': 1, range: '2001:db8::/64' })).toBe(true);
    expect(isSubscription({ types: ['allocated'] })).toBe(false);
  });
});
