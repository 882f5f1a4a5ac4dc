// Hex text as Kea accepts it for option-data (csv-format false), DUIDs and hw-addresses
// (Kea's decodeFormattedHexString): "0a:0b:0c" or "0a 0b 0c" (one or two digits per
// byte), or "0a0b0c" / "0x0a0b0c" (an odd digit count gets a leading zero).

const HEX_VALUE = new Int8Array(128).fill(-1);
for (let i = 0; i < 10; i++) HEX_VALUE[48 + i] = i;
for (let i = 0; i < 6; i++) {
  HEX_VALUE[65 + i] = 10 + i;
  HEX_VALUE[97 + i] = 10 + i;
}

function hexDigit(text: string, i: number): number {
  const c = text.charCodeAt(i);
  return c < 128 ? HEX_VALUE[c] : -1;
}

/** Decodes hex text; returns the bytes, or a reason string saying what is wrong. */
export function decodeHexText(text: string): Buffer | string {
  if (typeof text !== 'string') return 'not a string';
  const sep = text.includes(':') ? ':' : text.includes(' ') ? ' ' : '';
  if (sep !== '') return decodeSeparated(text, sep);
  let start = 0;
  if (text.length > 2 && text[0] === '0' && (text[1] === 'x' || text[1] === 'X')) start = 2;
  const digits = text.length - start;
  const odd = digits % 2;
  const out = Buffer.allocUnsafe((digits + odd) >> 1);
  let o = 0;
  let i = start;
  if (odd) {
    const d = hexDigit(text, i++);
    if (d < 0) return `'${text}' is not a valid string of hexadecimal digits`;
    out[o++] = d;
  }
  for (; i < text.length; i += 2) {
    const hi = hexDigit(text, i);
    const lo = hexDigit(text, i + 1);
    if (hi < 0 || lo < 0) return `'${text}' is not a valid string of hexadecimal digits`;
    out[o++] = (hi << 4) | lo;
  }
  return out;
}

function decodeSeparated(text: string, sep: string): Buffer | string {
  const parts = text.split(sep);
  const out = Buffer.allocUnsafe(parts.length);
  for (let p = 0; p < parts.length; p++) {
    const part = parts[p];
    if (part.length === 0) return `'${text}' has two consecutive separators or one at an end`;
    if (part.length > 2) return `'${text}' has "${part}" between separators: expected one or two hex digits`;
    const hi = part.length === 2 ? hexDigit(part, 0) : 0;
    const lo = hexDigit(part, part.length - 1);
    if (hi < 0 || lo < 0) return `'${text}' is not a valid string of hexadecimal digits`;
    out[p] = (hi << 4) | lo;
  }
  return out;
}

const HEX_PAIRS: string[] = Array.from({ length: 256 }, (_, i) => (i < 16 ? '0' : '') + i.toString(16));

/** Kea's text form of identifiers: lowercase byte pairs joined by ':' ("00:03:00:01:aa"). */
export function colonHex(buf: Uint8Array): string {
  if (buf.length === 0) return '';
  const parts = new Array<string>(buf.length);
  for (let i = 0; i < buf.length; i++) parts[i] = HEX_PAIRS[buf[i]];
  return parts.join(':');
}
