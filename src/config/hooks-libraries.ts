// Dhcp6.hooks-libraries: which libraries to load, in order, with their parameters. Only
// the shape is checked here. The library text is passed on as written: the hooks loader
// resolves it (built-in and Kea names, or a file confined to the hooks directory).

import type { HooksLibraryConfig } from './types.js';
import { KeaMap } from './kea-map.js';

const HOOKS_LIBRARY_KEYS = ['library', 'parameters'];

export function parseHooksLibraries(root: KeaMap): HooksLibraryConfig[] {
  return root.maps('hooks-libraries').map((map) => {
    map.checkKeys({ supported: HOOKS_LIBRARY_KEYS });
    const out: HooksLibraryConfig = { library: map.string('library', { nonEmpty: true }) };
    const parameters = map.optMap('parameters');
    if (parameters) out.parameters = parameters.value;
    return out;
  });
}
