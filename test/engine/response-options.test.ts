import { describe, expect, it } from 'vitest';
import type { ConfiguredOption } from '../../src/config/types.js';
import type { Dhcp6Option } from '../../src/dhcp6/types.js';
import { appendConfiguredOptions, optionLevel } from '../../src/engine/response-options.js';

function opt(code: number, text: string, extra: Partial<ConfiguredOption> = {}): ConfiguredOption {
  return { code, data: Buffer.from(text), alwaysSend: false, neverSend: false, ...extra };
}

function sent(out: Dhcp6Option[]): Record<number, string> {
  return Object.fromEntries(out.map((o) => [o.code, (o as { data: Buffer }).data.toString()]));
}

describe('configured options in a response', () => {
  const global = optionLevel([opt(23, 'global-dns'), opt(24, 'global-domain'), opt(31, 'global-sntp')]);
  const subnet = optionLevel([opt(23, 'subnet-dns')]);
  const pool = optionLevel([opt(24, 'pool-domain')]);
  const host = optionLevel([opt(23, 'host-dns')]);

  it('sends only what the client asked for in its ORO', () => {
    const out: Dhcp6Option[] = [];
    appendConfiguredOptions(out, [24], [subnet, global], false);
    expect(sent(out)).toEqual({ 24: 'global-domain' });
  });

  it('takes each option from the most specific level: reservation, pool, subnet, global', () => {
    const out: Dhcp6Option[] = [];
    appendConfiguredOptions(out, [23, 24, 31], [host, pool, subnet, global], false);
    expect(sent(out)).toEqual({ 23: 'host-dns', 24: 'pool-domain', 31: 'global-sntp' });
    const noHost: Dhcp6Option[] = [];
    appendConfiguredOptions(noHost, [23], [pool, subnet, global], false);
    expect(sent(noHost)).toEqual({ 23: 'subnet-dns' });
  });

  it('sends always-send options unasked, valued from the most specific level', () => {
    const out: Dhcp6Option[] = [];
    const g = optionLevel([opt(23, 'global-dns', { alwaysSend: true })]);
    appendConfiguredOptions(out, [], [subnet, g], false);
    expect(sent(out)).toEqual({ 23: 'subnet-dns' });
  });

  it('never sends a never-send option, even when asked', () => {
    const out: Dhcp6Option[] = [];
    const s = optionLevel([opt(23, 'x', { neverSend: true })]);
    appendConfiguredOptions(out, [23], [s, global], false);
    expect(out).toEqual([]);
  });

  it('does not add an option the response already has', () => {
    const out: Dhcp6Option[] = [{ kind: 'raw', code: 23, data: Buffer.from('engine') }];
    appendConfiguredOptions(out, [23], [global], false);
    expect(out).toHaveLength(1);
  });

  it('hands out copies of the configuration\'s bytes when asked to', () => {
    const cfg = [opt(23, 'dns')];
    const out: Dhcp6Option[] = [];
    appendConfiguredOptions(out, [23], [optionLevel(cfg)], true);
    (out[0] as { data: Buffer }).data[0] = 0x58;
    expect(cfg[0].data.toString()).toBe('dns');
  });
});
