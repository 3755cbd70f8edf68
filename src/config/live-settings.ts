// What a running server changes when config.json changes: the settings its parts read at each
// use. Everything else (listening address, store, read threads, request and stream limits,
// fetcher and collection settings, which are built into long-lived clients) is logged by the
// reloader as taking effect after a restart.
import { setMinGroupSize } from '../privacy/small-group-rule-for.js';
import type { ConfigApplier } from './config-reload.js';

export function liveConfigAppliers(store: object): Record<string, ConfigApplier> {
  return {
    // The API reads it at each POST /api/sources (reloader.current()).
    allowPrivateAddresses: () =>
      'for sources added from now on; fetches of private addresses follow after a restart',
    'privacy.minGroupSize': (next) => {
      if ('db' in store) setMinGroupSize(store, next.privacy.minGroupSize);
    },
  };
}
