// The OpenAPI document is generated from the registry and committed; its examples are real:
// each validates against its command's schema, and each with a setup is run on an empty
// database with EXAMPLE_CONFIG and must answer exactly what it documents.

import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { argumentCheck } from '../../src/commands/argument-check.js';
import { httpApiText as openApiText } from '../../src/transport/http-openapi.js';
import { BUILTIN_COMMANDS } from '../../src/commands/registry.js';
import type { CommandAnswer, CommandExample } from '../../src/commands/types.js';
import { packageRoot } from '../../src/commands/version-info.js';
import { forEachDriver } from '../helpers/stores.js';
import { runAll, testAgent, testProcessor } from './test-agent.js';

const examples = BUILTIN_COMMANDS.flatMap((def) => (def.examples ?? []).map((example) => ({ def, example })));

/** Removes the argument values an example marks as varying from run to run. */
function withoutVarying(answer: CommandAnswer, example: CommandExample): CommandAnswer {
  const copy = structuredClone(answer) as CommandAnswer;
  for (const path of example.varies ?? []) {
    const keys = path.split('.');
    let at = copy.arguments as Record<string, unknown> | undefined;
    for (const k of keys.slice(0, -1)) at = at?.[k] as Record<string, unknown> | undefined;
    if (at) delete at[keys[keys.length - 1]];
  }
  return copy;
}

describe('the OpenAPI document', () => {
  it('is committed as `npm run openapi` generates it', () => {
    const committed = readFileSync(join(packageRoot(), 'openapi', 'openapi.json'), 'utf8');
    expect(committed).toBe(openApiText(BUILTIN_COMMANDS));
  });

  it('documents every built-in command with a description', () => {
    const doc = JSON.parse(openApiText(BUILTIN_COMMANDS)) as { components: { schemas: Record<string, { description?: string }> } };
    for (const def of BUILTIN_COMMANDS) expect(doc.components.schemas[def.name]?.description, def.name).toBe(def.description);
  });

  it.each(examples.map(({ def, example }) => [def.name, example.summary, def, example] as const))(
    'has a %s example (%s) whose arguments fit the schema',
    (_name, _summary, def, example) => {
      if (example.arguments !== undefined) expect(argumentCheck(def.schema)(example.arguments)).toBeNull();
      else expect(def.argumentsRequired ?? false).toBe(false);
      expect([0, 1, 2, 3, 4]).toContain(example.response.result);
    },
  );
});

forEachDriver('the documented examples', (getStore) => {
  const processor = testProcessor(testAgent(getStore));
  // Examples of commands that drive the running agent run in running-examples.test.ts, on a real Agent.
  const withSetup = examples.filter(({ example }) => example.setup !== undefined);
  const runnable = withSetup.filter(({ def }) => !def.runningAgent);

  // Not run: build-report (its text is versions), statistic-get-all (timestamps) and shutdown.
  it('cover most commands', () => {
    expect(new Set(withSetup.map(({ def }) => def.name)).size).toBeGreaterThanOrEqual(BUILTIN_COMMANDS.length - 3);
  });

  it.each(runnable.map(({ def, example }) => [def.name, example.summary, def, example] as const))(
    '%s: %s answers as documented',
    async (name, _summary, _def, example) => {
      await runAll(processor, example.setup ?? []);
      const request = example.arguments === undefined ? { command: name } : { command: name, arguments: example.arguments };
      const answer = await processor.handle(request);
      expect(withoutVarying(answer, example)).toEqual(withoutVarying(example.response, example));
    },
  );
});
