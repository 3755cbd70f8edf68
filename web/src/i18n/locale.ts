// The chosen language and time zone, remembered in localStorage, and the formatters that follow
// from them. Everything a user reads goes through `Locale`.
import { createContext } from 'preact';
import { useContext } from 'preact/hooks';
import { createDateFormatter, type DateSpan } from '../format/dates.js';
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
  /** A calendar day with its year. */
  date(iso: string): string;
  /** A day among others between `span`'s ends (an axis, a table): with the year if they cross one. */
  day(iso: string, span?: DateSpan): string;
  hour(iso: string, span?: DateSpan): string;
  /** From one day to another, the year written wherever the range needs it. */
  range(fromIso: string, toIso: string): string;
  /** From one moment to another, the day written once when both fall on it. */
  timeRange(fromIso: string, toIso: string): string;
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
  const dates = createDateFormatter(lang, timeZone);
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
    dateTime: (iso) => (iso ? dates.dateTime(iso) : messages.never),
    date: dates.date,
    day: dates.day,
    hour: dates.hour,
    range: dates.range,
    timeRange: dates.timeRange,
  };
}

export const LocaleContext = createContext<Locale>(createLocale('vi', DEFAULT_TIME_ZONE));

export function useLocale(): Locale {
  return useContext(LocaleContext);
}
