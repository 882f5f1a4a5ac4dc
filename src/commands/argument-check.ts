// Checks a command's `arguments` against its JSON schema and says what is wrong in Kea's
// words where Kea has them ("missing parameter 'ip-address'", "invalid type specified for
// parameter 'iaid'", "out of range value (-1) specified for parameter 'iaid'"), naming the
// field by its path otherwise. Each schema is compiled once, when first used.

import { Ajv, type ErrorObject, type ValidateFunction } from 'ajv';
import { tryParseIpv6, tryParsePrefix } from '../dhcp6/ipv6.js';
import { decodeHexText } from '../dhcp6/hex-text.js';
import type { JsonSchema } from './types.js';

/** null when the arguments are fine, else the text of the first problem found */
export type ArgumentCheck = (args: unknown) => string | null;

// Schemas are ours or a library's: unknown keywords (OpenAPI annotations) are tolerated.
const ajv = new Ajv({ allErrors: false, verbose: true, strict: false });

/** Reasons the formats below reject a value, for the error text. */
const FORMAT_REASONS: Record<string, (value: string) => string> = {
  ipv6: (v) => `'${v}' is not an IPv6 address: ${tryParseIpv6(v) as string}`,
  'ipv6-prefix': (v) => `'${v}' is not an IPv6 prefix: ${tryParsePrefix(v) as string}`,
  'hex-bytes': (v) => {
    if (v === '') return 'must not be empty';
    const r = decodeHexText(v);
    return typeof r === 'string' ? r : 'must not be empty';
  },
};

ajv.addFormat('ipv6', { type: 'string', validate: (v: string) => typeof tryParseIpv6(v) === 'bigint' });
ajv.addFormat('ipv6-prefix', { type: 'string', validate: (v: string) => typeof tryParsePrefix(v) !== 'string' });
ajv.addFormat('hex-bytes', {
  type: 'string',
  validate: (v: string) => {
    const r = decodeHexText(v);
    return typeof r !== 'string' && r.length > 0;
  },
});

const compiled = new WeakMap<JsonSchema, ArgumentCheck>();

/** Compiles (once per schema object) a check for `arguments`. Throws when the schema itself is invalid. */
export function argumentCheck(schema: JsonSchema): ArgumentCheck {
  let check = compiled.get(schema);
  if (!check) {
    const validate = ajv.compile(schema);
    check = (args) => (validate(args) ? null : describeFirstError(validate));
    compiled.set(schema, check);
  }
  return check;
}

function describeFirstError(validate: ValidateFunction): string {
  const err = validate.errors?.[0];
  return err ? describeError(err) : 'invalid arguments';
}

/** "/reservation/ip-addresses/0" → "reservation.ip-addresses[0]" */
export function parameterName(instancePath: string, child?: string): string {
  let out = '';
  const parts = instancePath === '' ? [] : instancePath.slice(1).split('/');
  if (child !== undefined) parts.push(child);
  for (const raw of parts) {
    const part = raw.replace(/~1/g, '/').replace(/~0/g, '~');
    if (/^\d+$/.test(part) && out !== '') out += `[${part}]`;
    else out += out === '' ? part : `.${part}`;
  }
  return out === '' ? 'arguments' : out;
}

function listText(values: unknown[]): string {
  const texts = values.map((v) => (typeof v === 'string' ? v : JSON.stringify(v)));
  return texts.length <= 1 ? texts.join('') : `${texts.slice(0, -1).join(', ')} and ${texts[texts.length - 1]}`;
}

function valueText(v: unknown): string {
  const s = JSON.stringify(v);
  return s.length > 60 ? `${s.slice(0, 57)}...` : s;
}

function describeError(err: ErrorObject): string {
  const p = err.params as Record<string, unknown>;
  const name = parameterName(err.instancePath);
  const data = err.data;
  switch (err.keyword) {
    case 'required':
      return `missing parameter '${parameterName(err.instancePath, String(p.missingProperty))}'`;
    case 'type':
      return `invalid type specified for parameter '${name}'`;
    case 'minimum':
    case 'maximum':
    case 'exclusiveMinimum':
    case 'exclusiveMaximum':
      return `out of range value (${valueText(data)}) specified for parameter '${name}'`;
    case 'enum':
      return `invalid value ${valueText(data)} specified for parameter '${name}': the supported values are ${listText(p.allowedValues as unknown[])}`;
    case 'const':
      return `invalid value ${valueText(data)} specified for parameter '${name}': it must be ${valueText(p.allowedValue)}`;
    case 'format': {
      const reason = FORMAT_REASONS[String(p.format)];
      return `invalid value specified for parameter '${name}': ${reason ? reason(String(data)) : `must be ${String(p.format)}`}`;
    }
    case 'minLength':
      return data === '' ? `parameter '${name}' must not be empty` : `parameter '${name}' must be at least ${String(p.limit)} characters long`;
    case 'maxLength':
      return `parameter '${name}' must be at most ${String(p.limit)} characters long`;
    case 'minItems':
      return `parameter '${name}' must list at least ${String(p.limit)} item(s)`;
    case 'maxItems':
      return `parameter '${name}' must list at most ${String(p.limit)} item(s)`;
    case 'uniqueItems':
      return `parameter '${name}' lists ${valueText((data as unknown[])[p.j as number])} more than once`;
    case 'additionalProperties':
      return `unsupported parameter '${parameterName(err.instancePath, String(p.additionalProperty))}'`;
    case 'minProperties':
      return `parameter '${name}' must not be empty`;
    case 'pattern':
      return `invalid value ${valueText(data)} specified for parameter '${name}': it must match ${String(p.pattern)}`;
    default:
      return `invalid value specified for parameter '${name}': ${err.message ?? err.keyword}`;
  }
}
