// The time a topic page shows, kept in its address (#/topics/12?w=90&from=…&to=…) so a link or
// a reload opens the same view: a window the timeline covers (the last N days, all time, or any
// custom days) and, inside it, the selected days every panel and the mentions list read.
import { dayOf, dayStartIso, nextDay } from '../format/zoned-time.js';

export const WINDOW_PRESETS = ['7', '30', '90', '365', 'all', 'custom'] as const;
export type WindowPreset = (typeof WINDOW_PRESETS)[number];

export interface TopicView {
  window: WindowPreset;
  /** Custom window days (inclusive); used when window is 'custom'. */
  windowFrom: string | null;
  windowTo: string | null;
  /** Selected days inside the window (inclusive); null ends follow the window. */
  from: string | null;
  to: string | null;
}

export const DEFAULT_VIEW: TopicView = {
  window: '30',
  windowFrom: null,
  windowTo: null,
  from: null,
  to: null,
};

const DAY = /^\d{4}-\d{2}-\d{2}$/;
const day = (value: string | null) => (value && DAY.test(value) ? value : null);

export function parseTopicView(search: string): TopicView {
  const params = new URLSearchParams(search);
  const preset = params.get('w') ?? '';
  const window = (WINDOW_PRESETS as readonly string[]).includes(preset)
    ? (preset as WindowPreset)
    : DEFAULT_VIEW.window;
  return {
    window,
    windowFrom: window === 'custom' ? day(params.get('wf')) : null,
    windowTo: window === 'custom' ? day(params.get('wt')) : null,
    from: day(params.get('from')),
    to: day(params.get('to')),
  };
}

export function topicViewSearch(view: TopicView): string {
  const params = new URLSearchParams();
  if (view.window !== DEFAULT_VIEW.window) params.set('w', view.window);
  if (view.window === 'custom') {
    if (view.windowFrom) params.set('wf', view.windowFrom);
    if (view.windowTo) params.set('wt', view.windowTo);
  }
  if (view.from) params.set('from', view.from);
  if (view.to) params.set('to', view.to);
  const text = params.toString();
  return text ? `?${text}` : '';
}

/** The window as inclusive days; a null `from` is open (all time), a null `to` is today. */
export function windowDays(view: TopicView, today: string): { from: string | null; to: string } {
  if (view.window === 'all') return { from: null, to: today };
  if (view.window === 'custom')
    return {
      from: view.windowFrom,
      to: view.windowTo && view.windowTo < today ? view.windowTo : today,
    };
  const start = new Date(`${today}T00:00:00Z`);
  start.setUTCDate(start.getUTCDate() - (Number(view.window) - 1));
  return { from: start.toISOString().slice(0, 10), to: today };
}

/** The instants every panel reads: from the selected (or window) start to the selected end. */
export function selectedInstants(
  view: TopicView,
  today: string,
  timeZone: string,
): { from?: string; to?: string } {
  const window = windowDays(view, today);
  const from = view.from ?? window.from;
  const to = view.to ?? (window.to < today ? window.to : null);
  const params: { from?: string; to?: string } = {};
  if (from) params.from = dayStartIso(from, timeZone);
  if (to) params.to = dayStartIso(nextDay(to), timeZone);
  return params;
}

/** Today in a zone. */
export function todayIn(timeZone: string, now = new Date()): string {
  return dayOf(now.toISOString(), timeZone);
}

/** The end a comparison reads up to when a range is open-ended: the next whole hour. */
export function openEnd(now = new Date()): string {
  return new Date(Math.ceil(now.getTime() / 3_600_000) * 3_600_000).toISOString();
}
