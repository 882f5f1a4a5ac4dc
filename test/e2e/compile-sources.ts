// Compiles chosen src/ files (and what they import) to JavaScript for processes run inside a
// namespace: Node 20 cannot run .ts, and dist/ may be stale when a test is run on its own.
// Output goes under the repository's .tmp/ so that bare imports ('pino') resolve from node_modules.

import { execFile } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdir, rm } from 'node:fs/promises';
import { randomBytes } from 'node:crypto';
import { dirname, join, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

export const REPO_ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '../..');

export interface CompiledSources {
  /** the compiled tree: src/transport/udp.ts → <outDir>/transport/udp.js */
  outDir: string;
  /** absolute path of the compiled file for a src/ path */
  js(srcPath: string): string;
  remove(): Promise<void>;
}

export async function compileSources(entries: string[]): Promise<CompiledSources> {
  const outDir = join(REPO_ROOT, '.tmp', `e2e-build-${process.pid}-${randomBytes(3).toString('hex')}`);
  await mkdir(outDir, { recursive: true });
  const tsc = join(REPO_ROOT, 'node_modules', 'typescript', 'bin', 'tsc');
  const args = [
    tsc, '--outDir', outDir, '--rootDir', join(REPO_ROOT, 'src'), '--module', 'NodeNext', '--moduleResolution', 'NodeNext',
    '--target', 'ES2022', '--types', 'node', '--skipLibCheck', '--strict', '--pretty', 'false',
    ...entries.map((e) => join(REPO_ROOT, e)),
  ];
  // tsc exits non-zero on type errors but still emits; a missing output is what makes this fail.
  const diagnostics = await new Promise<string>((done) => {
    execFile(process.execPath, args, { cwd: REPO_ROOT, encoding: 'utf8' }, (_err, stdout, stderr) => done(stdout + stderr));
  });
  const js = (srcPath: string): string => join(outDir, relative('src', srcPath).replace(/\.ts$/, '.js'));
  for (const e of entries) {
    if (!existsSync(js(e))) throw new Error(`compiling ${e} produced no ${js(e)}:\n${diagnostics}`);
  }
  return { outDir, js, remove: () => rm(outDir, { recursive: true, force: true }) };
}
