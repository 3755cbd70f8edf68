import { describe, expect, it } from 'vitest';
import { privateAddressOf } from './private-source-address.js';

describe('privateAddressOf', () => {
  it('finds loopback, private and link-local addresses, literal or by name', async () => {
    expect(await privateAddressOf('http://127.0.0.1:8080/feed.xml')).toEqual({
      host: '127.0.0.1',
      address: '127.0.0.1',
    });
    expect((await privateAddressOf('http://192.168.1.10/rss'))?.address).toBe('192.168.1.10');
    expect((await privateAddressOf('http://[::1]/rss'))?.address).toBe('::1');
    expect((await privateAddressOf('http://169.254.169.254/latest'))?.address).toBe(
      '169.254.169.254',
    );
    expect((await privateAddressOf('http://localhost/rss'))?.host).toBe('localhost');
  });

  it('lets public addresses and names that do not resolve through', async () => {
    expect(await privateAddressOf('https://93.184.215.14/rss')).toBeNull();
    expect(await privateAddressOf('https://no-such-host.invalid/rss')).toBeNull();
  });
});
