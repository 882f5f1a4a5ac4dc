import { describe, expect, it } from 'vitest';
import { compileFilter, PreparedEvent, storeFilterOf, type EventFilter } from '../../src/events/event-filter.js';
import { retentionLimits } from '../../src/events/event-retention.js';
import { closeReason, resumeReason, resumeSeqOf } from '../../src/events/stream-messages.js';
import {
  parseRange,
  requestFromMessage,
  requestFromQuery,
  requestToQuery,
  SubscriptionRequestError,
} from '../../src/events/subscription-request.js';
import type { LeaseEvent } from '../../src/store/types.js';

const DUID_A = Buffer.from('000300010a0b0c0d0e0f', 'hex');
const DUID_B = Buffer.from('00010001aabbccdd', 'hex');

function event(overrides: Partial<LeaseEvent> = {}): PreparedEvent {
  return new PreparedEvent({
    seq: 7,
    at: new Date('2026-01-02T03:04:05.678Z'),
    agent: 'agent-a',
    event: 'allocated',
    address: '2001:db8:1::100',
    prefixLen: 128,
    subnetId: 1,
    duid: DUID_A,
    lease: { 'ip-address': '2001:db8:1::100' },
    ...overrides,
  });
}

function refusal(fn: () => unknown): { field: string; message: string } {
  try {
    fn();
  } catch (err) {
    if (err instanceof SubscriptionRequestError) return { field: err.field, message: err.message };
    throw err;
  }
  throw new Error('expected a SubscriptionRequestError');
}

describe('subscription from the URL query', () => {
  it('takes since, repeated and comma-separated values', () => {
    const r = requestFromQuery(new URLSearchParams('since=42&type=allocated,renewed&type=released&subnet-id=1&subnet-id=2,3&duid=00:03:00:01:0a:0b:0c:0d:0e:0f&range=2001:db8::/64'));
    expect(r.since).toBe(42);
    expect(r.filter.types).toEqual(['allocated', 'renewed', 'released']);
    expect(r.filter.subnetIds).toEqual([1, 2, 3]);
    expect(r.filter.duids).toEqual([DUID_A]);
    expect(r.filter.ranges?.map((x) => x.text)).toEqual(['2001:db8::/64']);
  });

  it('means every event, live from now, when empty', () => {
    expect(requestFromQuery(new URLSearchParams(''))).toEqual({ filter: {} });
  });

  it.each([
    ['since=-1', 'since', 'must be a sequence number'],
    ['since=1&since=2', 'since', 'more than once'],
    ['since=abc', 'since', 'must be a sequence number'],
    ['type=leased', 'type', '"leased" is not an event type; expected one of allocated, renewed'],
    ['subnet-id=x', 'subnet-id', 'must be an integer in 0..4294967295'],
    ['subnet-id=4294967296', 'subnet-id', 'must be an integer'],
    ['duid=zz', 'duid', 'not a valid string of hexadecimal digits'],
    ['range=2001:db8::1/64', 'range', 'host bits set'],
    ['range=2001:db8::ff-2001:db8::1', 'range', 'ends before it starts'],
    ['range=nowhere', 'range', 'is not an address, prefix or first-last range'],
    ['subnet=1', 'subnet', 'is not a subscription parameter; expected since, type, subnet-id, duid, range'],
  ])('refuses %s naming the parameter', (query, field, problem) => {
    const r = refusal(() => requestFromQuery(new URLSearchParams(query)));
    expect(r.field).toBe(field);
    expect(r.message).toContain(problem);
  });
});

describe('subscription from the first message', () => {
  it('takes the same keys, each a value or a list', () => {
    const r = requestFromMessage('{"since": 5, "type": "declined", "subnet-id": [4, 5], "duid": ["00:01:00:01:aa:bb:cc:dd"], "range": "2001:db8::10-2001:db8::1f"}');
    expect(r).toMatchObject({ since: 5, filter: { types: ['declined'], subnetIds: [4, 5], duids: [DUID_B] } });
    expect(r.filter.ranges?.[0]).toMatchObject({ first: 0x20010db8000000000000000000000010n, last: 0x20010db800000000000000000000001fn });
  });

  it.each([
    ['not json', '(message)', 'is not JSON'],
    ['[1]', '(message)', 'must be a JSON object'],
    ['{"since": "5"}', 'since', 'must be a sequence number'],
    ['{"subnet-id": ["1"]}', 'subnet-id', 'values must be integers'],
    ['{"type": [1]}', 'type', 'values must be strings'],
    ['{"types": ["allocated"]}', 'types', 'is not a subscription key'],
  ])('refuses %s naming the key', (text, field, problem) => {
    const r = refusal(() => requestFromMessage(text));
    expect(r.field).toBe(field);
    expect(r.message).toContain(problem);
  });
});

