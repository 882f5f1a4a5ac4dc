// The operator guide's command table follows the registry: a command added there without a
// line in docs/operator-guide.md (or a line left for one removed) fails here.

import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { expect, it } from 'vitest';
import { BUILTIN_COMMANDS } from '../../src/commands/registry.js';
import { packageRoot } from '../../src/commands/version-info.js';

function commandsSection(): string {
  const text = readFileSync(join(packageRoot(), 'docs', 'operator-guide.md'), 'utf8');
  const start = text.indexOf('\n## Commands\n');
  expect(start, 'a "## Commands" section').toBeGreaterThanOrEqual(0);
  const end = text.indexOf('\n## ', start + 1);
  return text.slice(start, end < 0 ? undefined : end);
}

it("lists every built-in command once in the operator guide's command table", () => {
  const listed = [...commandsSection().matchAll(/^\| `([a-z0-9-]+)` \|/gm)].map((m) => m[1]);
  expect([...listed].sort()).toEqual(BUILTIN_COMMANDS.map((c) => c.name).sort());
});
