// Builds a Config from just the Dhcp6 map, and catches the ConfigError a bad one raises.

import { expect } from 'vitest';
import { parseConfig } from '../../src/config/parse-config.js';
import { ConfigError, type Config } from '../../src/config/types.js';

export const BASE_DIR = '/etc/dhcp6-agent';

export function parseDhcp6(dhcp6: Record<string, unknown>, baseDir = BASE_DIR): Config {
  return parseConfig({ Dhcp6: dhcp6 }, { baseDir });
}

/** The error parsing `dhcp6` raises; fails the test when it parses. */
export function configErrorOf(dhcp6: Record<string, unknown>, baseDir = BASE_DIR): ConfigError {
  return errorOf(() => parseDhcp6(dhcp6, baseDir));
}

export function errorOf(fn: () => unknown): ConfigError {
  try {
    fn();
  } catch (err) {
    expect(err).toBeInstanceOf(ConfigError);
    return err as ConfigError;
  }
  throw new Error('expected a ConfigError, but it parsed');
}

export function subnet(extra: Record<string, unknown> = {}): Record<string, unknown> {
  return { id: 1, subnet: '2001:db8:1::/64', ...extra };
}
