import { describe, expect, it } from 'vitest';
import { configErrorOf, parseDhcp6 } from './dhcp6-config.js';

describe('loggers', () => {
  it('types Kea\'s logger shape with its defaults and a pino level', () => {
    const c = parseDhcp6({
      loggers: [
        { name: 'kea-dhcp6', severity: 'WARN', output_options: [{ output: 'log/kea.log', flush: false, maxsize: 0, maxver: 3, pattern: '%m' }] },
        { name: 'kea-dhcp6.packets', severity: 'debug', debuglevel: 99, 'output-options': [{ output: 'syslog:local3' }, { output: 'stderr' }] },
        { name: 'kea-dhcp6.leases', comment: 'quiet' },
      ],
    }, '/etc/agent');
    expect(c.logging).toEqual([
      {
        name: 'kea-dhcp6', severity: 'WARN', debuglevel: 0, pinoLevel: 'warn',
        outputOptions: [{ output: { type: 'file', path: '/etc/agent/log/kea.log' }, flush: false, maxsize: 0, maxver: 3, pattern: '%m' }],
      },
      {
        name: 'kea-dhcp6.packets', severity: 'DEBUG', debuglevel: 99, pinoLevel: 'trace',
        outputOptions: [
          { output: { type: 'syslog', facility: 'local3' }, flush: true, maxsize: 10240000, maxver: 1, pattern: '' },
          { output: { type: 'stderr' }, flush: true, maxsize: 10240000, maxver: 1, pattern: '' },
        ],
      },
      {
        name: 'kea-dhcp6.leases', severity: 'INFO', debuglevel: 0, pinoLevel: 'info', userContext: { comment: 'quiet' },
        outputOptions: [{ output: { type: 'stdout' }, flush: true, maxsize: 10240000, maxver: 1, pattern: '' }],
      },
    ]);
  });

  it('maps every severity to pino', () => {
    const level = (severity: string, debuglevel = 0) => parseDhcp6({ loggers: [{ name: 'x', severity, debuglevel }] }).logging[0].pinoLevel;
    expect(['FATAL', 'ERROR', 'WARN', 'INFO', 'NONE'].map((s) => level(s))).toEqual(['fatal', 'error', 'warn', 'info', 'silent']);
    expect([level('DEBUG', 0), level('DEBUG', 49), level('DEBUG', 50)]).toEqual(['debug', 'debug', 'trace']);
  });

  it('refuses bad logger settings', () => {
    expect(configErrorOf({ loggers: [{ name: 'x', severity: 'LOUD' }] }).message).toBe(
      'Dhcp6.loggers[0].severity: "LOUD" is not a severity: use one of FATAL, ERROR, WARN, INFO, DEBUG, NONE',
    );
    expect(configErrorOf({ loggers: [{ name: 'x', debuglevel: 100 }] }).path).toBe('Dhcp6.loggers[0].debuglevel');
    expect(configErrorOf({ loggers: [{ severity: 'INFO' }] }).message).toBe('Dhcp6.loggers[0].name: required but missing');
    expect(configErrorOf({ loggers: [{ name: 'x', output_options: [{ output: 'f.log', maxsize: 1000 }] }] }).message).toBe(
      'Dhcp6.loggers[0].output_options[0].maxsize: 1000 is too small: use 0 (no rotation) or at least 204800',
    );
    expect(configErrorOf({ loggers: [{ name: 'x', output_options: [{ output: 'f.log', maxver: 0 }] }] }).path).toBe('Dhcp6.loggers[0].output_options[0].maxver');
    expect(configErrorOf({ loggers: [{ name: 'x', output_options: [], 'output-options': [] }] }).path).toBe('Dhcp6.loggers[0].output-options');
  });
});
