// `npm run openapi`: writes openapi/openapi.json from the command registry and the lease-event endpoint.

import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { BUILTIN_COMMANDS } from '../commands/registry.js';
import { packageRoot } from '../commands/version-info.js';
import { httpApiText } from '../transport/http-openapi.js';

const dir = join(packageRoot(), 'openapi');
mkdirSync(dir, { recursive: true });
writeFileSync(join(dir, 'openapi.json'), httpApiText(BUILTIN_COMMANDS));
console.log(`wrote ${join(dir, 'openapi.json')}`);
