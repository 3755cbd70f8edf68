import { describe, expect, it } from 'vitest';
import { cliUsageEntry } from './cli-usage.js';

describe('command line usage entries', () => {
  it('names the command and the OS user, keeps plain options and hides the rest', () => {
    const entry = cliUsageEntry({
      path: ['credentials', 'add'],
      operands: ['youtube'],
      options: { label: 'main', apiKey: 'AIza-secret', json: true },
    });
    expect(entry?.action).toBe('cli.credentials.add');
    expect(entry?.actor).toMatch(/^cli:.+/);
    expect(entry?.detail).not.toContain('AIza-secret');
    expect(JSON.parse(entry!.detail)).toEqual({
      operands: ['youtube'],
      options: { label: '(given)', apiKey: '(given)', json: true },
    });
  });

  it('skips commands that store nothing and read nothing stored', () => {
    expect(cliUsageEntry({ path: ['feed', 'parse'], operands: ['x.xml'], options: {} })).toBeNull();
    expect(cliUsageEntry({ path: ['analyze'], operands: [], options: {} })).toBeNull();
  });
});
