// A HookLogger that keeps what was logged, so tests can check a failure was reported
// with the library's name.

import type { HookLogger } from '../../src/hooks/library-api.js';

export interface LogRecord {
  level: 'debug' | 'info' | 'warn' | 'error';
  msg: string;
  fields: Record<string, unknown>;
}

export class RecordingLogger implements HookLogger {
  constructor(readonly records: LogRecord[] = [], private readonly bindings: Record<string, unknown> = {}) {}

  debug(obj: object | string, msg?: string): void { this.add('debug', obj, msg); }
  info(obj: object | string, msg?: string): void { this.add('info', obj, msg); }
  warn(obj: object | string, msg?: string): void { this.add('warn', obj, msg); }
  error(obj: object | string, msg?: string): void { this.add('error', obj, msg); }

  child(bindings: Record<string, unknown>): HookLogger {
    return new RecordingLogger(this.records, { ...this.bindings, ...bindings });
  }

  find(level: LogRecord['level'], pattern: RegExp): LogRecord | undefined {
    return this.records.find((r) => r.level === level && pattern.test(r.msg));
  }

  private add(level: LogRecord['level'], obj: object | string, msg?: string): void {
    if (typeof obj === 'string') this.records.push({ level, msg: obj, fields: { ...this.bindings } });
    else this.records.push({ level, msg: msg ?? '', fields: { ...this.bindings, ...obj } });
  }
}
