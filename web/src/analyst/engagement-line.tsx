// A mention's engagement as its platform reported it: likes, comments, shares, views.
import type { Mention } from '../../../src/http/api-types.js';
import { useLocale } from '../i18n/locale.js';
import { useAnalystText } from './analyst-messages.js';

const FIELDS = [
  ['likes', 'engagementLikes'],
  ['comments', 'engagementComments'],
  ['shares', 'engagementShares'],
  ['views', 'engagementViews'],
] as const;

export function EngagementLine({ engagement }: { engagement: Mention['engagement'] }) {
  const locale = useLocale();
  const t = useAnalystText();
  const shown = FIELDS.filter(([field]) => (engagement[field] ?? 0) > 0);
  if (shown.length === 0) return null;
  return (
    <span class="engagement">
      {shown
        .map(([field, key]) => t(key, { n: locale.number(engagement[field] ?? 0) }))
        .join(' · ')}
    </span>
  );
}
