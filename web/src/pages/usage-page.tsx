// The usage review, for auditors and administrators: who did what in a unit (filters: user,
// action, period; older entries page by page) and the flags for unusual use, with the rules
// that raised them. Anyone else is told the page is for auditors; the API refuses them anyway.
import { useState } from 'preact/hooks';
import { useApi } from '../app-context.js';
import { LoadStatus } from '../components/load-status.js';
import { useAsync } from '../components/use-async.js';
import type { Lang } from '../i18n/locale.js';
import { useLocale } from '../i18n/locale.js';

interface UsageEntry {
  id: number;
  at: string;
  actor: string;
  action: string;
  detail: string;
  resultCount: number | null;
  unitId: number | null;
}

interface UsageFlag {
  kind: 'export-volume' | 'outside-scope' | 'after-hours';
  user: string;
  at?: string;
  day?: string;
  action?: string;
  rows?: number;
  median?: number;
  problem?: string;
  localTime?: string;
}

interface FlagsAnswer {
  rules: {
    exportFactor: number;
    exportMinRows: number;
    baselineDays: number;
    workHours: { start: string; end: string };
    timeZone: string;
  };
  flags: UsageFlag[];
}

const TEXT = {
  vi: {
    title: 'Nhật ký sử dụng',
    intro: 'Ai đã làm gì trong đơn vị, và những lần sử dụng bất thường.',
    onlyAuditors: 'Trang này dành cho kiểm toán viên và quản trị viên.',
    user: 'Người dùng',
    action: 'Thao tác',
    from: 'Từ ngày',
    to: 'Đến ngày',
    apply: 'Lọc',
    older: 'Cũ hơn',
    at: 'Thời điểm',
    actor: 'Ai',
    rows: 'Số dòng',
    detail: 'Nội dung',
    flags: 'Dấu hiệu bất thường (7 ngày qua)',
    noFlags: 'Không có dấu hiệu bất thường.',
    noEntries: 'Không có mục nào.',
    rules: (r: FlagsAnswer['rules']) =>
      `Quy tắc: xuất dữ liệu từ ${r.exportMinRows} dòng và hơn ${r.exportFactor} lần trung vị theo ngày của chính người đó trong ${r.baselineDays} ngày trước; truy vấn ngoài địa bàn, lĩnh vực của đơn vị; sử dụng ngoài giờ ${r.workHours.start}–${r.workHours.end} (${r.timeZone}) hoặc cuối tuần.`,
    'export-volume': (f: UsageFlag) =>
      `Xuất ${f.rows} dòng ngày ${f.day} (trung vị thường ngày: ${f.median})`,
    'outside-scope': (f: UsageFlag) => `Ngoài phạm vi đơn vị: ${f.problem} (${f.action})`,
    'after-hours': (f: UsageFlag) => `Ngoài giờ làm việc: ${f.localTime} (${f.action})`,
  },
  en: {
    title: 'Usage log',
    intro: 'Who did what in the unit, and unusual use.',
    onlyAuditors: 'This page is for auditors and administrators.',
    user: 'User',
    action: 'Action',
    from: 'From',
    to: 'To',
    apply: 'Filter',
    older: 'Older',
    at: 'When',
    actor: 'Who',
    rows: 'Rows',
    detail: 'What',
    flags: 'Unusual use (last 7 days)',
    noFlags: 'No unusual use.',
    noEntries: 'No entries.',
    rules: (r: FlagsAnswer['rules']) =>
      `Rules: exports of at least ${r.exportMinRows} rows and more than ${r.exportFactor}× the user's own median day over the ${r.baselineDays} days before; queries outside the unit's places and sectors; use outside ${r.workHours.start}–${r.workHours.end} (${r.timeZone}) or at weekends.`,
    'export-volume': (f: UsageFlag) =>
      `Exported ${f.rows} rows on ${f.day} (usual median day: ${f.median})`,
    'outside-scope': (f: UsageFlag) => `Outside the unit: ${f.problem} (${f.action})`,
    'after-hours': (f: UsageFlag) => `After hours: ${f.localTime} (${f.action})`,
  },
} satisfies Record<Lang, unknown>;

