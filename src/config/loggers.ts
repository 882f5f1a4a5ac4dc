// Dhcp6.loggers in Kea's shape, typed, with each logger's pino level worked out so the
// agent only has to create its pino destinations.

import type { LoggerConfig, LoggerOutputConfig, LoggerSeverity, PinoLevel } from './types.js';
import { KeaMap } from './kea-map.js';
import { KEA_DEFAULTS } from './defaults.js';

const LOGGER_KEYS = ['name', 'severity', 'debuglevel', 'output_options', 'output-options', 'user-context', 'comment'];
const OUTPUT_KEYS = ['output', 'flush', 'maxsize', 'maxver', 'pattern'];
const SEVERITIES: readonly LoggerSeverity[] = ['FATAL', 'ERROR', 'WARN', 'INFO', 'DEBUG', 'NONE'];

/** Kea: a rotated log file must be allowed at least this many bytes (0 turns rotation off). */
const MIN_MAXSIZE = 204800;

/** Kea's debuglevel runs 0..99; the packet-level and data-detail messages sit from about 50 up. */
const TRACE_FROM_DEBUGLEVEL = 50;

export function parseLoggers(root: KeaMap, resolvePath: (p: string) => string): LoggerConfig[] {
  return root.maps('loggers').map((map) => {
    map.checkKeys({ supported: LOGGER_KEYS });
    const severityText = map.optString('severity') ?? KEA_DEFAULTS.loggerSeverity;
    const severity = severityText.toUpperCase() as LoggerSeverity;
    if (!SEVERITIES.includes(severity)) map.fail('severity', `"${severityText}" is not a severity: use one of ${SEVERITIES.join(', ')}`);
    const debuglevel = map.optInt('debuglevel', { max: 99 }) ?? KEA_DEFAULTS.loggerDebuglevel;
    if (map.has('output_options') && map.has('output-options')) map.fail('output-options', "cannot be given together with 'output_options'");
    const outputKey = map.has('output-options') ? 'output-options' : 'output_options';
    const outputs = map.maps(outputKey).map((o) => parseOutput(o, resolvePath));
    const out: LoggerConfig = {
      name: map.string('name', { nonEmpty: true }),
      severity,
      debuglevel,
      pinoLevel: pinoLevelOf(severity, debuglevel),
      outputOptions: outputs.length > 0 ? outputs : [defaultOutput()],
    };
    const userContext = map.userContext();
    if (userContext) out.userContext = userContext;
    return out;
  });
}

export function pinoLevelOf(severity: LoggerSeverity, debuglevel: number): PinoLevel {
  switch (severity) {
    case 'NONE': return 'silent';
    case 'FATAL': return 'fatal';
    case 'ERROR': return 'error';
    case 'WARN': return 'warn';
    case 'INFO': return 'info';
    case 'DEBUG': return debuglevel >= TRACE_FROM_DEBUGLEVEL ? 'trace' : 'debug';
  }
}

function defaultOutput(): LoggerOutputConfig {
  return {
    output: { type: 'stdout' },
    flush: KEA_DEFAULTS.loggerFlush,
    maxsize: KEA_DEFAULTS.loggerMaxsize,
    maxver: KEA_DEFAULTS.loggerMaxver,
    pattern: KEA_DEFAULTS.loggerPattern,
  };
}

function parseOutput(map: KeaMap, resolvePath: (p: string) => string): LoggerOutputConfig {
  map.checkKeys({ supported: OUTPUT_KEYS });
  const text = map.optString('output', { nonEmpty: true }) ?? KEA_DEFAULTS.loggerOutput;
  let output: LoggerOutputConfig['output'];
  if (text === 'stdout' || text === 'stderr') output = { type: text };
  else if (text === 'syslog') output = { type: 'syslog' };
  else if (text.startsWith('syslog:')) output = { type: 'syslog', facility: text.slice('syslog:'.length) };
  else output = { type: 'file', path: resolvePath(text) };
  const maxsize = map.optInt('maxsize') ?? KEA_DEFAULTS.loggerMaxsize;
  if (maxsize !== 0 && maxsize < MIN_MAXSIZE) map.fail('maxsize', `${maxsize} is too small: use 0 (no rotation) or at least ${MIN_MAXSIZE}`);
  return {
    output,
    flush: map.optBool('flush') ?? KEA_DEFAULTS.loggerFlush,
    maxsize,
    maxver: map.optInt('maxver', { min: 1 }) ?? KEA_DEFAULTS.loggerMaxver,
    pattern: map.optString('pattern') ?? KEA_DEFAULTS.loggerPattern,
  };
}
