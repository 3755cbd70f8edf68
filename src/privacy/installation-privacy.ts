// The installation's privacy settings and secret as the running server sees them, one per store
// (as the small-group k is): openApp sets them from config and the installation key; routes
// read them. Without them the defaults hold and nothing that needs the key (erasure) can run.
import { DEFAULT_PRIVACY, type PrivacySettings } from './privacy-settings.js';

export interface InstallationPrivacy {
  settings: PrivacySettings;
  /** The installation key pseudonyms are derived with; null where it was not given. */
  secret: Buffer | null;
}

const configured = new WeakMap<object, InstallationPrivacy>();

export function configurePrivacy(store: object, privacy: InstallationPrivacy): void {
  configured.set(store, privacy);
}

export function privacyOf(store: object): InstallationPrivacy {
  return configured.get(store) ?? { settings: DEFAULT_PRIVACY, secret: null };
}
