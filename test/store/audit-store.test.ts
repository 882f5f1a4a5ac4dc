import { expect, it } from 'vitest';
import { forEachDriver } from '../helpers/stores.js';

const waitFor = async (check: () => boolean) => {
  for (let i = 0; i < 500 && !check(); i++) await new Promise((r) => setTimeout(r, 10));
  expect(check()).toBe(true);
};

forEachDriver('AuditStore', (getStore, ctx) => {
  it('appends config changes in order and reads them after a seq', async () => {
    const a = await getStore().audit.append({ objectType: 'dhcp6_subnet', objectId: 10, modificationType: 'create', payload: { subnet: '2001:db8:a::/64' } });
    const b = await getStore().audit.append({ objectType: 'dhcp6_subnet', objectId: '10', modificationType: 'update', logMessage: 'subnet6-update' });
    expect(a).toMatchObject({ seq: 1, agent: 'test-agent', objectType: 'dhcp6_subnet', objectId: '10', modificationType: 'create', logMessage: '', payload: { subnet: '2001:db8:a::/64' } });
    expect(b).toMatchObject({ seq: 2, modificationType: 'update', logMessage: 'subnet6-update', payload: null });
    expect((await getStore().audit.readSince(1, 10)).map((r) => r.seq)).toEqual([2]);
    expect(await getStore().audit.maxSeq()).toBe(2);
  });

  it('rejects an unknown modification type', async () => {
    await expect(getStore().audit.append({ objectType: 'x', objectId: 1, modificationType: 'rename' as 'update' })).rejects.toThrow(/modificationType/);
  });

  it('commits an entry appended in a transaction only with that transaction', async () => {
    await expect(
      getStore().driver.transaction(async (tx) => {
        await getStore().audit.append({ objectType: 'dhcp6_subnet', objectId: 1, modificationType: 'delete' }, tx);
        throw new Error('change abandoned');
      }),
    ).rejects.toThrow('change abandoned');
    expect(await getStore().audit.readSince(0, 10)).toEqual([]);
  });

  it('tells listening agents the new highest seq', async () => {
    const other = await ctx.openAgent('other-agent');
    const seen: number[] = [];
    const stop = await other.audit.listen((seq) => seen.push(seq));
    try {
      await getStore().audit.append({ objectType: 'dhcp6_subnet', objectId: 1, modificationType: 'create' });
      await waitFor(() => seen.length === 1);
      expect(seen).toEqual([1]);
      expect((await other.audit.readSince(0, 10))[0].agent).toBe('test-agent');
    } finally {
      await stop();
    }
  });
});
