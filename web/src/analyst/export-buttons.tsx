// Take a chart's data (CSV, XLSX, written by the server and audited there) or its picture (PNG,
// drawn by ECharts in the browser, then recorded in the audit log) away.
import { useState } from 'preact/hooks';
import type { FilterParams } from '../api/api-client.js';
import { useApi } from '../app-context.js';
import type { EChartsType } from '../charts/echarts-setup.js';
import { useLocale } from '../i18n/locale.js';
import { analystApi, saveBlob } from './analyst-api.js';
import { useAnalystText } from './analyst-messages.js';
import './analyst.css';

export interface ExportButtonsProps {
  /** What is exported, for the buttons' accessible names. */
  what: string;
  /** `mentions`, or a chart of /api/exports/chart. */
  chart: string;
  params: FilterParams | Record<string, string | number | undefined>;
  /** The chart instance, for a PNG; absent for lists. */
  image?: () => EChartsType | null;
}

/** The theme's panel colour (the stylesheet's --panel token) now in force. */
export function themePanelColour(): string {
  const value = getComputedStyle(document.documentElement).getPropertyValue('--panel').trim();
  return value || '#ffffff';
}

export function ExportButtons({ what, chart, params, image }: ExportButtonsProps) {
  const api = analystApi(useApi());
  const locale = useLocale();
  const t = useAnalystText();
  const [busy, setBusy] = useState(false);
  const [failure, setFailure] = useState<string | null>(null);

  const run = async (work: () => Promise<void>) => {
    setBusy(true);
    setFailure(null);
    try {
      await work();
    } catch (error) {
      setFailure((error as Error).message);
    } finally {
      setBusy(false);
    }
  };
  const table = (format: 'csv' | 'xlsx') =>
    run(() =>
      chart === 'mentions'
        ? api.download('/api/exports/mentions', { ...params, format, locale: locale.lang })
        : api.download('/api/exports/chart', { ...params, chart, format, locale: locale.lang }),
    );
  const picture = () =>
    run(async () => {
      const instance = image?.();
      if (!instance) return;
      // The chart's own panel colour, so dark-mode text stays readable in the picture.
      const url = instance.getDataURL({
        type: 'png',
        pixelRatio: 2,
        backgroundColor: themePanelColour(),
      });
      const blob = await (await fetch(url)).blob();
      const topic = params.topic === undefined ? '' : `-topic-${params.topic}`;
      saveBlob(blob, `nghe${topic}-${chart}-${new Date().toISOString().slice(0, 10)}.png`);
      await api.logImage(chart, params as FilterParams);
    });

  const label = t('exportLabel', { what });
  return (
    <fieldset class="export-buttons" data-chart={chart}>
      <legend class="visually-hidden">{label}</legend>
      <button type="button" class="export-csv" disabled={busy} onClick={() => table('csv')}>
        <span class="visually-hidden">{label} </span>
        {t('exportCsv')}
      </button>
      <button type="button" class="export-xlsx" disabled={busy} onClick={() => table('xlsx')}>
        <span class="visually-hidden">{label} </span>
        {t('exportXlsx')}
      </button>
      {image && (
        <button type="button" class="export-png" disabled={busy} onClick={picture}>
          <span class="visually-hidden">{label} </span>
          {t('exportPng')}
        </button>
      )}
      {failure && (
        <span class="error small" role="alert">
          {t('actionFailed', { message: failure })}
        </span>
      )}
    </fieldset>
  );
}
