// Splits a byte stream into JSON values by following the JSON grammar's nesting (Kea's
// JSONFeed does the same on its control socket): a client may send several commands one
// after another, with or without newlines between them, split across packets anywhere,
// even inside a UTF-8 character.

import { StringDecoder } from 'node:string_decoder';

const OPEN_BRACE = 0x7b;
const CLOSE_BRACE = 0x7d;
const OPEN_BRACKET = 0x5b;
const CLOSE_BRACKET = 0x5d;
const QUOTE = 0x22;
const BACKSLASH = 0x5c;

function isWhitespace(c: number): boolean {
  return c === 0x20 || c === 0x0a || c === 0x0d || c === 0x09;
}

export type StreamItem = { text: string } | { error: string };

export class JsonValueSplitter {
  private readonly decoder = new StringDecoder('utf8');
  private buf = '';
  /** where scanning resumes in buf */
  private pos = 0;
  /** index in buf where the current value starts, -1 before its first character */
  private start = -1;
  private depth = 0;
  private inString = false;
  private escaped = false;
  private sawAnyInput = false;
  private failed = false;

  /** @param maxChars the longest value accepted; a longer one is an error (and ends the stream) */
  constructor(private readonly maxChars: number) {}

  /** Characters received that are not yet part of a complete value (whitespace aside). */
  get pendingChars(): number {
    return this.start < 0 ? 0 : this.buf.length - this.start;
  }

  /** After an error the stream cannot be resynchronised: the connection must end. */
  get broken(): boolean {
    return this.failed;
  }

  push(chunk: Buffer): StreamItem[] {
    if (this.failed) return [];
    this.buf += this.decoder.write(chunk);
    const out: StreamItem[] = [];
    const buf = this.buf;
    let i = this.pos;
    for (; i < buf.length; i++) {
      const c = buf.charCodeAt(i);
      if (this.start < 0) {
        if (isWhitespace(c)) {
          this.sawAnyInput = true;
          continue;
        }
        if (c !== OPEN_BRACE && c !== OPEN_BRACKET) {
          // Kea's words (kea-2.2/050): "invalid first character t"
          out.push({ error: `invalid ${this.sawAnyInput ? '' : 'first '}character ${buf[i]}` });
          this.failed = true;
          return out;
        }
        this.start = i;
        this.depth = 1;
        this.sawAnyInput = true;
        continue;
      }
      if (this.inString) {
        if (this.escaped) this.escaped = false;
        else if (c === BACKSLASH) this.escaped = true;
        else if (c === QUOTE) this.inString = false;
        continue;
      }
      if (c === QUOTE) this.inString = true;
      else if (c === OPEN_BRACE || c === OPEN_BRACKET) this.depth++;
      else if (c === CLOSE_BRACE || c === CLOSE_BRACKET) {
        if (--this.depth === 0) {
          out.push({ text: buf.slice(this.start, i + 1) });
          this.start = -1;
        }
      }
    }
    // Keep only the unfinished value.
    const keepFrom = this.start < 0 ? buf.length : this.start;
    this.buf = buf.slice(keepFrom);
    this.pos = i - keepFrom;
    if (this.start >= 0) this.start = 0;
    if (this.pendingChars > this.maxChars) {
      out.push({ error: `command is longer than the limit of ${this.maxChars} characters` });
      this.failed = true;
    }
    return out;
  }
}
