// Dhcp6.control-socket (Kea 2.x: one map) and Dhcp6.control-sockets (Kea 3: a list):
// where Kea's JSON command channel listens — a unix socket and/or HTTP(S).

import { isIP } from 'node:net';
import { ConfigError, type ControlSocketConfig } from './types.js';
import { KeaMap, UINT16_MAX } from './kea-map.js';
import { KEA_DEFAULTS } from './defaults.js';
import { parseHttpAuthentication } from './http-authentication.js';

const UNIX_KEYS = ['socket-type', 'socket-name', 'user-context', 'comment'];
const HTTP_KEYS = [
  'socket-type', 'socket-address', 'socket-port', 'trust-anchor', 'cert-file', 'key-file', 'cert-required',
  'authentication', 'user-context', 'comment',
];
const UNSUPPORTED_HTTP_KEYS = ['http-headers'];
const TLS_KEYS = ['trust-anchor', 'cert-file', 'key-file'] as const;

/** sockaddr_un.sun_path is 108 bytes including the terminating NUL. */
const MAX_UNIX_PATH_BYTES = 107;

export function parseControlSockets(
  root: KeaMap,
  resolvePath: (p: string) => string,
): ControlSocketConfig[] {
  if (root.has('control-socket') && root.has('control-sockets')) {
    root.fail('control-sockets', "cannot be given together with 'control-socket': list every socket in 'control-sockets'");
  }
  const maps = root.has('control-socket') ? [KeaMap.of(root.value['control-socket'], root.at('control-socket'))] : root.maps('control-sockets');
  const out: ControlSocketConfig[] = [];
  for (const map of maps) {
    const socket = parseControlSocket(map, resolvePath);
    const same = out.find((s) =>
      s.socketType === 'unix' && socket.socketType === 'unix'
        ? s.socketName === socket.socketName
        : s.socketType === 'http' && socket.socketType === 'http' && s.socketAddress === socket.socketAddress && s.socketPort === socket.socketPort,
    );
    if (same) throw new ConfigError(map.path, 'listens where an earlier control socket already listens');
    out.push(socket);
  }
  return out;
}

function parseControlSocket(map: KeaMap, resolvePath: (p: string) => string): ControlSocketConfig {
  const type = map.string('socket-type');
  if (type === 'unix') return parseUnixSocket(map, resolvePath);
  if (type === 'http' || type === 'https') return parseHttpSocket(map, resolvePath, type === 'https');
  map.fail('socket-type', `"${type}" is not a control socket type: use "unix", "http" or "https"`);
}

/** A key that belongs to the other socket type is a mix-up, not a typo: say so. */
function checkNotOtherType(map: KeaMap, own: readonly string[], other: readonly string[], otherType: string): void {
  const stray = Object.keys(map.value).find((k) => !own.includes(k) && other.includes(k));
  if (stray) map.fail(stray, `applies to ${otherType} sockets only`);
}

function parseUnixSocket(map: KeaMap, resolvePath: (p: string) => string): ControlSocketConfig {
  checkNotOtherType(map, UNIX_KEYS, HTTP_KEYS, 'http');
  map.checkKeys({ supported: UNIX_KEYS });
  map.userContext();
  const socketName = resolvePath(map.string('socket-name', { nonEmpty: true }));
  if (Buffer.byteLength(socketName) > MAX_UNIX_PATH_BYTES) {
    map.fail('socket-name', `${socketName} is longer than the ${MAX_UNIX_PATH_BYTES} bytes a unix socket path can have`);
  }
  return { socketType: 'unix', socketName };
}

function parseHttpSocket(map: KeaMap, resolvePath: (p: string) => string, https: boolean): ControlSocketConfig {
  checkNotOtherType(map, HTTP_KEYS, UNIX_KEYS, 'unix');
  map.checkKeys({ supported: HTTP_KEYS, unsupported: UNSUPPORTED_HTTP_KEYS });
  map.userContext();
  const socketAddress = map.optString('socket-address') ?? KEA_DEFAULTS.httpSocketAddress;
  if (isIP(socketAddress) === 0) map.fail('socket-address', `"${socketAddress}" is not an IPv4 or IPv6 address`);
  const out: ControlSocketConfig = {
    socketType: 'http',
    socketAddress,
    socketPort: map.optInt('socket-port', { min: 1, max: UINT16_MAX }) ?? KEA_DEFAULTS.httpSocketPort,
    certRequired: map.optBool('cert-required') ?? KEA_DEFAULTS.certRequired,
  };
  // Kea: TLS needs all three files or none of them.
  const given = TLS_KEYS.filter((k) => map.optString(k, { nonEmpty: true }) !== undefined);
  if (given.length > 0 && given.length < TLS_KEYS.length) {
    const missing = TLS_KEYS.find((k) => !given.includes(k)) as string;
    map.fail(missing, `required when ${given.map((k) => `'${k}'`).join(' and ')} ${given.length > 1 ? 'are' : 'is'} given: TLS needs trust-anchor, cert-file and key-file`);
  }
  if (given.length === TLS_KEYS.length) {
    out.trustAnchor = resolvePath(map.string('trust-anchor'));
    out.certFile = resolvePath(map.string('cert-file'));
    out.keyFile = resolvePath(map.string('key-file'));
  } else if (https) {
    map.fail('socket-type', '"https" needs trust-anchor, cert-file and key-file');
  }
  const auth = map.optMap('authentication');
  if (auth) out.authentication = parseHttpAuthentication(auth, resolvePath);
  return out;
}
