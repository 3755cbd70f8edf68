// An overview card's week against the week before: the volume change and the net sentiment
// of both, from /api/analytics/compare over the same seven days the card's figures cover.
import { useApi } from '../app-context.js';
import { useAsync } from '../components/use-async.js';
import { useLocale } from '../i18n/locale.js';
import { analystApi } from './analyst-api.js';
import { useAnalystText } from './analyst-messages.js';
import { changeText } from './period-comparison.js';
import { openEnd } from './topic-view.js';

const WEEK_MS = 7 * 86_400_000;

export function TopicChange({ topicId }: { topicId: number }) {
  const api = analystApi(useApi());
  const locale = useLocale();
  const t = useAnalystText();
  const to = openEnd();
  const from = new Date(Date.parse(to) - WEEK_MS).toISOString();
  const [state] = useAsync(() => api.compare({ topic: topicId, from, to }, 3), [topicId, to]);
  const data = state.data;
  if (!data) return null;
  const { current, previous } = data;
  const rising = (current.volume ?? 0) > (previous.volume ?? 0);
  const count = (value: number | null) => (value === null ? '–' : locale.number(value));
  return (
    <p
      class={`topic-change small ${rising ? 'change-up' : 'change-down'}`}
      data-current={current.volume ?? ''}
      data-previous={previous.volume ?? ''}
      data-from={from}
      data-to={to}
    >
      {t('vsPrevious', {
        change: changeText(locale, current.volume, previous.volume, t('noneBefore')),
      })}{' '}
      ({count(previous.volume)} → {count(current.volume)})
    </p>
  );
}
