import { describe, expect, it } from 'vitest';
import { parseKeaJson } from '../../src/config/parse-json.js';
import { errorOf } from './dhcp6-config.js';

describe('parseKeaJson comments', () => {
  it('skips // and # line comments and /* */ comments spanning lines', () => {
    const text = [
      '// leading comment',
      '# hash comment',
      '{ /* block',
      '   still comment "with quotes" } ] */',
      '  "a": 1, // trailing',
      '  "b": [2, # inside array',
      '        3] /* end */',
      '}',
      '# last line without newline',
    ].join('\n');
    expect(parseKeaJson(text)).toEqual({ a: 1, b: [2, 3] });
  });

  it('keeps //, # and /* */ inside strings as text', () => {
    const text = '{"url": "http://example.com/#frag", "c": "/* not a comment */", "h": "# no"}';
    expect(parseKeaJson(text)).toEqual({ url: 'http://example.com/#frag', c: '/* not a comment */', h: '# no' });
  });

  it('handles escaped quotes and backslashes before comment characters', () => {
    const text = '{"q": "say \\"hi\\" // still string", "b": "ends with backslash \\\\"} // comment "x"';
    expect(parseKeaJson(text)).toEqual({ q: 'say "hi" // still string', b: 'ends with backslash \\' });
  });

  it('decodes JSON escapes exactly as JSON.parse does', () => {
    const text = '{"u": "\\u00e9\\n\\t\\/\\ud83d\\ude00"}';
    expect(parseKeaJson(text)).toEqual(JSON.parse(text));
  });

  it('keeps "__proto__" as an ordinary key', () => {
    const parsed = parseKeaJson('{"__proto__": {"polluted": true}}') as Record<string, unknown>;
    expect(Object.keys(parsed)).toEqual(['__proto__']);
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
    expect(Object.getPrototypeOf(parsed)).toBe(Object.prototype);
  });

  it('parses numbers, literals and nesting like JSON.parse', () => {
    const text = '{"n": -12.5e2, "z": 0, "t": true, "f": false, "x": null, "a": [[], {}, [1, {"b": "c"}]]}';
    expect(parseKeaJson(text)).toEqual(JSON.parse(text));
  });
});

describe('parseKeaJson errors', () => {
  it('gives file, line and column of a syntax error', () => {
    const err = errorOf(() => parseKeaJson('{\n  "a": 1,\n  "b" 2\n}', '/etc/dhcp6.json'));
    expect(err.path).toBe('/etc/dhcp6.json:3:7');
    expect(err.problem).toContain("expected ':'");
  });

  it('counts lines inside block comments when locating an error', () => {
    const err = errorOf(() => parseKeaJson('/* one\ntwo\nthree */ {"a": tru}'));
    expect(err.path).toBe('<config>:3:16');
  });

  it('rejects a duplicate key and says where the first one is', () => {
    const err = errorOf(() => parseKeaJson('{"Dhcp6": {\n "valid-lifetime": 1,\n "valid-lifetime": 2 }}', 'f.json'));
    expect(err.path).toBe('f.json:3:2');
    expect(err.problem).toBe('duplicate key "valid-lifetime" (first at line 2, column 2)');
  });

  it('rejects trailing commas', () => {
    expect(errorOf(() => parseKeaJson('{"a": [1, 2,]}')).problem).toBe("trailing ',' before ']'");
    expect(errorOf(() => parseKeaJson('{"a": 1,\n}')).path).toBe('<config>:2:1');
  });

  it('reports an unterminated string at its opening quote', () => {
    const err = errorOf(() => parseKeaJson('{"a": "open\n}'));
    expect(err.path).toBe('<config>:1:7');
    expect(err.problem).toBe('unterminated string: it runs into the end of the line');
    expect(errorOf(() => parseKeaJson('{"a": "tab\there"}')).problem).toBe('control character inside a string (write it as an escape)');
    expect(errorOf(() => parseKeaJson('{"a": "open')).problem).toBe('unterminated string');
  });

  it('reports an unterminated block comment', () => {
    const err = errorOf(() => parseKeaJson('{"a": 1 /* never closed\n}'));
    expect(err.path).toBe('<config>:1:9');
    expect(err.problem).toBe("unterminated '/*' comment");
  });

  it('reports unquoted keys, single quotes and bare words', () => {
    expect(errorOf(() => parseKeaJson('{a: 1}')).problem).toBe('unexpected "a": expected a key in double quotes');
    expect(errorOf(() => parseKeaJson("{\"a\": 'x'}")).problem).toBe("unexpected ''': expected a JSON value");
    expect(errorOf(() => parseKeaJson('{"a": yes}')).problem).toBe('unexpected "yes": expected a JSON value');
  });

  it('rejects bad numbers', () => {
    expect(errorOf(() => parseKeaJson('{"a": 01}')).problem).toBe('bad number "01"');
    expect(errorOf(() => parseKeaJson('{"a": -}')).problem).toBe('bad number');
    expect(errorOf(() => parseKeaJson('{"a": 1.}')).problem).toBe('bad number "1."');
  });

  it('rejects an empty document and text after the value', () => {
    expect(errorOf(() => parseKeaJson('  // only a comment\n')).problem).toBe('empty document: expected a JSON value');
    const err = errorOf(() => parseKeaJson('{}\n{}'));
    expect(err.path).toBe('<config>:2:1');
    expect(err.problem).toBe("unexpected '{' after the end of the JSON value");
  });

  it('says that <?include ?> is not supported', () => {
    expect(errorOf(() => parseKeaJson('{"Dhcp6": <?include "x.json"?>}')).problem).toBe(
      '<?include ?> directives are not supported by dhcp6-agent',
    );
  });

  it('refuses absurd nesting instead of overflowing the stack', () => {
    expect(errorOf(() => parseKeaJson('['.repeat(100000))).problem).toBe('nesting deeper than 256 levels');
  });
});
