import { platformLook, platformName } from '../format/platform-names.js';
import { useLocale } from '../i18n/locale.js';

/** A platform's mark in its colour and its proper name; `data-platform` keeps the API's key. */
export function PlatformLabel({ platform }: { platform: string }) {
  const locale = useLocale();
  const look = platformLook(platform);
  return (
    <span class="platform-label" data-platform={platform}>
      <span class="platform-mark" style={{ background: look.colour }} aria-hidden="true">
        {look.mark}
      </span>
      {platformName(platform, locale.t)}
    </span>
  );
}
