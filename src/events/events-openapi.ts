// The lease event stream in the OpenAPI document: GET /events (a WebSocket upgrade; OpenAPI
// cannot describe the messages of a WebSocket, so the 101 answer names their schemas) and
// the schemas of the event, control and subscription messages. commands/openapi.ts builds
// the command part; withLeaseEvents() adds this part to it.

import { LEASE_EVENT_TYPES } from './event-filter.js';
import { CLOSE_CODE } from './stream-messages.js';

type Schema = Record<string, unknown>;

export const LEASE_EVENTS_PATH = '/events';

const ref = (name: string) => ({ $ref: `#/components/schemas/${name}` });
const listOf = (items: Schema) => ({ oneOf: [items, { type: 'array', items }] });

/** Kea 2.2's lease6-get object, as the stream carries it. */
const LEASE_SCHEMA: Schema = {
  type: 'object',
  description: "The lease in Kea's lease6-get shape (for deleted, released, wiped: as it was before the change).",
  required: ['cltt', 'duid', 'fqdn-fwd', 'fqdn-rev', 'hostname', 'iaid', 'ip-address', 'preferred-lft', 'state', 'subnet-id', 'type', 'valid-lft'],
  properties: {
    cltt: { type: 'integer', description: 'client last transmission time, unix seconds' },
    duid: { type: 'string', examples: ['00:03:00:01:0a:0b:0c:0d:0e:0f'] },
    'fqdn-fwd': { type: 'boolean' },
    'fqdn-rev': { type: 'boolean' },
    hostname: { type: 'string' },
    'hw-address': { type: 'string' },
    iaid: { type: 'integer' },
    'ip-address': { type: 'string', description: 'the address, or for IA_PD the first address of the prefix' },
    'preferred-lft': { type: 'integer' },
    'prefix-len': { type: 'integer', description: 'IA_PD only' },
    state: { type: 'integer', enum: [0, 1, 2], description: '0 default, 1 declined, 2 expired-reclaimed' },
    'subnet-id': { type: 'integer' },
    type: { enum: ['IA_NA', 'IA_TA', 'IA_PD'] },
    'user-context': { type: 'object' },
    'valid-lft': { type: 'integer' },
  },
};

const EVENT_SCHEMA: Schema = {
  type: 'object',
  description: 'One committed lease change, sent as a JSON text message.',
  required: ['seq', 'type', 'at', 'agent', 'lease'],
  properties: {
    seq: { type: 'integer', minimum: 1, description: 'commit order across every agent sharing the database; resume with since=seq' },
    type: { enum: [...LEASE_EVENT_TYPES] },
    at: { type: 'string', format: 'date-time' },
    agent: { type: 'string', description: 'the agent that made the change' },
    lease: ref('lease-event-lease'),
  },
  additionalProperties: false,
};

const CONTROL_SCHEMA: Schema = {
  description: 'Messages that are not events. seq: every matching event up to it was sent (the error message: where to resume, or null).',
  oneOf: [
    {
      type: 'object',
      required: ['type', 'seq'],
      properties: { type: { const: 'live' }, seq: { type: 'integer' } },
      description: 'once, when the replay (if any) is done and events come live',
      additionalProperties: false,
    },
    {
      type: 'object',
      required: ['type', 'seq'],
      properties: { type: { const: 'heartbeat' }, seq: { type: 'integer' } },
      description: 'at the heartbeat interval',
      additionalProperties: false,
    },
    {
      type: 'object',
      required: ['type', 'code', 'text', 'seq'],
      properties: {
        type: { const: 'error' },
        code: { type: 'integer', description: 'the close code that follows' },
        text: { type: 'string' },
        seq: { type: ['integer', 'null'] },
      },
      description: 'just before the stream closes with an error code',
      additionalProperties: false,
    },
  ],
};

const SUBSCRIPTION_SCHEMA: Schema = {
  type: 'object',
  description: 'The first message of a connection opened with ?subscription=message: the same keys as the query.',
  properties: {
    since: { type: 'integer', minimum: 0 },
    type: listOf({ enum: [...LEASE_EVENT_TYPES] }),
    'subnet-id': listOf({ type: 'integer', minimum: 0, maximum: 4294967295 }),
    duid: listOf({ type: 'string' }),
    range: listOf({ type: 'string', description: '"2001:db8::/64", "2001:db8::10-2001:db8::1f" or one address' }),
  },
  additionalProperties: false,
};

