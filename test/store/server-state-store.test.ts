import { expect, it } from 'vitest';
import { forEachDriver } from '../helpers/stores.js';
import { loadOrCreateServerDuid, loadServerDuid, saveServerDuid, serverDuidKey } from '../../src/store/server-duid-store.js';

forEachDriver('server state', (getStore, ctx) => {
  it('stores, reads and overwrites JSON values by key', async () => {
    const state = getStore().state;
    expect(await state.get('k')).toBeNull();
    await state.set('k', { a: [1, 'two'] });
    expect(await state.get('k')).toEqual({ a: [1, 'two'] });
    await state.set('k', 'plain');
    expect(await state.get('k')).toBe('plain');
  });

  it('keeps the first value when setting only if absent', async () => {
    const state = getStore().state;
    expect(await state.setIfAbsent('k', 1)).toBe(1);
    expect(await state.setIfAbsent('k', 2)).toBe(1);
  });

  it('keeps a server DUID per agent across restarts', async () => {
    const state = getStore().state;
    expect(await loadServerDuid(state, 'agent-1')).toBeNull();
    await saveServerDuid(state, 'agent-1', Buffer.from('000100012a3b4c5d0a0b0c0d0e0f', 'hex'));
    expect(await loadServerDuid(state, 'agent-1')).toEqual(Buffer.from('000100012a3b4c5d0a0b0c0d0e0f', 'hex'));
    expect(await state.get(serverDuidKey('agent-1'))).toBe('00:01:00:01:2a:3b:4c:5d:0a:0b:0c:0d:0e:0f');
    expect(await loadServerDuid(state, 'agent-2')).toBeNull();
  });

  it('generates a server DUID once, even when two processes of one agent start together', async () => {
    const other = await ctx.openAgent('same-agent-elsewhere');
    let generated = 0;
    const make = (b: number) => () => {
      generated++;
      return Buffer.from([0, 2, 0, 0, 0, 9, b]);
    };
    const [a, b] = await Promise.all([
      loadOrCreateServerDuid(getStore().state, 'agent-x', make(1)),
      loadOrCreateServerDuid(other.state, 'agent-x', make(2)),
    ]);
    expect(a).toEqual(b);
    expect(generated).toBeGreaterThanOrEqual(1);
    expect(await loadOrCreateServerDuid(getStore().state, 'agent-x', make(3))).toEqual(a);
  });

  it('refuses a stored DUID that is not colon-separated hex', async () => {
    await getStore().state.set(serverDuidKey('agent-1'), 42);
    await expect(loadServerDuid(getStore().state, 'agent-1')).rejects.toThrow(/server-duid:agent-1/);
  });
});
