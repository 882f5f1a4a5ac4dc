// What a subscriber asks for — where to start (since) and which events (the filter) — read
// from the URL query of GET /events or from its first message, with errors naming the field.
// The CLI writes the same request back into a query, so both ends spell it alike.

import { canonicalIpv6, formatIpv6, prefixLast, tryParseIpv6, tryParsePrefix } from '../dhcp6/ipv6.js';
import { MAX_DUID_LENGTH } from '../dhcp6/duid.js';
import { colonHex, decodeHexText } from '../dhcp6/hex-text.js';
import type { LeaseEventType } from '../store/types.js';
import { LEASE_EVENT_TYPES, type AddressRange, type EventFilter } from './event-filter.js';

export interface SubscriptionRequest {
  /** replay the events after this seq, then continue live; absent: live from now */
  since?: number;
  filter: EventFilter;
}

/** The subscription cannot be used as given: `field` is the query parameter or message key. */
export class SubscriptionRequestError extends Error {
  constructor(readonly field: string, readonly problem: string) {
    super(`'${field}' ${problem}`);
    this.name = 'SubscriptionRequestError';
  }
}

export const SUBSCRIPTION_KEYS = ['since', 'type', 'subnet-id', 'duid', 'range'] as const;
type SubscriptionKey = (typeof SUBSCRIPTION_KEYS)[number];

const MAX_VALUES = 10_000;
const MAX_SUBNET_ID = 0xffffffff;

function parseSince(text: string): number {
  if (!/^\d{1,16}$/.test(text) || !Number.isSafeInteger(Number(text))) {
    throw new SubscriptionRequestError('since', `must be a sequence number (a non-negative integer), got "${text}"`);
  }
  return Number(text);
}

function parseType(text: string): LeaseEventType {
  if (!(LEASE_EVENT_TYPES as readonly string[]).includes(text)) {
    throw new SubscriptionRequestError('type', `"${text}" is not an event type; expected one of ${LEASE_EVENT_TYPES.join(', ')}`);
  }
  return text as LeaseEventType;
}

function parseSubnetId(text: string): number {
  const n = Number(text);
  if (!/^\d{1,10}$/.test(text) || n > MAX_SUBNET_ID) {
    throw new SubscriptionRequestError('subnet-id', `must be an integer in 0..${MAX_SUBNET_ID}, got "${text}"`);
  }
  return n;
}

function parseDuid(text: string): Buffer {
  const bytes = decodeHexText(text.trim());
  if (typeof bytes === 'string') throw new SubscriptionRequestError('duid', bytes);
  if (bytes.length === 0 || bytes.length > MAX_DUID_LENGTH) {
    throw new SubscriptionRequestError('duid', `must be 1..${MAX_DUID_LENGTH} bytes of hex, got ${bytes.length} bytes`);
  }
  return bytes;
}

/** "2001:db8::/48" (a prefix), "2001:db8::10-2001:db8::1f" (first-last, as Kea writes pools) or one address. */
export function parseRange(text: string): AddressRange {
  const t = text.trim();
  const fail = (problem: string): never => {
    throw new SubscriptionRequestError('range', `"${text}" ${problem}`);
  };
  if (t.includes('/')) {
    const p = tryParsePrefix(t);
    if (typeof p === 'string') return fail(`is not a prefix: ${p}`);
    return { first: p.network, last: prefixLast(p), text: `${formatIpv6(p.network)}/${p.length}` };
  }
  const dash = t.indexOf('-');
  if (dash >= 0) {
    const first = tryParseIpv6(t.slice(0, dash).trim());
    const last = tryParseIpv6(t.slice(dash + 1).trim());
    if (typeof first === 'string') return fail(`does not start with an IPv6 address: ${first}`);
    if (typeof last === 'string') return fail(`does not end with an IPv6 address: ${last}`);
    if (first > last) return fail('ends before it starts');
    return { first, last, text: `${formatIpv6(first)}-${formatIpv6(last)}` };
  }
  const one = tryParseIpv6(t);
  if (typeof one === 'string') return fail(`is not an address, prefix or first-last range: ${one}`);
  return { first: one, last: one, text: canonicalIpv6(t) };
}

