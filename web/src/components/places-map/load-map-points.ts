// The map's places are a hashed static asset of the dashboard, fetched once when a map opens:
// from nghe's own server, never from a tile service.

import type { MapPoints } from './map-points.js';
import url from './map-points.json?url';

let loading: Promise<MapPoints> | null = null;

export function loadMapPoints(): Promise<MapPoints> {
  loading ??= fetch(url).then((response) => {
    if (!response.ok) throw new Error(`map places: HTTP ${response.status}`);
    return response.json() as Promise<MapPoints>;
  });
  loading.catch(() => {
    loading = null;
  });
  return loading;
}
