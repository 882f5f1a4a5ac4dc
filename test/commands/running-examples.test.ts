// The documented examples of the commands that drive the running agent (config-*, subnet6-*,
// statistic-*, status-get, dhcp-*, leases-reclaim) answer as documented: each with a setup
// runs on a real agent started on EXAMPLE_CONFIG, reset before each. The documents show
// the configuration directory as /etc/dhcp6-agent; sample times and `varies` keys differ
// from run to run.

import { realpathSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { EXAMPLE_CONFIG } from '../../src/commands/example-config.js';
import { BUILTIN_COMMANDS } from '../../src/commands/registry.js';
import type { CommandAnswer, CommandExample } from '../../src/commands/types.js';
import { forEachAgentDriver, type RunningTestAgent } from '../helpers/agent.js';

const DOCUMENTED_DIR = '/etc/dhcp6-agent';
const SAMPLE_TIME = /\d{4}-\d\d-\d\d \d\d:\d\d:\d\d\.\d{6}/g;

const running = BUILTIN_COMMANDS.filter((def) => def.runningAgent);
const examples = running.flatMap((def) => (def.examples ?? []).map((example) => ({ def, example })));
const runnable = examples.filter(({ example }) => example.setup !== undefined);

function normalized(answer: CommandAnswer, example: CommandExample, t: RunningTestAgent): unknown {
  let text = JSON.stringify(answer);
  for (const dir of new Set([realpathSync(t.dir), t.dir])) text = text.split(dir).join(DOCUMENTED_DIR);
  const copy = JSON.parse(text.replace(SAMPLE_TIME, 'SAMPLE-TIME')) as CommandAnswer;
  for (const path of example.varies ?? []) {
    const keys = path.split('.');
    let at = copy.arguments as Record<string, unknown> | undefined;
    for (const k of keys.slice(0, -1)) at = at?.[k] as Record<string, unknown> | undefined;
    if (at) delete at[keys[keys.length - 1]];
  }
  return copy;
}

/** A whole configuration of an example, run where the test agent keeps its database and sockets. */
function inTestAgent(args: Record<string, unknown>, t: RunningTestAgent): Record<string, unknown> {
  const dhcp6 = args.Dhcp6 as Record<string, unknown>;
  return { ...args, Dhcp6: { ...t.agentKeys, ...dhcp6, ...pick(t.agentKeys, ['data-directory', 'lease-database', 'control-sockets']) } };
}

function pick(map: Record<string, unknown>, keys: string[]): Record<string, unknown> {
  return Object.fromEntries(keys.filter((k) => k in map).map((k) => [k, map[k]]));
}

describe('the examples of the commands that drive the agent', () => {
  it('run for every such command but shutdown (it would stop the agent) and statistic-get-all (every statistic)', () => {
    const covered = new Set(runnable.map(({ def }) => def.name));
    const without = running.map((d) => d.name).filter((n) => !covered.has(n));
    expect(without.sort()).toEqual(['shutdown', 'statistic-get-all']);
  });
});

forEachAgentDriver('the documented examples', EXAMPLE_CONFIG.Dhcp6, (get) => {
  it.each(runnable.map(({ def, example }) => [def.name, example.summary, example] as const))('%s: %s answers as documented', async (name, _summary, example) => {
    const t = get();
    for (const step of example.setup ?? []) {
      const answer = await t.handle(step);
      if (answer.result !== 0) throw new Error(`setup ${step.command} answered ${JSON.stringify(answer)}`);
    }
    let args = example.arguments;
    if (args && (name === 'config-set' || name === 'config-test')) args = inTestAgent(args, t);
    const answer = await t.handle(args === undefined ? { command: name } : { command: name, arguments: args });
    expect(normalized(answer, example, t)).toEqual(normalized(example.response, example, t));
  });
});
