// The purpose, justification and expiry fields of a new topic, in Vietnamese and English.
import { DEFAULT_TOPIC_DAYS, MAX_TOPIC_DAYS } from '../../../src/http/topic-charter-limits.js';
import { type Lang, useLocale } from '../i18n/locale.js';
import './topic-charter.css';
import {
  type CharterDraft,
  type CharterProblem,
  type CharterUnit,
  chosenPurpose,
  expiryBounds,
  MAX_JUSTIFICATION_LENGTH,
  MIN_JUSTIFICATION_LENGTH,
} from './topic-charter.js';

const vi = {
  purpose: 'Mục đích (một chức năng của đơn vị {unit})',
  purposeGeneral: 'Theo dõi chung',
  justification: 'Lý do cần chủ đề này',
  justificationHint: 'Bắt buộc, ít nhất {n} ký tự.',
  expiry: 'Chạy đến hết ngày',
  expiryHint:
    'Mặc định {days} ngày; tối đa {max} ngày kể từ hôm nay. Sau ngày này chủ đề chỉ còn xem được.',
  justificationShort: 'Hãy ghi lý do, ít nhất {n} ký tự.',
  expiryPast: 'Ngày hết hạn phải sau hôm nay.',
  expiryFar: 'Ngày hết hạn tối đa {max} ngày kể từ hôm nay.',
};
type Key = keyof typeof vi;
const en: Record<Key, string> = {
  purpose: 'Purpose (one of the functions of {unit})',
  purposeGeneral: 'General monitoring',
  justification: 'Why this topic is needed',
  justificationHint: 'Required, at least {n} characters.',
  expiry: 'Runs until the end of',
  expiryHint:
    'Default {days} days; at most {max} days from today. After it the topic is read-only.',
  justificationShort: 'Give a reason of at least {n} characters.',
  expiryPast: 'The expiry must be after today.',
  expiryFar: 'The expiry is at most {max} days from today.',
};

export function charterText(lang: Lang, key: Key, values: Record<string, string | number> = {}) {
  const text = (lang === 'vi' ? vi : en)[key];
  return text.replace(/\{(\w+)\}/g, (_, name: string) => String(values[name] ?? ''));
}

/** The sentence that says why the draft cannot be sent. */
export function charterProblemText(lang: Lang, problem: CharterProblem): string {
  return charterText(lang, problem, { n: MIN_JUSTIFICATION_LENGTH, max: MAX_TOPIC_DAYS });
}

export interface TopicCharterFieldsProps {
  idPrefix: string;
  unit: CharterUnit | null;
  draft: CharterDraft;
  today: string;
  onChange: (draft: CharterDraft) => void;
}

export function TopicCharterFields({
  idPrefix,
  unit,
  draft,
  today,
  onChange,
}: TopicCharterFieldsProps) {
  const { lang } = useLocale();
  const t = (key: Key, values?: Record<string, string | number>) => charterText(lang, key, values);
  const bounds = expiryBounds(today, unit?.manages ?? false);
  const functions = unit?.functions ?? [];
  return (
    <fieldset class="topic-charter">
      <label for={`${idPrefix}-purpose`}>{t('purpose', { unit: unit?.name ?? '' })}</label>
      <select
        id={`${idPrefix}-purpose`}
        class="topic-purpose"
        value={chosenPurpose(draft, unit)}
        disabled={functions.length === 0}
        onChange={(e) => onChange({ ...draft, purpose: e.currentTarget.value })}
      >
        {functions.length === 0 ? (
          <option value="">{t('purposeGeneral')}</option>
        ) : (
          functions.map((name) => (
            <option key={name} value={name}>
              {name}
            </option>
          ))
        )}
      </select>
      <label for={`${idPrefix}-justification`}>{t('justification')}</label>
      <textarea
        id={`${idPrefix}-justification`}
        class="topic-justification"
        required
        rows={2}
        minLength={MIN_JUSTIFICATION_LENGTH}
        maxLength={MAX_JUSTIFICATION_LENGTH}
        aria-describedby={`${idPrefix}-justification-hint`}
        value={draft.justification}
        onInput={(e) => onChange({ ...draft, justification: e.currentTarget.value })}
      />
      <p id={`${idPrefix}-justification-hint`} class="muted small">
        {t('justificationHint', { n: MIN_JUSTIFICATION_LENGTH })}
      </p>
      <label for={`${idPrefix}-expiry`}>{t('expiry')}</label>
      <input
        id={`${idPrefix}-expiry`}
        class="topic-expiry"
        type="date"
        required
        min={bounds.min}
        max={bounds.max ?? undefined}
        aria-describedby={`${idPrefix}-expiry-hint`}
        value={draft.lastDay}
        onInput={(e) => onChange({ ...draft, lastDay: e.currentTarget.value })}
      />
      <p id={`${idPrefix}-expiry-hint`} class="muted small">
        {t('expiryHint', { days: DEFAULT_TOPIC_DAYS, max: MAX_TOPIC_DAYS })}
      </p>
    </fieldset>
  );
}
