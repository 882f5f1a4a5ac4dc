// Kea's built-in commands of every server: list-commands, version-get, build-report.

import { versionInfo } from './version-info.js';
import { RESULT, type CommandDefinition, type CommandContext } from './types.js';

const NO_ARGUMENTS = { type: 'object', description: 'No arguments are needed; any given are ignored.' };

export const listCommands: CommandDefinition = {
  name: 'list-commands',
  description: 'Lists every command the agent accepts now, including those hook libraries registered.',
  schema: NO_ARGUMENTS,
  examples: [
    {
      summary: 'The built-in commands (hook libraries may add more)',
      response: {
        result: 0,
        arguments: [
        'build-report',
        'config-get',
        'config-hash-get',
        'config-reload',
        'config-set',
        'config-test',
        'config-write',
        'dhcp-disable',
        'dhcp-enable',
        'lease6-add',
        'lease6-bulk-apply',
        'lease6-del',
        'lease6-get',
        'lease6-get-all',
        'lease6-get-by-duid',
        'lease6-get-by-hostname',
        'lease6-get-page',
        'lease6-update',
        'lease6-wipe',
        'leases-reclaim',
        'list-commands',
        'reservation-add',
        'reservation-del',
        'reservation-get',
        'reservation-get-all',
        'reservation-get-by-hostname',
        'reservation-get-by-id',
        'reservation-get-page',
        'reservation-update',
        'shutdown',
        'stat-lease6-get',
        'statistic-get',
        'statistic-get-all',
        'statistic-remove',
        'statistic-remove-all',
        'statistic-reset',
        'statistic-reset-all',
        'status-get',
        'subnet6-add',
        'subnet6-del',
        'subnet6-delta-add',
        'subnet6-delta-del',
        'subnet6-get',
        'subnet6-list',
        'subnet6-update',
        'version-get',
        ],
      },
      setup: [],
    },
  ],
  async handle(_args, ctx) {
    return { result: RESULT.SUCCESS, arguments: ctx.commandNames() };
  },
};

function databaseLines(ctx: CommandContext): string[] {
  const deps = versionInfo().dependencies;
  const inUse = ctx.agent.store.driver.kind;
  return [
    `PostgreSQL backend, pg ${deps.pg ?? 'unknown'}${inUse === 'pg' ? ' (in use)' : ''}`,
    `PGlite embedded backend ${deps['@electric-sql/pglite'] ?? 'unknown'}${inUse === 'pglite' ? ' (in use)' : ''}`,
  ];
}

export const versionGet: CommandDefinition = {
  name: 'version-get',
  description: "Returns the agent's version in `text` and, in `arguments.extended`, what it runs on and the database backends (Kea's shape).",
  schema: NO_ARGUMENTS,
  examples: [
    {
      summary: 'The version',
      response: { result: 0, text: versionInfo().version, arguments: { extended: '…' } },
      setup: [],
      varies: ['extended'],
    },
  ],
  async handle(_args, ctx) {
    const info = versionInfo();
    const extended = [
      info.version,
      'npm package',
      'linked with:',
      `Node.js ${process.version}`,
      `OpenSSL ${process.versions.openssl}`,
      'database:',
      ...databaseLines(ctx),
    ].join('\n');
    return { result: RESULT.SUCCESS, text: info.version, arguments: { extended } };
  },
};

export const buildReport: CommandDefinition = {
  name: 'build-report',
  description: 'Returns, in `text`, how this agent was built: its version, the Node.js runtime and the installed dependency versions.',
  schema: NO_ARGUMENTS,
  async handle(_args, ctx) {
    const info = versionInfo();
    const lines = [
      `${info.name} ${info.version}`,
      `Node.js ${process.version} (${process.platform} ${process.arch})`,
      `OpenSSL ${process.versions.openssl}`,
      'Dependencies:',
      ...Object.entries(info.dependencies).map(([name, version]) => `  ${name} ${version}`),
      'Lease database backends:',
      ...databaseLines(ctx).map((l) => `  ${l}`),
    ];
    return { result: RESULT.SUCCESS, text: lines.join('\n') };
  },
};

export const BUILT_IN_COMMANDS = [buildReport, listCommands, versionGet];
