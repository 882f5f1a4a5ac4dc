// Configured options in a response (kea-dhcp6's buildCfgOptionList / appendRequestedOptions):
// the options the client asked for in its ORO plus those marked always-send, each taken from
// the most specific level that configures it — reservation, then pool / pd-pool of the leases
// given, then subnet, then global. always-send at any level makes the code count as requested. The level that configures a code decides alone: if it marks
// the option never-send, it is not sent even when a less specific level would send it.
import type { ConfiguredOption } from '../config/types.js';
import type { Dhcp6Option } from '../dhcp6/types.js';

export interface OptionLevel {
  readonly byCode: ReadonlyMap<number, readonly ConfiguredOption[]>;
  readonly alwaysSend: readonly number[];
}

const EMPTY_LEVEL: OptionLevel = { byCode: new Map(), alwaysSend: [] };
const levels = new WeakMap<readonly ConfiguredOption[], OptionLevel>();

/** The lookup form of a list of configured options (cached per list: configurations are immutable). */
export function optionLevel(options: readonly ConfiguredOption[] | undefined): OptionLevel {
  if (!options || options.length === 0) return EMPTY_LEVEL;
  let level = levels.get(options);
  if (!level) {
    const byCode = new Map<number, ConfiguredOption[]>();
    const alwaysSend: number[] = [];
    for (const o of options) {
      const list = byCode.get(o.code);
      if (list) list.push(o);
      else byCode.set(o.code, [o]);
      if (o.alwaysSend && !o.neverSend && !alwaysSend.includes(o.code)) alwaysSend.push(o.code);
    }
    level = { byCode, alwaysSend };
    levels.set(options, level);
  }
  return level;
}

/**
 * Appends to `out` the configured options for `requested` codes (ORO, in the client's order)
 * and the always-send ones, from `chain` (most specific level first). Codes already in `out`
 * are not added again. `copy`: give the response its own Buffers (callouts may change them;
 * the configuration's must stay untouched — hooks contract, "Accessing DHCPv6 Options").
 */
export function appendConfiguredOptions(
  out: Dhcp6Option[],
  requested: readonly number[],
  chain: readonly OptionLevel[],
  copy: boolean,
): void {
  const done = new Set<number>();
  for (const o of out) done.add(o.code);
  const emit = (code: number): void => {
    if (done.has(code)) return;
    done.add(code);
    for (const level of chain) {
      const found = level.byCode.get(code);
      if (!found) continue;
      for (const o of found) {
        if (!o.neverSend) out.push({ kind: 'raw', code, data: copy ? Buffer.from(o.data) : o.data });
      }
      return;
    }
  };
  for (const code of requested) emit(code);
  // As in Kea, always-send at any level makes the code requested; its value still comes
  // from the most specific level configuring it.
  for (const level of chain) for (const code of level.alwaysSend) emit(code);
}