interface Filter {
  user: string;
  action: string;
  from: string;
  to: string;
}

const EMPTY: Filter = { user: '', action: '', from: '', to: '' };

function params(filter: Filter, before: number | null): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [key, value] of Object.entries(filter)) if (value.trim()) out[key] = value.trim();
  if (before !== null) out.before = String(before);
  return out;
}

export function UsagePage() {
  const api = useApi();
  const locale = useLocale();
  const text = TEXT[locale.lang];
  const [filter, setFilter] = useState<Filter>(EMPTY);
  const [draft, setDraft] = useState<Filter>(EMPTY);
  const [before, setBefore] = useState<number | null>(null);
  const [entries, retry] = useAsync(
    () =>
      api.request<{ entries: UsageEntry[]; nextBefore: number | null }>(
        'GET',
        `/api/usage?${new URLSearchParams(params(filter, before))}`,
      ),
    [api, filter, before],
  );
  const [flags] = useAsync(() => api.request<FlagsAnswer>('GET', '/api/usage/flags'), [api]);
  const refused = entries.status === 'error' && /\b403\b|audit/i.test(entries.error.message);
  const field = (key: keyof Filter, label: string, type = 'text') => (
    <label>
      {label}
      <input
        id={`usage-${key}`}
        type={type}
        value={draft[key]}
        onInput={(e) => setDraft({ ...draft, [key]: (e.target as HTMLInputElement).value })}
      />
    </label>
  );
  return (
    <section aria-labelledby="usage-title" class="usage-page">
      <h1 id="usage-title">{text.title}</h1>
      <p>{text.intro}</p>
      {refused ? (
        <p role="alert">{text.onlyAuditors}</p>
      ) : (
        <>
          <section aria-labelledby="usage-flags-title" id="usage-flags">
            <h2 id="usage-flags-title">{text.flags}</h2>
            {flags.data && <p class="usage-rules">{text.rules(flags.data.rules)}</p>}
            {flags.data && flags.data.flags.length === 0 && <p>{text.noFlags}</p>}
            <ul>
              {flags.data?.flags.map((flag, index) => (
                <li key={index} class={`usage-flag usage-flag-${flag.kind}`}>
                  <strong>{flag.user}</strong>: {text[flag.kind](flag)}
                </li>
              ))}
            </ul>
          </section>
          <form
            id="usage-filter"
            onSubmit={(e) => {
              e.preventDefault();
              setBefore(null);
              setFilter(draft);
            }}
          >
            {field('user', text.user)}
            {field('action', text.action)}
            {field('from', text.from, 'date')}
            {field('to', text.to, 'date')}
            <button type="submit">{text.apply}</button>
          </form>
          <LoadStatus state={entries} retry={retry} />
          {entries.data && entries.data.entries.length === 0 && <p>{text.noEntries}</p>}
          {entries.data && entries.data.entries.length > 0 && (
            <table id="usage-entries">
              <thead>
                <tr>
                  <th scope="col">{text.at}</th>
                  <th scope="col">{text.actor}</th>
                  <th scope="col">{text.action}</th>
                  <th scope="col">{text.rows}</th>
                  <th scope="col">{text.detail}</th>
                </tr>
              </thead>
              <tbody>
                {entries.data.entries.map((entry) => (
                  <tr key={entry.id}>
                    <td>{locale.dateTime(entry.at)}</td>
                    <td>{entry.actor}</td>
                    <td>{entry.action}</td>
                    <td>{entry.resultCount === null ? '' : locale.number(entry.resultCount)}</td>
                    <td>
                      <code>{entry.detail}</code>
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          )}
          {entries.data?.nextBefore != null && (
            <button type="button" onClick={() => setBefore(entries.data!.nextBefore)}>
              {text.older}
            </button>
          )}
        </>
      )}
    </section>
  );
}
