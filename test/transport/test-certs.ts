// A throwaway PKI made with openssl in a temporary directory: a CA, a server certificate for
// 127.0.0.1 and a client certificate it signed, and a rogue CA with a client of its own.

import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

export interface TestCerts {
  dir: string;
  /** path of a file in dir: ca.pem, server.pem/.key, client.pem/.key, rogue.pem/.key */
  file(name: string): string;
  remove(): void;
}

export function makeTestCerts(): TestCerts {
  const dir = mkdtempSync(join(tmpdir(), 'd6tls-'));
  const file = (name: string) => join(dir, name);
  const openssl = (...args: string[]) => execFileSync('openssl', args, { cwd: dir, stdio: 'pipe' });
  const newKey = ['-newkey', 'ec', '-pkeyopt', 'ec_paramgen_curve:prime256v1', '-nodes'];
  for (const ca of ['ca', 'rogue-ca']) {
    openssl('req', '-x509', ...newKey, '-keyout', `${ca}.key`, '-out', `${ca}.pem`, '-days', '1', '-subj', `/CN=${ca}`);
  }
  const issue = (name: string, ca: string, cn: string, san?: string) => {
    openssl('req', ...newKey, '-keyout', `${name}.key`, '-out', `${name}.csr`, '-subj', `/CN=${cn}`);
    const ext: string[] = [];
    if (san) {
      writeFileSync(file(`${name}.ext`), `subjectAltName=${san}\n`);
      ext.push('-extfile', `${name}.ext`);
    }
    openssl('x509', '-req', '-in', `${name}.csr`, '-CA', `${ca}.pem`, '-CAkey', `${ca}.key`, '-CAcreateserial', '-out', `${name}.pem`, '-days', '1', ...ext);
  };
  issue('server', 'ca', '127.0.0.1', 'IP:127.0.0.1');
  issue('client', 'ca', 'operator');
  issue('rogue', 'rogue-ca', 'intruder');
  return { dir, file, remove: () => rmSync(dir, { recursive: true, force: true }) };
}