describe('ranges', () => {
  it('reads a prefix, a first-last pair and one address', () => {
    expect(parseRange('2001:db8:1::/48')).toMatchObject({ first: 0x20010db8000100000000000000000000n, last: 0x20010db80001ffffffffffffffffffffn });
    expect(parseRange('2001:DB8::0010 - 2001:db8::20').text).toBe('2001:db8::10-2001:db8::20');
    expect(parseRange('2001:db8::1')).toMatchObject({ first: 0x20010db8000000000000000000000001n, last: 0x20010db8000000000000000000000001n });
  });
});

describe('requestToQuery', () => {
  it('writes a request the query parser reads back the same', () => {
    const original = requestFromQuery(new URLSearchParams('since=9&type=wiped&subnet-id=3&duid=00:01:00:01:aa:bb:cc:dd&range=2001:db8::/64,2001:db8:1::5-2001:db8:1::9'));
    expect(requestFromQuery(requestToQuery(original))).toEqual(original);
  });
});

describe('filters', () => {
  const matches = (filter: EventFilter, e: PreparedEvent) => compileFilter(filter)(e);

  it('lets everything through when empty', () => {
    expect(matches({}, event())).toBe(true);
  });

  it('matches any value within a criterion and every criterion given', () => {
    const f: EventFilter = { types: ['allocated', 'renewed'], subnetIds: [1, 2] };
    expect(matches(f, event())).toBe(true);
    expect(matches(f, event({ event: 'renewed', subnetId: 2 }))).toBe(true);
    expect(matches(f, event({ event: 'released' }))).toBe(false);
    expect(matches(f, event({ subnetId: 3 }))).toBe(false);
  });

  it('matches DUIDs byte for byte, and never an event without one', () => {
    expect(matches({ duids: [DUID_B, DUID_A] }, event())).toBe(true);
    expect(matches({ duids: [DUID_B] }, event())).toBe(false);
    expect(matches({ duids: [DUID_A] }, event({ duid: null }))).toBe(false);
  });

  it('matches an address inside any range, bounds included', () => {
    const f: EventFilter = { ranges: [parseRange('2001:db8:1::100-2001:db8:1::1ff'), parseRange('2001:db8:9::/64')] };
    expect(matches(f, event({ address: '2001:db8:1::100' }))).toBe(true);
    expect(matches(f, event({ address: '2001:db8:1::1ff' }))).toBe(true);
    expect(matches(f, event({ address: '2001:db8:1::200' }))).toBe(false);
    expect(matches(f, event({ address: '2001:db8:9::ffff' }))).toBe(true);
  });

  it('matches a delegated prefix by its first address', () => {
    const pd = event({ address: '2001:db8:8000:100::', prefixLen: 56 });
    expect(matches({ ranges: [parseRange('2001:db8:8000::/40')] }, pd)).toBe(true);
    expect(matches({ ranges: [parseRange('2001:db8:9000::/40')] }, pd)).toBe(false);
  });

  it('hands the store what it can evaluate in SQL', () => {
    expect(storeFilterOf({})).toBeUndefined();
    expect(storeFilterOf({ types: ['expired'], subnetIds: [2], duids: [DUID_A] })).toEqual({ events: ['expired'], subnetIds: [2], duid: DUID_A });
    // several DUIDs or a real range stay in memory only
    expect(storeFilterOf({ duids: [DUID_A, DUID_B], ranges: [parseRange('2001:db8::/64')] })).toBeUndefined();
    expect(storeFilterOf({ ranges: [parseRange('2001:db8::7')] })).toEqual({ address: '2001:db8::7' });
  });
});

describe('event messages', () => {
  it('carry seq, type, at, agent and the lease, in that order', () => {
    expect(event().frame).toBe('{"seq":7,"type":"allocated","at":"2026-01-02T03:04:05.678Z","agent":"agent-a","lease":{"ip-address":"2001:db8:1::100"}}');
  });
});

describe('close reasons', () => {
  it('carry the seq to resume from, and fit in a close frame', () => {
    expect(resumeSeqOf(resumeReason('slow consumer', 1234))).toBe(1234);
    expect(resumeSeqOf('agent stopping')).toBeUndefined();
    expect(Buffer.byteLength(closeReason('é'.repeat(200)))).toBeLessThanOrEqual(123);
  });
});

describe('retention limits', () => {
  it('turn a limit off with 0', () => {
    expect(retentionLimits({ retentionAge: 3600, retentionCount: 0 })).toEqual({ maxAgeSeconds: 3600 });
    expect(retentionLimits({ retentionAge: 0, retentionCount: 10 })).toEqual({ maxCount: 10 });
    expect(retentionLimits({ retentionAge: 0, retentionCount: 0 })).toBeNull();
  });
});
