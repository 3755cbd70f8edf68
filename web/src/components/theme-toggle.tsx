// The header's dark mode switch: a toggle button whose choice is remembered.
import { applyTheme, storeTheme, useTheme } from '../theme/theme.js';
import { useUiText } from './ui-messages.js';

export function ThemeToggle() {
  const theme = useTheme();
  const t = useUiText();
  const dark = theme === 'dark';
  return (
    <button
      type="button"
      id="theme-toggle"
      class="theme-toggle"
      aria-pressed={dark}
      title={t('darkMode')}
      onClick={() => {
        const next = dark ? 'light' : 'dark';
        storeTheme(next);
        applyTheme(next);
      }}
    >
      <span aria-hidden="true">{dark ? '☾' : '☀'}</span>
      <span class="visually-hidden">{t('darkMode')}</span>
    </button>
  );
}
