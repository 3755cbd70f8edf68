// A topic's management on its own page: edit (with the preview editor), pause or resume, and
// delete after an explicit confirmation.
import { useState } from 'preact/hooks';
import type { Topic } from '../../../src/http/api-types.js';
import { useApi } from '../app-context.js';
import { hrefFor } from '../router.js';
import { analystApi } from './analyst-api.js';
import { useAnalystText } from './analyst-messages.js';
import { TopicEditor } from './topic-editor.js';

export function TopicActions({ topic, onChanged }: { topic: Topic; onChanged: () => void }) {
  const api = analystApi(useApi());
  const t = useAnalystText();
  const [editing, setEditing] = useState(false);
  const [confirming, setConfirming] = useState(false);
  const [message, setMessage] = useState<string | null>(null);
  const [failure, setFailure] = useState<string | null>(null);

  const act = async (work: () => Promise<unknown>, done?: string) => {
    setFailure(null);
    try {
      await work();
      setMessage(done ?? null);
      onChanged();
    } catch (error) {
      setFailure((error as Error).message);
    }
  };
  const paused = topic.status === 'paused';

  return (
    <div class="topic-actions">
      {paused && (
        <p class="notice topic-paused-note" role="status">
          {t('topicPaused')}
        </p>
      )}
      <div class="action-row">
        <button
          type="button"
          id="topic-edit"
          aria-expanded={editing}
          onClick={() => setEditing(!editing)}
        >
          {t('editTopic')}
        </button>
        <button
          type="button"
          id="topic-pause"
          onClick={() =>
            act(() => api.updateTopic(topic.id, { status: paused ? 'active' : 'paused' }))
          }
        >
          {paused ? t('resumeTopic') : t('pauseTopic')}
        </button>
        <button type="button" id="topic-delete" class="danger" onClick={() => setConfirming(true)}>
          {t('deleteTopic')}
        </button>
      </div>
      {confirming && (
        <div class="confirm" role="alertdialog" aria-labelledby="topic-delete-question">
          <p id="topic-delete-question">{t('confirmDeleteTopic', { name: topic.name })}</p>
          <button
            type="button"
            id="topic-delete-confirm"
            class="danger"
            onClick={() =>
              act(async () => {
                await api.deleteTopic(topic.id);
                location.hash = hrefFor({ page: 'overview' });
              })
            }
          >
            {t('confirmDelete')}
          </button>
          <button type="button" onClick={() => setConfirming(false)}>
            {t('cancel')}
          </button>
        </div>
      )}
      {editing && (
        <TopicEditor
          topic={topic}
          onSaved={() => {
            setEditing(false);
            setMessage(t('saved'));
            onChanged();
          }}
          onCancel={() => setEditing(false)}
        />
      )}
      {message && (
        <p class="ok" role="status">
          {message}
        </p>
      )}
      {failure && (
        <p class="error" role="alert">
          {t('actionFailed', { message: failure })}
        </p>
      )}
    </div>
  );
}