function addValues<T>(filter: EventFilter, key: SubscriptionKey, values: T[]): void {
  if (values.length > MAX_VALUES) throw new SubscriptionRequestError(key, `has more than ${MAX_VALUES} values`);
  switch (key) {
    case 'type':
      filter.types = [...new Set(values as LeaseEventType[])];
      break;
    case 'subnet-id':
      filter.subnetIds = [...new Set(values as number[])];
      break;
    case 'duid':
      filter.duids = values as Buffer[];
      break;
    case 'range':
      filter.ranges = values as AddressRange[];
      break;
  }
}

const PARSERS = { type: parseType, 'subnet-id': parseSubnetId, duid: parseDuid, range: parseRange } as const;

/**
 * From the query of GET /events: each filter key may repeat and/or hold a comma-separated
 * list (`type=allocated,renewed&subnet-id=1&subnet-id=2`).
 */
export function requestFromQuery(params: URLSearchParams): SubscriptionRequest {
  const request: SubscriptionRequest = { filter: {} };
  for (const key of new Set(params.keys())) {
    if (!(SUBSCRIPTION_KEYS as readonly string[]).includes(key)) {
      throw new SubscriptionRequestError(key, `is not a subscription parameter; expected ${SUBSCRIPTION_KEYS.join(', ')}`);
    }
    const all = params.getAll(key);
    if (key === 'since') {
      if (all.length > 1) throw new SubscriptionRequestError('since', 'is given more than once');
      request.since = parseSince(all[0]);
      continue;
    }
    const texts = all.flatMap((v) => v.split(',')).map((v) => v.trim()).filter((v) => v !== '');
    const parse = PARSERS[key as keyof typeof PARSERS] as (t: string) => unknown;
    addValues(request.filter, key as SubscriptionKey, texts.map(parse));
  }
  return request;
}

/** JSON values as the query's text: subnet ids must be JSON integers, the rest strings. */
function textOf(key: string, v: unknown): string {
  if (key === 'subnet-id' ? typeof v === 'number' : typeof v === 'string') return String(v);
  throw new SubscriptionRequestError(key, `values must be ${key === 'subnet-id' ? 'integers' : 'strings'}, got ${JSON.stringify(v)}`);
}

/**
 * From the first message of a connection opened with ?subscription=message: a JSON object with the
 * same keys, each a value or a list (`{"since": 42, "type": ["allocated"], "subnet-id": [1]}`).
 */
export function requestFromMessage(text: string): SubscriptionRequest {
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (err) {
    throw new SubscriptionRequestError('(message)', `is not JSON: ${(err as Error).message}`);
  }
  if (typeof json !== 'object' || json === null || Array.isArray(json)) {
    throw new SubscriptionRequestError('(message)', `must be a JSON object with ${SUBSCRIPTION_KEYS.join(', ')}`);
  }
  const request: SubscriptionRequest = { filter: {} };
  for (const [key, value] of Object.entries(json)) {
    if (!(SUBSCRIPTION_KEYS as readonly string[]).includes(key)) {
      throw new SubscriptionRequestError(key, `is not a subscription key; expected ${SUBSCRIPTION_KEYS.join(', ')}`);
    }
    if (key === 'since') {
      if (typeof value !== 'number' || !Number.isSafeInteger(value) || value < 0) {
        throw new SubscriptionRequestError('since', `must be a sequence number (a non-negative integer), got ${JSON.stringify(value)}`);
      }
      request.since = value;
      continue;
    }
    const list = Array.isArray(value) ? value : [value];
    const parse = PARSERS[key as keyof typeof PARSERS] as (t: string) => unknown;
    addValues(request.filter, key as SubscriptionKey, list.map((v) => parse(textOf(key, v))));
  }
  return request;
}

/** The request as a URL query (what the CLI sends, and what it resumes with after moving `since`). */
export function requestToQuery(request: SubscriptionRequest): URLSearchParams {
  const q = new URLSearchParams();
  const f = request.filter;
  if (request.since !== undefined) q.set('since', String(request.since));
  if (f.types?.length) q.set('type', f.types.join(','));
  if (f.subnetIds?.length) q.set('subnet-id', f.subnetIds.join(','));
  if (f.duids?.length) q.set('duid', f.duids.map((d) => colonHex(d)).join(','));
  if (f.ranges?.length) q.set('range', f.ranges.map((r) => r.text).join(','));
  return q;
}
