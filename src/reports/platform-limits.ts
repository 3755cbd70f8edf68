// Each platform's own statement of what its official interface does not let nghe see, from
// the platform registry, for the coverage statement of reports.
import { platformModules } from '../connectors/platforms.js';
import type { Platform } from '../model.js';

const WEB_LIMITS =
  "News sites: only what their feeds, news sitemaps and article pages publish; text behind a paywall or a login and readers' comments are not read.";

export function platformLimits(platform: string): string {
  if (platform === 'web') return WEB_LIMITS;
  return (
    platformModules.get(platform as Platform)?.eligibility ??
    'No statement for this platform: treat its coverage as unknown.'
  );
}
