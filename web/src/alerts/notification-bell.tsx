// The header's notifications: a button with the unread count opening the latest alerts, each
// with what fired it and links to the mentions behind it.
import { useEffect, useState } from 'preact/hooks';
import type { ApiClient } from '../api/api-client.js';
import { useLocale } from '../i18n/locale.js';
import { hrefFor } from '../router.js';
import { alertText } from './alert-messages.js';
import { markRead, type Notification, notifications } from './alerts-api.js';
import { notificationText } from './notification-text.js';
import './alerts.css';

const POLL_MS = 30_000;

export function NotificationBell({ api }: { api: ApiClient }) {
  const locale = useLocale();
  const [open, setOpen] = useState(false);
  const [list, setList] = useState<Notification[]>([]);
  const [unread, setUnread] = useState(0);

  useEffect(() => {
    let live = true;
    const load = () =>
      notifications(api).then(
        (r) => {
          if (!live) return;
          setList(r.alerts);
          setUnread(r.unread);
        },
        () => {},
      );
    void load();
    const timer = setInterval(load, POLL_MS);
    return () => {
      live = false;
      clearInterval(timer);
    };
  }, [api]);

  const readAll = async () => {
    const r = await markRead(api);
    setUnread(r.unread);
    setList((items) => items.map((n) => ({ ...n, readAt: n.readAt ?? new Date().toISOString() })));
  };

  const t = (key: Parameters<typeof alertText>[1], values?: Record<string, string | number>) =>
    alertText(locale.lang, key, values);
  return (
    <div class="notifications">
      <button
        type="button"
        id="notifications-button"
        aria-expanded={open}
        aria-controls="notifications-panel"
        onClick={() => setOpen(!open)}
      >
        {t('notifications')}
        {unread > 0 && (
          <>
            <span class="unread-badge" id="unread-count" aria-hidden="true">
              {locale.number(unread)}
            </span>
            <span class="visually-hidden">{t('unread', { n: unread })}</span>
          </>
        )}
      </button>
      {open && (
        <section
          class="notifications-panel"
          id="notifications-panel"
          aria-label={t('notifications')}
        >
          <div class="notifications-actions">
            <button type="button" id="mark-all-read" onClick={readAll} disabled={unread === 0}>
              {t('markAllRead')}
            </button>
            <button type="button" onClick={() => setOpen(false)}>
              {t('close')}
            </button>
          </div>
          {list.length === 0 && <p class="muted">{t('noNotifications')}</p>}
          <ul class="notification-list">
            {list.map((n) => (
              <li
                key={n.id}
                class={n.readAt ? 'notification' : 'notification unread'}
                data-alert-id={n.id}
              >
                <p class="notification-what">{notificationText(n, locale)}</p>
                <p class="muted">
                  {locale.dateTime(n.firedAt)} ·{' '}
                  <a
                    href={hrefFor({ page: 'topic', topicId: n.topicId })}
                    onClick={() => setOpen(false)}
                  >
                    {t('openTopic', { id: n.topicId })}
                  </a>
                </p>
                {n.mentionIds.length > 0 && (
                  <p class="notification-mentions">
                    {t('mentionsBehind')}:{' '}
                    {n.mentionIds.map((id) => (
                      <a
                        key={id}
                        href={hrefFor({ page: 'thread', mentionId: id })}
                        onClick={() => setOpen(false)}
                      >
                        #{id}
                      </a>
                    ))}
                  </p>
                )}
              </li>
            ))}
          </ul>
        </section>
      )}
    </div>
  );
}