const CLOSE_CODES: Record<string, string> = {
  [CLOSE_CODE.GOING_AWAY]: 'the agent is stopping; the reason ends with "resume with since=N"',
  [CLOSE_CODE.INTERNAL_ERROR]: 'the events could not be read from the database; the reason ends with "resume with since=N"',
  [CLOSE_CODE.BAD_SUBSCRIPTION]: 'the first message is not a valid subscription (or none came)',
  [CLOSE_CODE.SLOW_CONSUMER]: 'more than lease-events.max-buffered messages waited for the subscriber; the reason ends with "resume with since=N"',
  [CLOSE_CODE.RESYNC_REQUIRED]: 'since is older than the kept events (or beyond the newest): resync with lease6-get-all, then subscribe without since',
};

const queryParameter = (name: string, description: string, schema: Schema) => ({ name, in: 'query', required: false, description, schema, explode: true });
const textList = { type: 'array', items: { type: 'string' } };

/** The path item of GET /events. */
export function leaseEventsPathItem(): Schema {
  const answer = { content: { 'application/json': { schema: ref('answer') } } };
  return {
    get: {
      operationId: 'lease-events',
      summary: 'The lease event stream (WebSocket)',
      description:
        'Upgrades to a WebSocket that carries every committed lease change as a JSON text message (lease-event), ' +
        'plus control messages (lease-event-control). Each filter key may repeat or hold a comma-separated list; ' +
        'values of one key are alternatives, all keys given must match. Without since the stream starts live; ' +
        'with since it first replays the stored events after that seq, then continues live with no gap and no duplicate. ' +
        'The same TLS and basic authentication as the commands apply. See docs/events.md.',
      parameters: [
        queryParameter('since', 'replay the stored events after this seq first', { type: 'integer', minimum: 0 }),
        queryParameter('type', 'event types', { type: 'array', items: { enum: [...LEASE_EVENT_TYPES] } }),
        queryParameter('subnet-id', 'subnet ids', { type: 'array', items: { type: 'integer', minimum: 0 } }),
        queryParameter('duid', "clients' DUIDs (hex, Kea's colon form or plain)", textList),
        queryParameter('range', 'address ranges: a prefix, first-last, or one address (IA_PD: the first address of the prefix)', textList),
        queryParameter('subscription', '"message": the first message carries the subscription (lease-event-subscription); no other parameter then', { const: 'message' }),
      ],
      responses: {
        '101': {
          description: 'Switching Protocols: the stream. Messages: lease-event and lease-event-control.',
          'x-websocket-messages': { oneOf: [ref('lease-event'), ref('lease-event-control')] },
          'x-websocket-close-codes': CLOSE_CODES,
        },
        '400': { description: 'A subscription parameter is invalid (the text names it)', ...answer },
        '401': { description: 'Credentials missing or wrong (basic authentication)', ...answer },
        '426': { description: 'A GET without the WebSocket upgrade', ...answer },
      },
      security: [{ basic: [] }],
    },
  };
}

/** The schemas the path item refers to (besides Kea's answer, which the command document has). */
export function leaseEventsSchemas(): Record<string, Schema> {
  return {
    'lease-event': EVENT_SCHEMA,
    'lease-event-lease': LEASE_SCHEMA,
    'lease-event-control': CONTROL_SCHEMA,
    'lease-event-subscription': SUBSCRIPTION_SCHEMA,
  };
}

/** A copy of an OpenAPI document (commands/openapi.ts's) with the lease event stream added. */
export function withLeaseEvents(doc: Record<string, unknown>): Record<string, unknown> {
  const paths = (doc.paths ?? {}) as Record<string, unknown>;
  const components = (doc.components ?? {}) as Record<string, unknown>;
  const schemas = (components.schemas ?? {}) as Record<string, unknown>;
  return {
    ...doc,
    paths: { ...paths, [LEASE_EVENTS_PATH]: leaseEventsPathItem() },
    components: { ...components, schemas: { ...schemas, ...leaseEventsSchemas() } },
  };
}
