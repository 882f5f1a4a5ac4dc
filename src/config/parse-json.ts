// Kea's JSON dialect: plain JSON plus `//`, `/* */` and `#` comments outside strings.
// A small recursive-descent parser rather than strip-then-JSON.parse: it reports every
// syntax error with line and column, and it rejects duplicate keys in an object (Kea's
// parser does too, while JSON.parse would silently keep the last one).

import { ConfigError } from './types.js';

/** Deeper nesting than this is not a configuration, and would exhaust the stack. */
const MAX_DEPTH = 256;

class JsonSyntaxError extends Error {
  constructor(readonly offset: number, message: string) {
    super(message);
  }
}

/**
 * Parses Kea-style JSON. Throws ConfigError whose path is `source:line:col`
 * (source defaults to "<config>").
 */
export function parseKeaJson(text: string, source = '<config>'): unknown {
  const parser = new KeaJsonParser(text);
  try {
    return parser.parseDocument();
  } catch (err) {
    if (err instanceof JsonSyntaxError) {
      const { line, col } = lineColAt(text, err.offset);
      throw new ConfigError(`${source}:${line}:${col}`, err.message);
    }
    throw err;
  }
}

/** 1-based line and column of a character offset. */
export function lineColAt(text: string, offset: number): { line: number; col: number } {
  let line = 1;
  let lineStart = 0;
  for (let i = 0; i < offset && i < text.length; i++) {
    if (text.charCodeAt(i) === 10) {
      line++;
      lineStart = i + 1;
    }
  }
  return { line, col: offset - lineStart + 1 };
}

class KeaJsonParser {
  private pos = 0;

  constructor(private readonly text: string) {}

  parseDocument(): unknown {
    this.skipTrivia();
    if (this.pos >= this.text.length) throw new JsonSyntaxError(this.pos, 'empty document: expected a JSON value');
    const value = this.parseValue(0);
    this.skipTrivia();
    if (this.pos < this.text.length) {
      throw new JsonSyntaxError(this.pos, `unexpected ${this.describeHere()} after the end of the JSON value`);
    }
    return value;
  }

  private parseValue(depth: number): unknown {
    if (depth > MAX_DEPTH) throw new JsonSyntaxError(this.pos, `nesting deeper than ${MAX_DEPTH} levels`);
    const ch = this.text[this.pos];
    switch (ch) {
      case '{':
        return this.parseObject(depth);
      case '[':
        return this.parseArray(depth);
      case '"':
        return this.parseString();
      case 't':
        return this.parseLiteral('true', true);
      case 'f':
        return this.parseLiteral('false', false);
      case 'n':
        return this.parseLiteral('null', null);
      case undefined:
        throw new JsonSyntaxError(this.pos, 'unexpected end of input: expected a JSON value');
      default:
        if (ch === '-' || (ch >= '0' && ch <= '9')) return this.parseNumber();
        if (ch === '<' && this.text.startsWith('<?include', this.pos)) {
          throw new JsonSyntaxError(this.pos, '<?include ?> directives are not supported by dhcp6-agent');
        }
        throw new JsonSyntaxError(this.pos, `unexpected ${this.describeHere()}: expected a JSON value`);
    }
  }

  private parseObject(depth: number): Record<string, unknown> {
    this.pos++; // '{'
    const out: Record<string, unknown> = {};
    const seen = new Map<string, number>();
    this.skipTrivia();
    if (this.text[this.pos] === '}') {
      this.pos++;
      return out;
    }
    for (;;) {
      this.skipTrivia();
      if (this.text[this.pos] !== '"') {
        throw new JsonSyntaxError(this.pos, `unexpected ${this.describeHere()}: expected a key in double quotes`);
      }
      const keyAt = this.pos;
      const key = this.parseString();
      const earlier = seen.get(key);
      if (earlier !== undefined) {
        const { line, col } = lineColAt(this.text, earlier);
        throw new JsonSyntaxError(keyAt, `duplicate key "${key}" (first at line ${line}, column ${col})`);
      }
      seen.set(key, keyAt);
      this.skipTrivia();
      if (this.text[this.pos] !== ':') {
        throw new JsonSyntaxError(this.pos, `unexpected ${this.describeHere()}: expected ':' after key "${key}"`);
      }
      this.pos++;
      this.skipTrivia();
      // defineProperty keeps a key such as "__proto__" ordinary data instead of a prototype change.
      Object.defineProperty(out, key, { value: this.parseValue(depth + 1), enumerable: true, writable: true, configurable: true });
      this.skipTrivia();
      const next = this.text[this.pos];
      if (next === ',') {
        this.pos++;
        this.skipTrivia();
        if (this.text[this.pos] === '}') throw new JsonSyntaxError(this.pos, "trailing ',' before '}'");
        continue;
      }
      if (next === '}') {
        this.pos++;
        return out;
      }
      throw new JsonSyntaxError(this.pos, `unexpected ${this.describeHere()}: expected ',' or '}'`);
    }
  }

