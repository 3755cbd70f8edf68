// Every topic at a glance; topics with active spikes first.
import type { TopicSummary } from '../../../src/http/api-types.js';
import { useAnalystText } from '../analyst/analyst-messages.js';
import { TopicChange } from '../analyst/topic-change.js';
import { TopicEditor } from '../analyst/topic-editor.js';
import { useApi } from '../app-context.js';
import { FirstRunGuide } from '../components/first-run/first-run-guide.js';
import { LoadStatus } from '../components/load-status.js';
import { SentimentSplitBar } from '../components/sentiment-split-bar.js';
import { Sparkline } from '../components/sparkline.js';
import { useAsync } from '../components/use-async.js';
import { estimateNote, netPlusMinus } from '../format/share-estimate.js';
import { useLocale } from '../i18n/locale.js';
import { countOrHidden, hiddenFigureText, useMinGroupSize } from '../privacy/hidden-figures.js';
import { hrefFor } from '../router.js';

export function orderTopics(summaries: TopicSummary[]): TopicSummary[] {
  return [...summaries].sort(
    (a, b) =>
      Number(b.activeSpikes > 0) - Number(a.activeSpikes > 0) ||
      (b.volume ?? 0) - (a.volume ?? 0) ||
      a.topic.name.localeCompare(b.topic.name),
  );
}

export function OverviewPage() {
  const api = useApi();
  const locale = useLocale();
  const [state, retry] = useAsync(() => api.topics(), [api]);
  const topics = state.data ? orderTopics(state.data) : [];
  const at = useAnalystText();
  const minGroupSize = useMinGroupSize(api);
  const hidden = hiddenFigureText(locale.lang, minGroupSize);

  return (
    <section aria-labelledby="overview-title">
      <h1 id="overview-title">{locale.t('overviewTitle')}</h1>
      <p class="muted">{locale.t('overviewIntro')}</p>
      <details class="new-topic">
        <summary id="new-topic">{at('newTopic')}</summary>
        <TopicEditor
          onSaved={(topic) => {
            location.hash = hrefFor({ page: 'topic', topicId: topic.id });
          }}
        />
      </details>
      <LoadStatus state={state} retry={retry} />
      {state.data && topics.length === 0 && (
        <>
          <p class="empty-state">{locale.t('noTopics')}</p>
          <FirstRunGuide onCreated={retry} />
        </>
      )}
      {topics.length > 0 && (
        <ul class="topic-cards">
          {topics.map((summary) => (
            <li key={summary.topic.id} class="topic-card" data-topic-id={summary.topic.id}>
              <h2>
                <a href={hrefFor({ page: 'topic', topicId: summary.topic.id })}>
                  {summary.topic.name}
                </a>
                {summary.activeSpikes > 0 && (
                  <span
                    class="badge badge-spike"
                    title={locale.t('spikeCount', { n: summary.activeSpikes })}
                  >
                    {locale.t('spikeBadge')}
                    <span class="visually-hidden">
                      : {locale.t('spikeCount', { n: summary.activeSpikes })}
                    </span>
                  </span>
                )}
              </h2>
              <dl class="figures">
                <div>
                  <dt>{locale.t('volume')}</dt>
                  <dd
                    class="figure-volume"
                    data-value={summary.volume ?? ''}
                    data-hidden={summary.suppressed || undefined}
                  >
                    {countOrHidden(summary.volume, locale.number, locale.lang, minGroupSize)}
                  </dd>
                </div>
                <div>
                  <dt>{locale.t('netSentiment')}</dt>
                  <dd
                    class={`figure-net ${netClass(summary.sentiment.net)}`}
                    data-value={summary.sentiment.net ?? ''}
                  >
                    {summary.suppressed ? hidden : locale.signed(summary.sentiment.net)}
                  </dd>
                  {netPlusMinus(summary.sentiment) && (
                    <dd
                      class="figure-interval muted"
                      title={estimateNote(locale, summary.sentiment)}
                    >
                      {netPlusMinus(summary.sentiment)}
                    </dd>
                  )}
                </div>
                <div class="figure-trend">
                  <dt>{locale.t('trend')}</dt>
                  <dd>
                    <Sparkline values={summary.sparkline} hiddenText={hidden} />
                  </dd>
                </div>
              </dl>
              <SentimentSplitBar
                share={summary.sentiment}
                hidden={summary.suppressed ? hidden : null}
              />
              <TopicChange topicId={summary.topic.id} />
            </li>
          ))}
        </ul>
      )}
    </section>
  );
}

function netClass(net: number | null): string {
  if (net === null) return '';
  if (net > 0.05) return 'net-positive';
  if (net < -0.05) return 'net-negative';
  return '';
}
