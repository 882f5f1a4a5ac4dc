// The OpenAPI document of the whole HTTP API: the command channel (generated from the
// command registry) plus the lease-event WebSocket endpoint, served at GET /openapi.json
// and committed as openapi/openapi.json.

import { openApiDocument } from '../commands/openapi.js';
import type { AnyCommandDefinition, ExtraCommand } from '../commands/types.js';
import { withLeaseEvents } from '../events/events-openapi.js';

export function httpApiDocument(defs: readonly AnyCommandDefinition[], extras: readonly ExtraCommand[] = []): Record<string, unknown> {
  return withLeaseEvents(openApiDocument(defs, extras));
}

/** The committed file's text: built-in commands only, two-space indented. */
export function httpApiText(defs: readonly AnyCommandDefinition[]): string {
  return `${JSON.stringify(httpApiDocument(defs), null, 2)}\n`;
}
