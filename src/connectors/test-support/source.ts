// A stored-looking source for connector tests, of any kind, settings and cursor.
import { emptySourceHealth, type Source, type SourceKind } from '../../model.js';

export function testSource(
  kind: SourceKind,
  url: string,
  settings: Record<string, unknown>,
  cursor: string | null = null,
): Source {
  return {
    id: 1,
    kind,
    url,
    title: null,
    enabled: true,
    settings,
    schedule: { nextFetchAt: '2026-10-01T00:00:00.000Z', intervalSeconds: 900 },
    validators: { etag: null, lastModified: null },
    cursor,
    health: emptySourceHealth(),
    createdAt: '2026-10-01T00:00:00.000Z',
  };
}
