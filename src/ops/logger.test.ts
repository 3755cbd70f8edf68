import { describe, expect, it } from 'vitest';
import { createLogger, parseLogLevel } from './logger.js';

describe('logger', () => {
  it('writes one JSON object a line with time, level, message and fields', () => {
    const lines: string[] = [];
    const log = createLogger({
      level: 'info',
      write: (line) => lines.push(line),
      now: () => new Date('2026-11-02T03:04:05.000Z'),
    }).child({ component: 'worker', workerId: 'w1' });
    log.debug('hidden');
    log.info('collected', { sourceId: 7, items: 3 });
    log.error('failed', { error: Object.assign(new Error('boom'), { code: 'ECONNRESET' }) });
    expect(lines.map((l) => JSON.parse(l))).toEqual([
      {
        time: '2026-11-02T03:04:05.000Z',
        level: 'info',
        msg: 'collected',
        component: 'worker',
        workerId: 'w1',
        sourceId: 7,
        items: 3,
      },
      {
        time: '2026-11-02T03:04:05.000Z',
        level: 'error',
        msg: 'failed',
        component: 'worker',
        workerId: 'w1',
        error: { message: 'boom', code: 'ECONNRESET' },
      },
    ]);
  });

  it('reads the level from its name and refuses an unknown one', () => {
    expect(parseLogLevel(undefined)).toBe('info');
    expect(parseLogLevel(' WARN ')).toBe('warn');
    expect(() => parseLogLevel('loud')).toThrow(
      /NGHE_LOG_LEVEL: expected debug, info, warn or error/,
    );
  });
});
