// The agent's logger: pino, set from Kea's `loggers` configuration. Only the main logger
// entry ("kea-dhcp6", or the first one) decides the level and the destination; Kea's
// child loggers ("kea-dhcp6.packets", …) share it.

import pino, { type Logger } from 'pino';
import type { Config, LoggerConfig, PinoLevel } from './config/types.js';

function mainLogger(config: Pick<Config, 'logging'>): LoggerConfig | undefined {
  return config.logging.find((l) => l.name === 'kea-dhcp6') ?? config.logging[0];
}

/** The level the configuration asks for; `info` when it has no loggers entry. */
export function configuredLevel(config: Pick<Config, 'logging'>, debug = false): PinoLevel {
  if (debug) return 'debug';
  return mainLogger(config)?.pinoLevel ?? 'info';
}

function destinationOf(entry: LoggerConfig | undefined): pino.DestinationStream {
  const out = entry?.outputOptions[0]?.output;
  if (!out || out.type === 'stdout') return pino.destination({ dest: 1, sync: false });
  if (out.type === 'stderr') return pino.destination({ dest: 2, sync: false });
  if (out.type === 'file') return pino.destination({ dest: out.path, mkdir: true, sync: false });
  // syslog: pino writes JSON lines; journald and rsyslog take them from stdout.
  return pino.destination({ dest: 1, sync: false });
}

export function createLogger(config: Pick<Config, 'logging'>, debug = false): Logger {
  return pino({ name: 'dhcp6-agent', level: configuredLevel(config, debug) }, destinationOf(mainLogger(config)));
}
