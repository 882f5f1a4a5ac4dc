// Built-in library run-script: runs an external script at hook points, passing what Kea
// knows through KEA_* environment variables, as kea-hook-runscript does (its README is the
// interface: argv[1] is the hook point, the variables per point are its table). Beyond the
// original: the hook points are selectable, the script has a timeout, its output goes to
// the agent's log, a failure can set a next-step status, and it can be called at load and
// unload. Docs: docs/hooks.md "run-script".

import type { CalloutHandle, LibraryContext } from '../../library-api.js';
import { parseRunScriptParameters } from './script-parameters.js';
import { runScript, ScriptSlots } from './script-process.js';
import { scriptVariables, type ScriptHookPoint } from './script-variables.js';

export const version = 1;

/** How many calls may wait for a free slot, per allowed concurrent script. */
const QUEUE_PER_SLOT = 64;

export async function load(ctx: LibraryContext): Promise<void> {
  const params = parseRunScriptParameters(ctx);
  const { script, timeoutMs } = params;
  const slots = new ScriptSlots(params.maxConcurrent, params.maxConcurrent * QUEUE_PER_SLOT);
  const run = (argument: string, env: Record<string, string>) =>
    slots.run(() => runScript(script, argument, env, { timeoutMs, log: ctx.log }));

  if (params.callOnLoadUnload) {
    const result = await run('load', {});
    if (!result.ok) throw new Error(`the script's load call ${result.failure}`);
  }

  for (const point of params.hookPoints) {
    const failureStatus = params.exitStatus[point];
    ctx.registerCallout(point, async (handle: CalloutHandle<ScriptHookPoint>) => {
      const env = scriptVariables(point, handle.arguments);
      const pending = run(point, env);
      if (!params.wait) {
        void pending.then((r) => {
          if (!r.ok) ctx.log.warn({ hookPoint: point }, `script ${script} ${r.failure}`);
        });
        return;
      }
      const result = await pending;
      if (result.ok) return;
      ctx.log.warn({ hookPoint: point }, `script ${script} ${result.failure}${failureStatus ? `: status ${failureStatus}` : ''}`);
      if (failureStatus) handle.setStatus(failureStatus);
    });
  }

  ctx.onUnload(async () => {
    const dropped = slots.close();
    if (dropped > 0) ctx.log.warn(`${dropped} queued script calls not run: the library unloaded`);
    if (params.callOnLoadUnload) {
      // The slots are closed to packets; the unload call runs on its own.
      const result = await runScript(script, 'unload', {}, { timeoutMs, log: ctx.log });
      if (!result.ok) ctx.log.warn(`the script's unload call ${result.failure}`);
    }
  });
}
