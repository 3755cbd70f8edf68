// Light or dark: the system's preference until the user picks one, which is remembered in
// localStorage. The choice is written on <html data-theme>, where the stylesheet's colour tokens
// and the chart theme read it.
import { useEffect, useState } from 'preact/hooks';

export type Theme = 'light' | 'dark';

const THEME_KEY = 'nghe.theme';
const DARK_QUERY = '(prefers-color-scheme: dark)';

/** The theme the user chose, or null to follow the system. */
export function storedTheme(): Theme | null {
  const value = localStorage.getItem(THEME_KEY);
  return value === 'light' || value === 'dark' ? value : null;
}

export function systemTheme(): Theme {
  return matchMedia(DARK_QUERY).matches ? 'dark' : 'light';
}

export function storeTheme(theme: Theme): void {
  localStorage.setItem(THEME_KEY, theme);
}

export function applyTheme(theme: Theme): void {
  document.documentElement.dataset.theme = theme;
}

export function currentTheme(): Theme {
  return document.documentElement.dataset.theme === 'dark' ? 'dark' : 'light';
}

/** Applies the remembered or system theme now, and follows the system until a choice is made. */
export function startTheme(): void {
  applyTheme(storedTheme() ?? systemTheme());
  matchMedia(DARK_QUERY).addEventListener('change', () => {
    if (storedTheme() === null) applyTheme(systemTheme());
  });
}

/** The theme in force, re-rendering when it changes. */
export function useTheme(): Theme {
  const [theme, setTheme] = useState<Theme>(currentTheme);
  useEffect(() => {
    const observer = new MutationObserver(() => setTheme(currentTheme()));
    observer.observe(document.documentElement, {
      attributes: true,
      attributeFilter: ['data-theme'],
    });
    return () => observer.disconnect();
  }, []);
  return theme;
}
