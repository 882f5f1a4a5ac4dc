import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { JsonValueSplitter } from '../../src/transport/json-stream.js';

const texts = (items: ReturnType<JsonValueSplitter['push']>) => items.map((i) => ('text' in i ? i.text : `ERROR ${i.error}`));

describe('JsonValueSplitter', () => {
  it('finds values written back to back, with or without whitespace between them', () => {
    const s = new JsonValueSplitter(1000);
    expect(texts(s.push(Buffer.from('{"command":"a"}{"command":"b"}\n [1,[2]] ')))).toEqual(['{"command":"a"}', '{"command":"b"}', '[1,[2]]']);
    expect(s.pendingChars).toBe(0);
  });

  it('is not fooled by braces, brackets and escaped quotes inside strings', () => {
    const s = new JsonValueSplitter(1000);
    const value = '{"text":"a}b]{\\"c\\"\\\\","n":{"m":[]}}';
    expect(texts(s.push(Buffer.from(value)))).toEqual([value]);
  });

  it('waits for the rest of a value split across chunks, even inside a UTF-8 character', () => {
    const s = new JsonValueSplitter(1000);
    const bytes = Buffer.from('{"hostname":"höst"}');
    const cut = bytes.indexOf(0xb6); // second byte of "ö"
    expect(s.push(bytes.subarray(0, cut))).toEqual([]);
    expect(s.pendingChars).toBeGreaterThan(0);
    expect(texts(s.push(bytes.subarray(cut)))).toEqual(['{"hostname":"höst"}']);
  });

  it("refuses what cannot start a command, in Kea's words", () => {
    expect(texts(new JsonValueSplitter(1000).push(Buffer.from('this is not json')))).toEqual(['ERROR invalid first character t']);
    const s = new JsonValueSplitter(1000);
    expect(texts(s.push(Buffer.from('  x')))).toEqual(['ERROR invalid character x']);
    expect(s.broken).toBe(true);
    expect(s.push(Buffer.from('{}'))).toEqual([]);
  });

  it('refuses a value longer than the limit', () => {
    const s = new JsonValueSplitter(10);
    expect(texts(s.push(Buffer.from('{"a":"0123456789"')))).toEqual(['ERROR command is longer than the limit of 10 characters']);
  });

  it('yields the same values however the stream is cut', () => {
    const value = fc.oneof(fc.object(), fc.array(fc.jsonValue()));
    fc.assert(
      fc.property(fc.array(value, { minLength: 1, maxLength: 5 }), fc.array(fc.nat(), { maxLength: 10 }), (values, cuts) => {
        const stream = Buffer.from(values.map((v) => JSON.stringify(v)).join(' '));
        const points = [...new Set(cuts.map((c) => c % (stream.length + 1)))].sort((a, b) => a - b);
        const s = new JsonValueSplitter(1 << 20);
        const out: string[] = [];
        let from = 0;
        for (const p of [...points, stream.length]) {
          out.push(...texts(s.push(stream.subarray(from, p))));
          from = p;
        }
        expect(out.map((t) => JSON.parse(t) as unknown)).toEqual(values.map((v) => JSON.parse(JSON.stringify(v)) as unknown));
      }),
    );
  });
});
