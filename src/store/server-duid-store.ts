// The server DUID (RFC 8415 §11) must stay the same across restarts; each agent keeps its own
// under server_state key "server-duid:<agentId>", as colon-separated hex like Kea prints DUIDs.

import { colonHex } from './lease6-json.js';
import type { StateStore } from './types.js';

export function serverDuidKey(agentId: string): string {
  return `server-duid:${agentId}`;
}

function parseStoredDuid(value: unknown, key: string): Buffer {
  if (typeof value !== 'string' || !/^[0-9a-f]{2}(:[0-9a-f]{2})*$/i.test(value)) {
    throw new Error(`server_state ${key}: expected a DUID as colon-separated hex, found ${JSON.stringify(value)}`);
  }
  return Buffer.from(value.replaceAll(':', ''), 'hex');
}

export async function loadServerDuid(state: StateStore, agentId: string): Promise<Buffer | null> {
  const key = serverDuidKey(agentId);
  const value = await state.get(key);
  return value === null ? null : parseStoredDuid(value, key);
}

export async function saveServerDuid(state: StateStore, agentId: string, duid: Buffer): Promise<void> {
  await state.set(serverDuidKey(agentId), colonHex(duid));
}

/** The stored DUID, or `generate()`'s stored on first use (the first of racing starts wins). */
export async function loadOrCreateServerDuid(state: StateStore, agentId: string, generate: () => Buffer): Promise<Buffer> {
  const key = serverDuidKey(agentId);
  const existing = await state.get(key);
  if (existing !== null) return parseStoredDuid(existing, key);
  return parseStoredDuid(await state.setIfAbsent(key, colonHex(generate())), key);
}
