// The PDF and CSV exports of an archived report, fetched through the API.
import { useState } from 'preact/hooks';
import { useApi } from '../app-context.js';
import { useReportText } from './report-messages.js';
import { downloadReport } from './reports-api.js';

export function DownloadButtons({ reportId }: { reportId: number }) {
  const api = useApi();
  const t = useReportText();
  const [failure, setFailure] = useState<string | null>(null);
  const get = (what: 'pdf' | 'figures' | 'mentions') => () => {
    setFailure(null);
    downloadReport(api, reportId, what).catch((error: Error) => setFailure(error.message));
  };
  return (
    <p class="report-downloads">
      <button type="button" onClick={get('pdf')}>
        {t('downloadPdf')}
      </button>{' '}
      <button type="button" onClick={get('figures')}>
        {t('downloadFigures')}
      </button>{' '}
      <button type="button" onClick={get('mentions')}>
        {t('downloadMentions')}
      </button>
      {failure && (
        <span class="error" role="alert">
          {' '}
          {failure}
        </span>
      )}
    </p>
  );
}
