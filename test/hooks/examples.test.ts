// The example libraries of examples/hooks/ load and do what docs/hooks.md says they do.

import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterEach, describe, expect, it } from 'vitest';
import { iaAddrOption, iaNaOption } from '../../src/dhcp6/option-builders.js';
import { HooksLibraries } from '../../src/hooks/hooks-libraries.js';
import { RecordingLogger } from './recording-logger.js';
import { CLIENT_DUID, lease6, query6, subnet6 } from './sample-packets.js';

const EXAMPLES = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../examples/hooks');
let hooks: HooksLibraries;

async function start(library: string, parameters: Record<string, unknown>) {
  hooks = new HooksLibraries({ hooksDirectory: EXAMPLES, logDirectory: EXAMPLES, log: new RecordingLogger() });
  await hooks.commit(await hooks.prepare([{ library, parameters }]));
  return hooks;
}

afterEach(async () => hooks?.unloadAll());

describe('example short-lifetimes.ts', () => {
  it('shortens the lifetimes of leases in the listed subnets only', async () => {
    const { runner } = await start('short-lifetimes.ts', { subnets: [2], 'valid-lft': 1800, 'preferred-lft': 900 });
    const guest = await runner.call('lease6_select', { query6: query6(), subnet6: subnet6('2001:db8:2::/64', 2), fake_allocation: false, lease6: lease6({ subnetId: 2 }) });
    expect([guest.args.lease6.validLft, guest.args.lease6.preferredLft]).toEqual([1800, 900]);
    const office = await runner.call('lease6_renew', { query6: query6(), lease6: lease6({ subnetId: 1 }) });
    expect([office.args.lease6.validLft, office.args.lease6.preferredLft]).toEqual([4000, 3000]);
  });

  it('refuses a preferred lifetime longer than the valid one', async () => {
    await expect(start('short-lifetimes.ts', { subnets: [2], 'valid-lft': 100, 'preferred-lft': 900 })).rejects.toThrow(/must not exceed/);
  });
});

describe('example quarantine.js', () => {
  const duid = '00:03:00:01:08:00:27:2b:3f:4e';

  it('registers its commands, and a quarantined client gets no lease and no renewal', async () => {
    const { runner } = await start('quarantine.js', {});
    const commands = hooks.commands();
    expect([...commands.keys()]).toEqual(['quarantine-add', 'quarantine-del', 'quarantine-list']);
    expect(commands.get('quarantine-add')!.schema).toMatchObject({ required: ['duid'] });
    expect(CLIENT_DUID.toString('hex')).toBe(duid.replaceAll(':', ''));

    const before = await runner.call('lease6_select', { query6: query6(), subnet6: subnet6(), fake_allocation: false, lease6: lease6() });
    expect(before.status).toBe('continue');

    expect(await commands.get('quarantine-add')!.handler({ duid, reason: 'abuse' }, { command: 'quarantine-add' }))
      .toEqual({ result: 0, text: `Client ${duid} quarantined.` });
    const select = await runner.call('lease6_select', { query6: query6(), subnet6: subnet6(), fake_allocation: false, lease6: lease6() });
    expect(select.status).toBe('skip');

    const ia = iaNaOption(1234, 1000, 2000, [iaAddrOption('2001:db8:1::10', 3000, 4000)]);
    const renew = await runner.call('lease6_renew', { query6: query6(), lease6: lease6(), ia_na: ia });
    expect(renew.status).toBe('skip');
    expect(ia.options[0]).toMatchObject({ preferred: 0, valid: 0 });

    const list = await commands.get('quarantine-list')!.handler(undefined, { command: 'quarantine-list' });
    expect(list).toMatchObject({ result: 0, arguments: { clients: [{ duid, reason: 'abuse' }] } });
    expect(await commands.get('quarantine-del')!.handler({ duid }, { command: 'quarantine-del' })).toMatchObject({ result: 0 });
    expect(await commands.get('quarantine-del')!.handler({ duid }, { command: 'quarantine-del' })).toMatchObject({ result: 3 });
  });
});
