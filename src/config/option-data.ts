// Kea's option-data lists (global, subnet, pool, pd-pool, reservation level), encoded to
// option payloads here so the engine only copies bytes into its replies.

import { ConfigError, type ConfiguredOption } from './types.js';
import { KeaMap, UINT16_MAX } from './kea-map.js';
import { closestKey } from './key-check.js';
import { encodeOptionData, findOptionDef, OptionDataError, STANDARD_OPTION_DEFS } from '../dhcp6/option-defs.js';

const OPTION_DATA_KEYS = ['name', 'code', 'space', 'csv-format', 'data', 'always-send', 'never-send', 'user-context', 'comment'];
const UNSUPPORTED_OPTION_DATA_KEYS = ['client-classes'];
const OPTION_NAMES = STANDARD_OPTION_DEFS.map((d) => d.name);

/** Parses `parent`'s option-data list (empty when absent). */
export function parseOptionData(parent: KeaMap): ConfiguredOption[] {
  return parent.maps('option-data').map(parseOption);
}

function parseOption(map: KeaMap): ConfiguredOption {
  map.checkKeys({ supported: OPTION_DATA_KEYS, unsupported: UNSUPPORTED_OPTION_DATA_KEYS });
  map.userContext();
  const space = map.optString('space') ?? 'dhcp6';
  if (space !== 'dhcp6') map.fail('space', `"${space}" is not supported by dhcp6-agent: only the "dhcp6" option space is`);
  const name = map.optString('name', { nonEmpty: true });
  const code = map.optInt('code', { min: 1, max: UINT16_MAX });
  if (name === undefined && code === undefined) throw new ConfigError(map.path, "needs 'name' or 'code'");

  let def = code !== undefined ? findOptionDef(code) : undefined;
  if (name !== undefined) {
    const byName = findOptionDef(name);
    if (!byName) {
      const near = closestKey(name, OPTION_NAMES);
      map.fail('name', `"${name}" is not a known option in the dhcp6 space${near ? ` (did you mean '${near}'?)` : ''}`);
    }
    if (code !== undefined && byName.code !== code) {
      map.fail('code', `${code} does not match option '${byName.name}', whose code is ${byName.code}`);
    }
    def = byName;
  }
  const optionCode = def?.code ?? (code as number);
  const csvFormat = map.optBool('csv-format') ?? true;
  const data = map.optString('data') ?? '';
  let payload: Buffer;
  try {
    payload = encodeOptionData(def, data, csvFormat, optionCode);
  } catch (err) {
    if (err instanceof OptionDataError) map.fail('data', err.message);
    throw err;
  }
  const out: ConfiguredOption = {
    code: optionCode,
    data: payload,
    alwaysSend: map.optBool('always-send') ?? false,
    neverSend: map.optBool('never-send') ?? false,
  };
  if (def) out.name = def.name;
  return out;
}
