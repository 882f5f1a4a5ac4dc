#!/usr/bin/env node
// dhcp6-agent's command line, shaped like kea-dhcp6's:
//   dhcp6-agent -c FILE        run the agent
//   dhcp6-agent -t FILE        check a configuration file and exit 0/1
//   dhcp6-agent -v | -V        print the version (short | extended)
//   dhcp6-agent ctl …          send a command to a running agent
//   dhcp6-agent events …       print the lease event stream of a running agent

import { parseArgs } from 'node:util';
import { Agent } from './agent.js';
import { runCtl } from './cli/ctl.js';
import { runEvents } from './cli/events.js';
import { loadConfigFile } from './config/parse-config.js';
import { ConfigError } from './config/types.js';
import { versionInfo } from './commands/version-info.js';
import { createLogger } from './logging.js';

const USAGE = `usage: dhcp6-agent -c FILE [-d] [-p PORT] [--hooks-dir DIR] [--log-dir DIR]
       dhcp6-agent -t FILE
       dhcp6-agent -v | -V
       dhcp6-agent ctl COMMAND [ARGS-JSON] [options]     (dhcp6-agent ctl --help)
       dhcp6-agent events [options]                      (dhcp6-agent events --help)

  -c FILE          run with the Kea-style {"Dhcp6": …} configuration FILE
  -t FILE          check FILE and exit: 0 when valid, 1 with the error
  -d               debug logging, whatever the configuration's loggers say
  -p PORT          DHCPv6 server port (default 547; for tests)
  --hooks-dir DIR  the only directory hook libraries and run-script scripts load from
                   (default: DHCP6_AGENT_HOOKS_DIR, else the install's hooks directory)
  --log-dir DIR    the only directory forensic logs are written to
                   (default: DHCP6_AGENT_LOG_DIR, else the configuration's data-directory)
  -v / -V          version / extended version
`;

function extendedVersion(): string {
  const v = versionInfo();
  const deps = Object.entries(v.dependencies).map(([name, version]) => `${name} ${version}`);
  return [v.version, `node ${process.versions.node}`, ...deps].join('\n');
}

async function checkConfig(file: string): Promise<number> {
  try {
    await loadConfigFile(file);
    return 0;
  } catch (err) {
    process.stderr.write(`${err instanceof ConfigError ? err.message : String(err)}\n`);
    return 1;
  }
}

async function run(opts: { configFile: string; debug: boolean; port?: number; hooksDir?: string; logDir?: string }): Promise<void> {
  let config;
  try {
    config = await loadConfigFile(opts.configFile);
  } catch (err) {
    process.stderr.write(`dhcp6-agent: ${err instanceof ConfigError ? err.message : String(err)}\n`);
    process.exitCode = 1;
    return;
  }
  const logger = createLogger(config, opts.debug);
  let agent: Agent;
  try {
    agent = await Agent.start({ ...opts, config, logger, onShutdown: (code) => exit(code) });
  } catch (err) {
    const text = err instanceof Error ? err.message : String(err);
    logger.fatal({ err }, `dhcp6-agent failed to start: ${text}`);
    logger.flush();
    process.stderr.write(`dhcp6-agent: ${text}\n`);
    process.exitCode = 1;
    return;
  }
  // The destination is asynchronous: exit only once the last lines (such as "stopped") are written,
  // with a bound in case the log file's disk hangs.
  const exit = (code: number) => {
    const bound = setTimeout(() => process.exit(code), 2000);
    logger.flush(() => {
      clearTimeout(bound);
      process.exit(code);
    });
  };
  const stop = (signal: string) => {
    logger.info({ signal }, 'stopping');
    void agent.stop().then(() => exit(0));
  };
  process.once('SIGTERM', () => stop('SIGTERM'));
  process.once('SIGINT', () => stop('SIGINT'));
  process.on('SIGHUP', () => {
    void agent.reload().then((error) => {
      if (error) logger.error({ error }, 'SIGHUP: configuration reload failed; the previous configuration keeps running');
      else logger.info({}, 'SIGHUP: configuration reloaded');
    });
  });
}

async function main(argv: string[]): Promise<number | undefined> {
  if (argv[0] === 'ctl') return runCtl(argv.slice(1));
  if (argv[0] === 'events') return runEvents(argv.slice(1));
  let values;
  try {
    ({ values } = parseArgs({
      args: argv,
      options: {
        config: { type: 'string', short: 'c' },
        test: { type: 'string', short: 't' },
        debug: { type: 'boolean', short: 'd' },
        port: { type: 'string', short: 'p' },
        'hooks-dir': { type: 'string' },
        'log-dir': { type: 'string' },
        version: { type: 'boolean', short: 'v' },
        'extended-version': { type: 'boolean', short: 'V' },
        help: { type: 'boolean', short: 'h' },
      },
      strict: true,
    }));
  } catch (err) {
    process.stderr.write(`${(err as Error).message}\n${USAGE}`);
    return 2;
  }
  if (values.help) {
    process.stdout.write(USAGE);
    return 0;
  }
  if (values.version) {
    process.stdout.write(`${versionInfo().version}\n`);
    return 0;
  }
  if (values['extended-version']) {
    process.stdout.write(`${extendedVersion()}\n`);
    return 0;
  }
  if (values.test) return checkConfig(values.test);
  if (!values.config) {
    process.stderr.write(USAGE);
    return 2;
  }
  let port: number | undefined;
  if (values.port !== undefined) {
    port = Number(values.port);
    if (!Number.isInteger(port) || port < 1 || port > 65535) {
      process.stderr.write(`-p: "${values.port}" is not a port number\n`);
      return 2;
    }
  }
  await run({ configFile: values.config, debug: values.debug ?? false, port, hooksDir: values['hooks-dir'], logDir: values['log-dir'] });
  return undefined;
}

main(process.argv.slice(2)).then(
  (code) => {
    if (code !== undefined) process.exitCode = code;
  },
  (err: unknown) => {
    process.stderr.write(`dhcp6-agent: ${err instanceof Error ? err.stack : String(err)}\n`);
    process.exitCode = 1;
  },
);
