// The agent runs as compiled JavaScript on plain Node 20, where a .ts library only loads
// through the loader hooks: this test runs them in a real Node process, not under vitest
// (which transforms TypeScript itself).

import { execFile } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { promisify } from 'node:util';
import { build } from 'esbuild';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { FIXTURE_HOOKS_DIR } from './programmable-library.js';

const run = promisify(execFile);
const REPO = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const LOADER_SOURCE = path.join(REPO, 'src/hooks/typescript-loader.ts');

let dir: string;
let loader: string;

beforeAll(async () => {
  // Inside the package, as dist/ would be, so that the loader finds esbuild in node_modules.
  mkdirSync(path.join(REPO, '.tmp'), { recursive: true });
  dir = mkdtempSync(path.join(REPO, '.tmp', 'hooks-tsloader-'));
  loader = path.join(dir, 'typescript-loader.mjs');
  await build({ entryPoints: [LOADER_SOURCE], outfile: loader, format: 'esm', platform: 'node', bundle: false });
});

afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('TypeScript loader hooks', () => {
  it('lets plain Node import a .ts library whose relative ./x.js import is a .ts file', async () => {
    const script = path.join(dir, 'main.mjs');
    writeFileSync(script, `
      import { register } from 'node:module';
      register(${JSON.stringify(pathToFileURL(loader).href)});
      const lib = await import(${JSON.stringify(pathToFileURL(path.join(FIXTURE_HOOKS_DIR, 'typed.ts')).href + '?generation=1')});
      lib.load({ parameters: { 'valid-lft': 321 } });
      const lease = { validLft: 0 };
      lib.lease6_select({ getArgument: () => lease });
      console.log(JSON.stringify({ version: lib.version, validLft: lease.validLft }));
    `);
    const { stdout } = await run(process.execPath, [script], { cwd: dir });
    expect(JSON.parse(stdout)).toEqual({ version: 1, validLft: 321 });
  });

  it('leaves JavaScript modules to Node', async () => {
    const script = path.join(dir, 'plain.mjs');
    writeFileSync(script, `
      import { register } from 'node:module';
      register(${JSON.stringify(pathToFileURL(loader).href)});
      const lib = await import(${JSON.stringify(pathToFileURL(path.join(FIXTURE_HOOKS_DIR, 'minimal.js')).href)});
      const lease = { validLft: 0 };
      lib.lease6_select({ getArgument: () => lease });
      console.log(lease.validLft);
    `);
    const { stdout } = await run(process.execPath, [script], { cwd: dir });
    expect(stdout.trim()).toBe('1234');
  });
});
