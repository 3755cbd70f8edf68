import { describe, expect, it } from 'vitest';
import { BlockedAddressError, createGuardedLookup, isBlockedAddress } from './address-guard.js';

describe('isBlockedAddress', () => {
  const blocked = [
    '127.0.0.1',
    '127.255.255.254',
    '10.0.0.1',
    '172.16.0.1',
    '172.31.255.255',
    '192.168.1.1',
    '169.254.169.254',
    '100.64.0.1',
    '100.127.255.255',
    '0.0.0.0',
    '0.1.2.3',
    '224.0.0.1',
    '239.255.255.250',
    '255.255.255.255',
    '240.0.0.1',
    '198.18.0.1',
    '192.0.2.10',
    '::',
    '::1',
    '[::1]',
    'fc00::1',
    'fd12:3456::1',
    'fe80::1',
    'fe80::1%eth0',
    'febf::1',
    'ff02::1',
    '::ffff:127.0.0.1',
    '::ffff:7f00:1',
    '::ffff:10.1.2.3',
    '::ffff:169.254.169.254',
    '64:ff9b::a9fe:a9fe',
    '2002:c0a8:0101::1',
    '2001:db8::1',
    '::127.0.0.1',
    'localhost',
    'not an address',
  ];
  const allowed = [
    '8.8.8.8',
    '1.1.1.1',
    '172.15.255.255',
    '172.32.0.1',
    '100.63.255.255',
    '100.128.0.1',
    '192.169.0.1',
    '169.253.1.1',
    '203.113.131.1', // a Vietnamese ISP range
    '2001:4860:4860::8888',
    '2404:6800:4005::200e',
    '::ffff:8.8.8.8',
    '64:ff9b::808:808',
    '2002:0808:0808::1',
  ];
  it.each(blocked)('blocks %s', (address) => expect(isBlockedAddress(address)).toBe(true));
  it.each(allowed)('allows %s', (address) => expect(isBlockedAddress(address)).toBe(false));
});

describe('createGuardedLookup', () => {
  const lookup = (
    guard: ReturnType<typeof createGuardedLookup>,
    host: string,
    options: { all?: boolean },
  ) =>
    new Promise<{ error: unknown; result: unknown }>((resolve) => {
      guard(host, options, (error, result) => resolve({ error, result }));
    });

  it('refuses a name that resolves to loopback', async () => {
    const { error } = await lookup(createGuardedLookup(), 'localhost', {});
    expect(error).toBeInstanceOf(BlockedAddressError);
    expect((error as BlockedAddressError).hostname).toBe('localhost');
  });

  it('answers in both single and all forms when the policy allows', async () => {
    const permissive = createGuardedLookup(() => false);
    const single = await lookup(permissive, 'localhost', {});
    expect(single.error).toBeNull();
    expect(typeof single.result).toBe('string');
    const all = await lookup(permissive, 'localhost', { all: true });
    expect(Array.isArray(all.result)).toBe(true);
    expect((all.result as unknown[]).length).toBeGreaterThan(0);
  });

  it('passes DNS failures through', async () => {
    const { error } = await lookup(createGuardedLookup(), 'no-such-host.invalid', {});
    expect((error as NodeJS.ErrnoException).code).toMatch(/ENOTFOUND|EAI_AGAIN/);
  });
});
