// Dhcp6.hooks-libraries: which libraries to load, in order, with their parameters. Only
// the shape is checked here; loading them is the hooks loader's work. A library written
// as a relative path ("./hooks/x.js") is resolved against the configuration's directory;
// an absolute path or a bare name is passed on as written.

import type { HooksLibraryConfig } from './types.js';
import { KeaMap } from './kea-map.js';

const HOOKS_LIBRARY_KEYS = ['library', 'parameters'];

export function parseHooksLibraries(root: KeaMap, resolvePath: (p: string) => string): HooksLibraryConfig[] {
  return root.maps('hooks-libraries').map((map) => {
    map.checkKeys({ supported: HOOKS_LIBRARY_KEYS });
    const library = map.string('library', { nonEmpty: true });
    const out: HooksLibraryConfig = { library: /^\.\.?\//.test(library) ? resolvePath(library) : library };
    const parameters = map.optMap('parameters');
    if (parameters) out.parameters = parameters.value;
    return out;
  });
}
