import { describe, expect, it } from 'vitest';
import { ruleInputFromOptions } from './alerts-command.js';

describe('nghe alerts add options', () => {
  it('become a checked rule input, with a webhook secret generated', () => {
    const input = ruleInputFromOptions({
      kind: 'match',
      query: '"thủ đức"',
      email: 'a@x.vn, b@x.vn',
      digest: '30',
      webhook: 'https://hooks.example/nghe',
      quiet: '22:00-07:00',
      cap: '5',
    });
    expect(input).toMatchObject({
      kind: 'match',
      emails: ['a@x.vn', 'b@x.vn'],
      emailDigest: true,
      digestMinutes: 30,
      quietStart: '22:00',
      quietEnd: '07:00',
      dailyCap: 5,
    });
    expect(input.webhookSecret).toMatch(/^[\w-]{40,}$/);
    expect(ruleInputFromOptions({ kind: 'volume_spike', k: '4', minCount: '20' }).settings).toEqual(
      {
        k: 4,
        minCount: 20,
      },
    );
    expect(ruleInputFromOptions({ kind: 'new_story', size: '8' })).toMatchObject({
      kind: 'new_story',
      settings: { size: 8 },
    });
  });

  it('refuse what the API refuses, in one line naming the option', () => {
    const refused = (options: Parameters<typeof ruleInputFromOptions>[0]) => {
      try {
        ruleInputFromOptions(options);
      } catch (error) {
        return (error as Error).message;
      }
      return null;
    };
    expect(refused({ kind: 'story' })).toMatch(/^--kind must be one of/);
    expect(refused({ kind: 'match' })).toBe('query: a match rule needs a query');
    expect(refused({ kind: 'match', query: '"abc' })).toMatch(/^invalid query at position 4/);
    expect(refused({ kind: 'volume_spike', quiet: '22:00' })).toMatch(/^--quiet takes/);
    expect(refused({ kind: 'volume_spike', cap: 'many' })).toBe('--cap takes a number, not many');
    expect(refused({ kind: 'volume_spike', email: 'nobody' })).toMatch(/^emails\.0: /);
    expect(refused({ kind: 'new_story', size: '1' })).toMatch(/^settings\.size: /);
    expect(refused({ kind: 'volume_spike', tz: 'Mars/Olympus' })).toBe(
      'timeZone: unknown time zone',
    );
  });
});
