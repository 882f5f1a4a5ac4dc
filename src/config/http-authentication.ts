// Basic HTTP authentication of the http control socket, in Kea's shape
// ({"type":"basic","realm","directory","clients":[…]}). A client's user and password may
// come from files (user-file, password-file, relative to `directory`); they are read
// here, at parse time, as Kea does, so a missing file is a configuration error.

import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { ConfigError } from './types.js';
import { KeaMap } from './kea-map.js';
import { AGENT_DEFAULTS } from './defaults.js';

const AUTHENTICATION_KEYS = ['type', 'realm', 'directory', 'clients', 'user-context', 'comment'];
const CLIENT_KEYS = ['user', 'password', 'user-file', 'password-file', 'user-context', 'comment'];

export interface BasicAuthentication {
  type: 'basic';
  realm: string;
  clients: { user: string; password: string }[];
}

export function parseHttpAuthentication(map: KeaMap, resolvePath: (p: string) => string): BasicAuthentication {
  map.checkKeys({ supported: AUTHENTICATION_KEYS });
  map.userContext();
  const type = map.string('type');
  if (type !== 'basic') map.fail('type', `"${type}" is not supported: the only authentication type is "basic"`);
  const realm = map.optString('realm') ?? AGENT_DEFAULTS.httpRealm;
  const directoryText = map.optString('directory', { nonEmpty: true });
  const directory = resolvePath(directoryText ?? '.');
  const clients: BasicAuthentication['clients'] = [];
  const clientMaps = map.maps('clients');
  if (clientMaps.length === 0) map.fail('clients', 'must list at least one client: without one every request would be refused');
  for (const client of clientMaps) {
    const entry = parseClient(client, directory);
    if (clients.some((c) => c.user === entry.user)) throw new ConfigError(client.path, `user "${entry.user}" is listed more than once`);
    clients.push(entry);
  }
  return { type: 'basic', realm, clients };
}

function parseClient(map: KeaMap, directory: string): { user: string; password: string } {
  map.checkKeys({ supported: CLIENT_KEYS });
  map.userContext();
  for (const [a, b] of [['user', 'user-file'], ['password', 'password-file']]) {
    if (map.has(a) && map.has(b)) map.fail(b, `cannot be given together with '${a}'`);
  }
  let user = map.has('user-file') ? readSecret(map, 'user-file', directory) : map.optString('user');
  let password = map.has('password-file') ? readSecret(map, 'password-file', directory) : map.optString('password');
  if (user === undefined) {
    // Kea: a password-file without user or user-file holds "user:password".
    if (!map.has('password-file')) map.fail('user', "required but missing (or give 'user-file', or a 'password-file' holding user:password)");
    const colon = (password as string).indexOf(':');
    if (colon < 0) map.fail('password-file', 'must hold "user:password" when no user or user-file is given');
    user = (password as string).slice(0, colon);
    password = (password as string).slice(colon + 1);
  }
  const userKey = map.has('user-file') ? 'user-file' : map.has('user') ? 'user' : 'password-file';
  if (user.length === 0) map.fail(userKey, 'the user must not be empty');
  // RFC 7617 §2: the user-id cannot contain a colon.
  if (user.includes(':')) map.fail(userKey, `the user "${user}" must not contain ':'`);
  if (password === undefined) map.fail('password', "required but missing (or give 'password-file')");
  return { user, password };
}

/** The file's content, without the one line ending editors add. */
function readSecret(map: KeaMap, key: string, directory: string): string {
  const name = map.string(key, { nonEmpty: true });
  const file = resolve(directory, name);
  let content: string;
  try {
    content = readFileSync(file, 'utf8');
  } catch (err) {
    map.fail(key, `cannot read ${file}: ${(err as NodeJS.ErrnoException).code ?? (err as Error).message}`);
  }
  return content.replace(/\r?\n$/, '');
}
