// The chosen language and time zone, remembered in localStorage, and the formatters that follow
// from them. Everything a user reads goes through `Locale`.
import { createContext } from 'preact';
import { useContext } from 'preact/hooks';
import { en } from './en.js';
import { type MessageKey, vi } from './vi.js';

export type Lang = 'vi' | 'en';
export const LANGS: readonly Lang[] = ['vi', 'en'];
export const DEFAULT_TIME_ZONE = 'Asia/Ho_Chi_Minh';
export const TIME_ZONES: readonly string[] = [
  'Asia/Ho_Chi_Minh',
  'Asia/Bangkok',
  'Asia/Singapore',
  'Asia/Tokyo',
  'Europe/London',
  'America/New_York',
  'UTC',
];

const LANG_KEY = 'nghe.lang';
const ZONE_KEY = 'nghe.timeZone';

const MESSAGES: Record<Lang, Record<MessageKey, string>> = { vi, en };
const BCP47: Record<Lang, string> = { vi: 'vi-VN', en: 'en-GB' };

export function storedLang(): Lang {
  const value = localStorage.getItem(LANG_KEY);
  return value === 'en' || value === 'vi' ? value : 'vi';
}

export function storeLang(lang: Lang): void {
  localStorage.setItem(LANG_KEY, lang);
}

export function storedTimeZone(): string {
  const value = localStorage.getItem(ZONE_KEY);
  return value && TIME_ZONES.includes(value) ? value : DEFAULT_TIME_ZONE;
}

export function storeTimeZone(zone: string): void {
  localStorage.setItem(ZONE_KEY, zone);
}

export interface Locale {
  lang: Lang;
  timeZone: string;
  t(key: MessageKey, values?: Record<string, string | number>): string;
  number(value: number): string;
  percent(share: number): string;
  /** Signed, for net sentiment (−1..1 shown as −100..+100). */
  signed(value: number | null): string;
  dateTime(iso: string | null): string;
  day(iso: string): string;
  hour(iso: string): string;
}

export function createLocale(lang: Lang, timeZone: string): Locale {
  const messages = MESSAGES[lang];
  const tag = BCP47[lang];
  const numberFormat = new Intl.NumberFormat(tag);
  const percentFormat = new Intl.NumberFormat(tag, { style: 'percent', maximumFractionDigits: 0 });
  const signedFormat = new Intl.NumberFormat(tag, {
    signDisplay: 'exceptZero',
    maximumFractionDigits: 0,
  });
  const dateTimeFormat = new Intl.DateTimeFormat(tag, {
    timeZone,
    dateStyle: 'medium',
    timeStyle: 'short',
  });
  const dayFormat = new Intl.DateTimeFormat(tag, { timeZone, day: '2-digit', month: '2-digit' });
  const hourFormat = new Intl.DateTimeFormat(tag, {
    timeZone,
    day: '2-digit',
    month: '2-digit',
    hour: '2-digit',
    minute: '2-digit',
  });
  return {
    lang,
    timeZone,
    t(key, values) {
      const text = messages[key];
      if (!values) return text;
      return text.replace(/\{(\w+)\}/g, (whole, name: string) =>
        name in values ? String(values[name]) : whole,
      );
    },
    number: (value) => numberFormat.format(value),
    percent: (share) => percentFormat.format(share),
    signed: (value) => (value === null ? '–' : signedFormat.format(Math.round(value * 100))),
    dateTime: (iso) => (iso ? dateTimeFormat.format(new Date(iso)) : messages.never),
    day: (iso) => dayFormat.format(new Date(iso)),
    hour: (iso) => hourFormat.format(new Date(iso)),
  };
}

export const LocaleContext = createContext<Locale>(createLocale('vi', DEFAULT_TIME_ZONE));

export function useLocale(): Locale {
  return useContext(LocaleContext);
}