  private parseArray(depth: number): unknown[] {
    this.pos++; // '['
    const out: unknown[] = [];
    this.skipTrivia();
    if (this.text[this.pos] === ']') {
      this.pos++;
      return out;
    }
    for (;;) {
      this.skipTrivia();
      out.push(this.parseValue(depth + 1));
      this.skipTrivia();
      const next = this.text[this.pos];
      if (next === ',') {
        this.pos++;
        this.skipTrivia();
        if (this.text[this.pos] === ']') throw new JsonSyntaxError(this.pos, "trailing ',' before ']'");
        continue;
      }
      if (next === ']') {
        this.pos++;
        return out;
      }
      throw new JsonSyntaxError(this.pos, `unexpected ${this.describeHere()}: expected ',' or ']'`);
    }
  }

  private parseString(): string {
    const start = this.pos;
    let i = start + 1;
    for (;;) {
      if (i >= this.text.length) throw new JsonSyntaxError(start, 'unterminated string');
      const c = this.text.charCodeAt(i);
      if (c === 0x22) break; // closing quote
      // A line break in a string almost always means a missing closing quote.
      if (c === 0x0a || c === 0x0d) throw new JsonSyntaxError(start, 'unterminated string: it runs into the end of the line');
      if (c < 0x20) throw new JsonSyntaxError(i, 'control character inside a string (write it as an escape)');
      if (c === 0x5c) {
        const e = this.text[i + 1];
        if (e === 'u') {
          if (!/^[0-9a-fA-F]{4}$/.test(this.text.slice(i + 2, i + 6))) throw new JsonSyntaxError(i, 'bad \\u escape');
          i += 6;
          continue;
        }
        if (e === undefined || !'"\\/bfnrt'.includes(e)) throw new JsonSyntaxError(i, `bad escape "\\${e ?? ''}"`);
        i += 2;
        continue;
      }
      i++;
    }
    this.pos = i + 1;
    // The slice is now known to be a valid JSON string literal: let JSON.parse decode the escapes.
    return JSON.parse(this.text.slice(start, i + 1)) as string;
  }

  private parseNumber(): number {
    const m = /-?(?:0|[1-9]\d*)(?:\.\d+)?(?:[eE][+-]?\d+)?/y;
    m.lastIndex = this.pos;
    const match = m.exec(this.text);
    if (!match || match[0] === '-') throw new JsonSyntaxError(this.pos, 'bad number');
    const after = this.text[this.pos + match[0].length];
    if (after !== undefined && /[0-9A-Za-z_.]/.test(after)) {
      throw new JsonSyntaxError(this.pos, `bad number "${this.text.slice(this.pos, this.pos + match[0].length + 1)}"`);
    }
    this.pos += match[0].length;
    return Number(match[0]);
  }

  private parseLiteral<T>(word: string, value: T): T {
    if (!this.text.startsWith(word, this.pos) || /[0-9A-Za-z_]/.test(this.text[this.pos + word.length] ?? '')) {
      throw new JsonSyntaxError(this.pos, `unexpected ${this.describeHere()}: expected a JSON value`);
    }
    this.pos += word.length;
    return value;
  }

  /** Skips whitespace and Kea's three comment forms. */
  private skipTrivia(): void {
    const t = this.text;
    while (this.pos < t.length) {
      const c = t[this.pos];
      if (c === ' ' || c === '\t' || c === '\n' || c === '\r') {
        this.pos++;
      } else if (c === '#' || (c === '/' && t[this.pos + 1] === '/')) {
        const nl = t.indexOf('\n', this.pos);
        this.pos = nl < 0 ? t.length : nl + 1;
      } else if (c === '/' && t[this.pos + 1] === '*') {
        const end = t.indexOf('*/', this.pos + 2);
        if (end < 0) throw new JsonSyntaxError(this.pos, "unterminated '/*' comment");
        this.pos = end + 2;
      } else {
        return;
      }
    }
  }

  private describeHere(): string {
    if (this.pos >= this.text.length) return 'end of input';
    const word = /^[A-Za-z_][A-Za-z0-9_-]*/.exec(this.text.slice(this.pos, this.pos + 40));
    if (word) return `"${word[0]}"`;
    return `'${this.text[this.pos]}'`;
  }
}
