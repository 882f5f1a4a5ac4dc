// The OpenAPI document of the HTTP control socket, generated from the command registry (and
// the commands hook libraries registered, when served live): one POST endpoint taking
// {"command", "arguments"}, with each command's argument schema and examples.
// `npm run openapi` writes it to openapi/openapi.json; a test checks that file is current.

import { versionInfo } from './version-info.js';
import type { AnyCommandDefinition, CommandExample, ExtraCommand, JsonSchema } from './types.js';

const ANSWER_SCHEMA: JsonSchema = {
  type: 'object',
  required: ['result'],
  properties: {
    result: {
      type: 'integer',
      description: '0 success, 1 error, 2 command not supported, 3 empty (nothing found), 4 conflict (a retry may succeed)',
      enum: [0, 1, 2, 3, 4],
    },
    text: { type: 'string' },
    arguments: {},
  },
};

const SERVICE_SCHEMA: JsonSchema = {
  type: 'array',
  items: { type: 'string' },
  description: 'kea-ctrl-agent style: ["dhcp6"]. When present, the answer is a list with one answer per service.',
};

/** Where the answers differ from Kea 2.2's, on purpose. */
const DIFFERENCES_FROM_KEA = [
  "Argument errors name the parameter and the reason (\"invalid value specified for parameter 'ip-address': …\") where Kea 2.2 printed parser internals; Kea's own texts are kept where it has clear ones, without its parser position markers.",
  "lease6-add/-update: preferred-lft defaults to the subnet's preferred-lifetime (Kea 2.2 used valid-lifetime); preferred-lft above valid-lft is refused (RFC 8415 §21.4).",
  'lease6-add/-update: an IA_PD prefix must lie in the subnet or one of its pd-pools and have no bits set after its length; prefix-len other than 128 is refused for IA_NA/IA_TA.',
  "lease6-del: 'update-ddns': true is refused: the agent sends no DNS updates.",
  'lease6-update: when another change wins the race to create the lease (force-create), the answer is result 4 (conflict), as in lease6-bulk-apply.',
  'reservation-*: reservations live in the database (reservation-add) and in the configuration file; those of the file are read by every query and can only be changed in the file.',
  'stat-lease6-get: counts above 2^53-1 (JSON numbers) are reported as 2^53-1.',
  'The unix socket answers several commands sent back to back on one connection, each answer followed by a newline; it closes once everything sent was answered.',
];

const DESCRIPTION = [
  "Kea's JSON command channel over HTTP: POST a command, get Kea's answer. The same commands are served on the unix control socket.",
  '',
  'Differences from Kea 2.2:',
  ...DIFFERENCES_FROM_KEA.map((d) => `- ${d}`),
].join('\n');

function requestSchema(name: string, args: JsonSchema | undefined, argumentsRequired: boolean): JsonSchema {
  return {
    type: 'object',
    required: argumentsRequired ? ['command', 'arguments'] : ['command'],
    properties: { command: { const: name }, arguments: args ?? {}, service: SERVICE_SCHEMA },
  };
}

function exampleKey(name: string, i: number, e: CommandExample): string {
  return `${name}#${i + 1} ${e.summary}`;
}

/** The document for these commands; `extras` are library-registered ones (served live, not committed). */
export function openApiDocument(defs: readonly AnyCommandDefinition[], extras: readonly ExtraCommand[] = []): Record<string, unknown> {
  const schemas: Record<string, JsonSchema> = { answer: ANSWER_SCHEMA };
  const requestExamples: Record<string, unknown> = {};
  const answerExamples: Record<string, unknown> = {};
  const mapping: Record<string, string> = {};
  const add = (name: string, schema: JsonSchema) => {
    schemas[name] = schema;
    mapping[name] = `#/components/schemas/${name}`;
  };

  for (const def of [...defs].sort((a, b) => a.name.localeCompare(b.name))) {
    add(def.name, { description: def.description, ...requestSchema(def.name, def.schema, def.argumentsRequired === true) });
    (def.examples ?? []).forEach((e, i) => {
      const key = exampleKey(def.name, i, e);
      requestExamples[key] = { summary: `${def.name}: ${e.summary}`, value: e.arguments === undefined ? { command: def.name } : { command: def.name, arguments: e.arguments } };
      answerExamples[key] = { summary: `${def.name}: ${e.summary}`, value: e.response };
    });
  }
  for (const extra of [...extras].sort((a, b) => a.name.localeCompare(b.name))) {
    if (mapping[extra.name]) continue;
    add(extra.name, {
      description: `Registered by the hook library ${extra.library ?? '(unknown)'}.`,
      ...requestSchema(extra.name, extra.schema, false),
    });
  }

  const info = versionInfo();
  return {
    openapi: '3.1.0',
    info: {
      title: 'dhcp6-agent control API',
      version: info.version,
      description: DESCRIPTION,
    },
    paths: {
      '/': {
        post: {
          operationId: 'command',
          summary: 'Run a command',
          requestBody: {
            required: true,
            content: {
              'application/json': {
                schema: { oneOf: Object.values(mapping).map(($ref) => ({ $ref })), discriminator: { propertyName: 'command', mapping } },
                examples: requestExamples,
              },
            },
          },
          responses: {
            '200': {
              description: 'The answer (a list of answers when the request named a "service")',
              content: {
                'application/json': {
                  schema: { oneOf: [{ $ref: '#/components/schemas/answer' }, { type: 'array', items: { $ref: '#/components/schemas/answer' } }] },
                  examples: answerExamples,
                },
              },
            },
            '400': { description: 'The body is not JSON, or not sent as application/json', content: { 'application/json': { schema: { $ref: '#/components/schemas/answer' } } } },
            '401': { description: 'Credentials missing or wrong (basic authentication)', content: { 'application/json': { schema: { $ref: '#/components/schemas/answer' } } } },
          },
        },
      },
      '/openapi.json': {
        get: { operationId: 'openapi', summary: 'This document, including the commands hook libraries registered', responses: { '200': { description: 'OpenAPI 3.1 document' } } },
      },
    },
    components: {
      schemas,
      securitySchemes: { basic: { type: 'http', scheme: 'basic' } },
    },
  };
}
