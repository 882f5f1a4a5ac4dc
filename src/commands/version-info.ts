// The agent's version and what it is built with, for version-get and build-report.
// Read once from the package's own package.json and its installed dependencies.

import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

export interface VersionInfo {
  name: string;
  version: string;
  /** installed versions of the runtime dependencies, by package name */
  dependencies: Record<string, string>;
}

const PACKAGE_NAME = 'dhcp6-agent';
let cached: VersionInfo | undefined;

function readJson(file: string): Record<string, unknown> | undefined {
  try {
    return JSON.parse(readFileSync(file, 'utf8')) as Record<string, unknown>;
  } catch {
    return undefined;
  }
}

/** The package root: the nearest directory upwards holding our package.json (src/ and dist/ alike). */
export function packageRoot(): string {
  let dir = dirname(fileURLToPath(import.meta.url));
  for (;;) {
    const pkg = readJson(join(dir, 'package.json'));
    if (pkg?.name === PACKAGE_NAME) return dir;
    const up = dirname(dir);
    if (up === dir) throw new Error(`cannot find the package.json of ${PACKAGE_NAME} above ${fileURLToPath(import.meta.url)}`);
    dir = up;
  }
}

export function versionInfo(): VersionInfo {
  if (cached) return cached;
  const root = packageRoot();
  const pkg = readJson(join(root, 'package.json')) ?? {};
  const dependencies: Record<string, string> = {};
  for (const name of Object.keys((pkg.dependencies as Record<string, string> | undefined) ?? {}).sort()) {
    const installed = readJson(join(root, 'node_modules', name, 'package.json'));
    dependencies[name] = typeof installed?.version === 'string' ? installed.version : 'not installed';
  }
  cached = { name: PACKAGE_NAME, version: String(pkg.version), dependencies };
  return cached;
}
