// Structured logs: one JSON object a line on stderr (time, level, msg, then fields), so a log
// shipper reads them without patterns. The level comes from NGHE_LOG_LEVEL (debug, info, warn,
// error; default info).
export type LogLevel = 'debug' | 'info' | 'warn' | 'error';

const RANK: Record<LogLevel, number> = { debug: 10, info: 20, warn: 30, error: 40 };

export type LogFields = Record<string, unknown>;

export interface Logger {
  debug(msg: string, fields?: LogFields): void;
  info(msg: string, fields?: LogFields): void;
  warn(msg: string, fields?: LogFields): void;
  error(msg: string, fields?: LogFields): void;
  /** A logger whose lines all carry these fields (e.g. the component or worker id). */
  child(fields: LogFields): Logger;
}

export interface LoggerOptions {
  level?: LogLevel;
  write?: (line: string) => void;
  now?: () => Date;
}

/** The level named by `value`; an unknown name is refused with the accepted ones. */
export function parseLogLevel(value: string | undefined): LogLevel {
  const name = (value ?? '').trim().toLowerCase();
  if (name === '') return 'info';
  if (name in RANK) return name as LogLevel;
  throw new Error(`NGHE_LOG_LEVEL: expected debug, info, warn or error, got "${value}"`);
}

export function createLogger(options: LoggerOptions = {}, base: LogFields = {}): Logger {
  const threshold = RANK[options.level ?? 'info'];
  const write = options.write ?? ((line: string) => process.stderr.write(`${line}\n`));
  const now = options.now ?? (() => new Date());
  const emit = (level: LogLevel, msg: string, fields?: LogFields) => {
    if (RANK[level] < threshold) return;
    write(JSON.stringify({ time: now().toISOString(), level, msg, ...base, ...fields }, plain));
  };
  return {
    debug: (msg, fields) => emit('debug', msg, fields),
    info: (msg, fields) => emit('info', msg, fields),
    warn: (msg, fields) => emit('warn', msg, fields),
    error: (msg, fields) => emit('error', msg, fields),
    child: (fields) => createLogger(options, { ...base, ...fields }),
  };
}

/** Errors as their message (and code), bigints as strings: nothing JSON.stringify would drop. */
function plain(_key: string, value: unknown): unknown {
  if (value instanceof Error) {
    const code = (value as { code?: unknown }).code;
    return code === undefined ? value.message : { message: value.message, code };
  }
  if (typeof value === 'bigint') return value.toString();
  return value;
}

let shared: Logger | undefined;

/** The process's logger, its level read from NGHE_LOG_LEVEL on first use. */
export function logger(): Logger {
  shared ??= createLogger({ level: parseLogLevel(process.env.NGHE_LOG_LEVEL) });
  return shared;
}
