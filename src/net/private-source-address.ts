// A source address that would make nghe read from this machine or the network behind it is
// refused when it is added, not only when it is first fetched: the same rule the fetcher applies
// (address-guard.ts), checked on the literal IP or on what the host name resolves to now. A name
// that does not resolve yet is let through; the fetch will say why later.
import { lookup } from 'node:dns/promises';
import { isIP } from 'node:net';
import { isBlockedAddress } from './address-guard.js';

/** The setting that lets nghe read private addresses, as its refusals name it. */
export const ALLOW_PRIVATE_SETTING =
  'NGHE_ALLOW_PRIVATE_ADDRESSES=1 (or "allowPrivateAddresses": true in config.json)';

export interface PrivateAddress {
  host: string;
  address: string;
}

/** The private, loopback or link-local address `url` points at, or null. */
export async function privateAddressOf(url: string): Promise<PrivateAddress | null> {
  let host: string;
  try {
    host = new URL(url).hostname;
  } catch {
    return null;
  }
  const bare = host.startsWith('[') ? host.slice(1, -1) : host;
  if (isIP(bare)) return isBlockedAddress(bare) ? { host, address: bare } : null;
  try {
    const addresses = await lookup(bare, { all: true });
    const blocked = addresses.find((a) => isBlockedAddress(a.address));
    return blocked ? { host, address: blocked.address } : null;
  } catch {
    return null;
  }
}
