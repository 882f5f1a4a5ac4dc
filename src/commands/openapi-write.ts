// `npm run openapi`: writes openapi/openapi.json from the command registry.

import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { openApiText } from './openapi.js';
import { BUILTIN_COMMANDS } from './registry.js';
import { packageRoot } from './version-info.js';

const dir = join(packageRoot(), 'openapi');
mkdirSync(dir, { recursive: true });
writeFileSync(join(dir, 'openapi.json'), openApiText(BUILTIN_COMMANDS));
console.log(`wrote ${join(dir, 'openapi.json')}`);
