// What the signed-in principal may do (`read`, `search`, `write`, `manage`, `audit`), from the
// session route every signed-in role may call; null until it has answered.
import { useEffect, useState } from 'preact/hooks';
import type { ApiClient } from './api-client.js';
import type { SessionInfo } from './session.js';

export function useCapabilities(api: ApiClient): ReadonlySet<string> | null {
  const [capabilities, setCapabilities] = useState<ReadonlySet<string> | null>(null);
  useEffect(() => {
    let live = true;
    setCapabilities(null);
    api
      .request<SessionInfo>('GET', '/api/auth/session')
      .then((session) => {
        if (live) setCapabilities(new Set(session.capabilities));
      })
      .catch(() => {
        if (live) setCapabilities(new Set());
      });
    return () => {
      live = false;
    };
  }, [api]);
  return capabilities;
}
