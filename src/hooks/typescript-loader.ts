// Node module hooks (module.register) that let hook libraries be written in TypeScript
// without a build step: Node 20 cannot strip types, so .ts/.mts files are transformed by
// esbuild on load, and a relative `./x.js` import from a .ts file finds `./x.ts` as tsc's
// NodeNext convention expects. Registered only when a .ts library is configured.

import { readFile } from 'node:fs/promises';
import type { LoadHook, ResolveHook } from 'node:module';
import { fileURLToPath } from 'node:url';

const TS_FILE = /\.m?ts$/;

function isTypeScriptUrl(url: string): boolean {
  return url.startsWith('file:') && TS_FILE.test(new URL(url).pathname);
}

export const resolve: ResolveHook = async (specifier, context, nextResolve) => {
  try {
    return await nextResolve(specifier, context);
  } catch (err) {
    const parent = context.parentURL;
    const relative = specifier.startsWith('./') || specifier.startsWith('../');
    if ((err as NodeJS.ErrnoException).code === 'ERR_MODULE_NOT_FOUND' && relative && parent && isTypeScriptUrl(parent) && /\.m?js$/.test(specifier)) {
      return nextResolve(specifier.replace(/\.js$/, '.ts').replace(/\.mjs$/, '.mts'), context);
    }
    throw err;
  }
};

export const load: LoadHook = async (url, context, nextLoad) => {
  if (!isTypeScriptUrl(url)) return nextLoad(url, context);
  const file = fileURLToPath(url);
  const source = await readFile(file, 'utf8');
  const { transform } = await import('esbuild');
  const out = await transform(source, {
    loader: 'ts',
    format: 'esm',
    target: 'node20',
    sourcemap: 'inline',
    sourcefile: file,
  });
  return { format: 'module', source: out.code, shortCircuit: true };
};
