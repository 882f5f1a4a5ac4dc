// The commands hook libraries registered, as the processor reads them: HooksLibraries
// (hooks/hooks-libraries.ts) keeps the running set's commands in one map, replaced on
// every reload, so reading it at each dispatch always sees the libraries now loaded.

import type { ExtraCommand, ExtraCommandSource } from './types.js';

export function libraryCommandSource(libraries: { commands(): ReadonlyMap<string, ExtraCommand> }): ExtraCommandSource {
  return {
    get: (name) => libraries.commands().get(name),
    list: () => libraries.commands().values(),
  };
}
