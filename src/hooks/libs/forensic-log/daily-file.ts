// The forensic log file: path/base-name.CCYYMMDD.txt, named after the (local) day it was
// started and rotated when the day changes. Every line starts with the local date, time
// and time zone ("2018-01-06 01:02:03 PST"), as Kea's legal log writes them.

import { createWriteStream, type WriteStream } from 'node:fs';
import path from 'node:path';
import type { HookLogger } from '../../library-api.js';

const zoneFormat = new Intl.DateTimeFormat('en-US', { timeZoneName: 'short' });

function pad(n: number, width = 2): string {
  return String(n).padStart(width, '0');
}

export function dayStamp(at: Date): string {
  return `${at.getFullYear()}${pad(at.getMonth() + 1)}${pad(at.getDate())}`;
}

/** strftime "%Y-%m-%d %H:%M:%S %Z" in local time */
export function lineTimestamp(at: Date): string {
  const zone = zoneFormat.formatToParts(at).find((p) => p.type === 'timeZoneName')?.value ?? '';
  return `${at.getFullYear()}-${pad(at.getMonth() + 1)}-${pad(at.getDate())} ` +
    `${pad(at.getHours())}:${pad(at.getMinutes())}:${pad(at.getSeconds())} ${zone}`;
}

export class DailyFile {
  private stream: WriteStream | null = null;
  private day = '';

  constructor(
    private readonly directory: string,
    private readonly baseName: string,
    private readonly log: HookLogger,
    private readonly now: () => Date = () => new Date(),
  ) {}

  fileName(at: Date): string {
    return path.join(this.directory, `${this.baseName}.${dayStamp(at)}.txt`);
  }

  /** Appends one entry; lines are written in call order. */
  writeln(entry: string): void {
    const at = this.now();
    const day = dayStamp(at);
    if (day !== this.day || this.stream === null) this.rotate(at, day);
    this.stream!.write(`${lineTimestamp(at)} ${entry}\n`);
  }

  /** Flushes and closes the current file. */
  close(): Promise<void> {
    const stream = this.stream;
    this.stream = null;
    if (stream === null) return Promise.resolve();
    return new Promise((resolve) => stream.end(resolve));
  }

  private rotate(at: Date, day: string): void {
    void this.close();
    const file = this.fileName(at);
    const stream = createWriteStream(file, { flags: 'a' });
    stream.on('error', (err) => this.log.error({ err, file }, `forensic log ${file}: ${err.message}`));
    this.stream = stream;
    this.day = day;
  }
}
