import { describe, expect, it } from 'vitest';
import { configErrorOf, parseDhcp6 } from './dhcp6-config.js';

describe('hooks-libraries', () => {
  it('keeps library names as written, in order, with their parameters', () => {
    const c = parseDhcp6({
      'hooks-libraries': [
        { library: '/usr/lib/x86_64-linux-gnu/kea/hooks/libdhcp_lease_cmds.so' },
        { library: 'run-script', parameters: { script: '/usr/local/bin/notify', wait: false } },
        { library: './my-hook.ts' },
      ],
    });
    expect(c.hooksLibraries).toEqual([
      { library: '/usr/lib/x86_64-linux-gnu/kea/hooks/libdhcp_lease_cmds.so' },
      { library: 'run-script', parameters: { script: '/usr/local/bin/notify', wait: false } },
      { library: './my-hook.ts' },
    ]);
  });

  it('checks the shape of each entry', () => {
    expect(configErrorOf({ 'hooks-libraries': [{}] }).message).toBe('Dhcp6.hooks-libraries[0].library: required but missing');
    expect(configErrorOf({ 'hooks-libraries': [{ library: '' }] }).message).toBe('Dhcp6.hooks-libraries[0].library: must not be empty');
    expect(configErrorOf({ 'hooks-libraries': [{ library: 'x', parameters: [] }] }).message).toBe(
      'Dhcp6.hooks-libraries[0].parameters: must be a map (JSON object), got []',
    );
    expect(configErrorOf({ 'hooks-libraries': { library: 'x' } }).path).toBe('Dhcp6.hooks-libraries');
  });
});
