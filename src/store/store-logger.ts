// The subset of a pino logger the store uses, and a silent default.

export interface StoreLogger {
  debug(obj: object, msg: string): void;
  info(obj: object, msg: string): void;
  warn(obj: object, msg: string): void;
  error(obj: object, msg: string): void;
}

export const SILENT_LOGGER: StoreLogger = {
  debug() {},
  info() {},
  warn() {},
  error() {},
};
