// config-write: the running configuration (what config-get returns, without the hash) to
// the configuration file or `filename`. As Kea ≥ 2.6 does, only the configuration file's
// own directory may be written: a command must not be able to place files anywhere the
// agent's user can write. The file is written atomically — a temporary file beside it,
// flushed, then renamed over it — so a crash leaves the old file or the new, never half.

import { randomBytes } from 'node:crypto';
import { constants as fsConstants } from 'node:fs';
import { lstat, open, realpath, rename, stat, unlink } from 'node:fs/promises';
import { basename, dirname, join, resolve } from 'node:path';
import { CONFIG_EXAMPLES } from './config-examples.js';
import { runningCommand } from './running-agent.js';
import { RESULT } from './types.js';

/** Where the file may go: the configuration file's directory, links resolved; or why not. */
async function confinedTarget(configFile: string, filename: string | undefined): Promise<{ path: string } | { error: string }> {
  const configDir = dirname(resolve(configFile));
  // A configuration file reached through a symbolic link is written where the link points.
  if (filename === undefined) return { path: await realpath(configFile).catch(() => resolve(configFile)) };
  if (filename.includes('\0')) return { error: "invalid value specified for parameter 'filename': it contains a NUL byte" };
  const target = resolve(configDir, filename);
  let realDir: string;
  let realParent: string;
  try {
    realDir = await realpath(configDir);
  } catch (err) {
    return { error: `the configuration directory ${configDir} cannot be resolved: ${(err as NodeJS.ErrnoException).code ?? String(err)}` };
  }
  try {
    realParent = await realpath(dirname(target));
  } catch (err) {
    return { error: `invalid value specified for parameter 'filename': the directory ${dirname(target)} ${(err as NodeJS.ErrnoException).code === 'ENOENT' ? 'does not exist' : 'cannot be resolved'}` };
  }
  if (realParent !== realDir) {
    return {
      error: `invalid value specified for parameter 'filename': ${target} is not in the configuration directory ${realDir}; config-write writes only there`,
    };
  }
  const path = join(realDir, basename(target));
  // The rename would replace whatever is there: a socket, a directory, a link.
  const existing = await lstat(path).catch(() => null);
  if (existing && !existing.isFile()) {
    return { error: `invalid value specified for parameter 'filename': ${path} exists and is not a regular file` };
  }
  return { path };
}

/** Keeps the mode of the file replaced (it may hold database passwords), else of the configuration file. */
async function fileMode(path: string, configFile: string): Promise<number> {
  for (const p of [path, configFile]) {
    const s = await stat(p).catch(() => null);
    if (s?.isFile()) return s.mode & 0o777;
  }
  return 0o600;
}

/** Writes `text` to `path` through a temporary file in the same directory; returns the bytes written. */
export async function writeFileAtomically(path: string, text: string, mode: number): Promise<number> {
  const data = Buffer.from(text, 'utf8');
  const temp = join(dirname(path), `.${basename(path)}.${process.pid}.${randomBytes(4).toString('hex')}.tmp`);
  const handle = await open(temp, fsConstants.O_WRONLY | fsConstants.O_CREAT | fsConstants.O_EXCL, mode);
  try {
    try {
      await handle.writeFile(data);
      await handle.sync();
    } finally {
      await handle.close();
    }
    await rename(temp, path);
  } catch (err) {
    await unlink(temp).catch(() => undefined);
    throw err;
  }
  // The rename is durable once the directory is flushed; not every file system allows that.
  const dir = await open(dirname(path), fsConstants.O_RDONLY).catch(() => null);
  if (dir) await dir.sync().catch(() => undefined).finally(() => dir.close());
  return data.length;
}

export const configWrite = runningCommand<{ filename?: string }>({
  name: 'config-write',
  description:
    "Writes the running configuration (as config-get returns it, without the hash) to the configuration file, or to `filename` in the configuration file's directory, atomically. Changes made by config-set and subnet6-* commands survive a restart only once written.",
  schema: {
    type: 'object',
    properties: {
      filename: {
        type: 'string',
        minLength: 1,
        description: "a file in the configuration file's directory (relative names are taken from there); default: the configuration file",
      },
    },
  },
  examples: CONFIG_EXAMPLES['config-write'],
  async handle(args, agent, ctx) {
    const target = await confinedTarget(agent.configFile, args.filename);
    if ('error' in target) return { result: RESULT.ERROR, text: target.error };
    const text = `${JSON.stringify(agent.config().raw, null, 2)}\n`;
    let size: number;
    try {
      size = await writeFileAtomically(target.path, text, await fileMode(target.path, agent.configFile));
    } catch (err) {
      const code = (err as NodeJS.ErrnoException).code ?? (err as Error).message;
      ctx.log.error({ err, filename: target.path }, 'config-write failed');
      return { result: RESULT.ERROR, text: `Unable to write configuration to ${target.path}: ${code}` };
    }
    ctx.log.info({ filename: target.path, size }, 'configuration written');
    return { result: RESULT.SUCCESS, text: `Configuration written to ${target.path} successfully`, arguments: { filename: target.path, size } };
  },
});
