// Opens the app for one command and always closes it, so the SQLite file is left clean.
import { loadConfig } from '../config/config.js';
import { type App, openApp } from '../jobs/app.js';

export async function withApp<T>(run: (app: App) => Promise<T>): Promise<T> {
  const app = openApp(loadConfig());
  try {
    return await run(app);
  } finally {
    await app.close();
  }
}
