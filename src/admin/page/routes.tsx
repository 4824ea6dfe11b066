/** `GET /app`: the embedded admin page (the data comes from the JSON API under /api). */
import { Hono } from 'hono';
import type { AppDeps } from '../../deps';
import { buildHintData } from './hints-data';
import { AdminPage } from './page';

/** Bumped by every server start, so a browser never runs an old bundle against a new API. */
const ASSET_VERSION = Date.now().toString(36);

/** Routes of the admin page; mount at the root (`app.route('/', adminPage(deps))`). */
export function adminPage(deps: Pick<AppDeps, 'secrets' | 'sandboxShop'>): Hono {
  const app = new Hono();
  const hints = buildHintData();
  app.get('/app', async (c) => {
    c.header('Cache-Control', 'no-store');
    const props = {
      hints,
      assetVersion: ASSET_VERSION,
      ...(deps.secrets.apiKey ? { apiKey: deps.secrets.apiKey } : {}),
      ...(deps.sandboxShop ? { shop: deps.sandboxShop } : {}),
    };
    const body = await (<AdminPage {...props} />).toString();
    return c.html(`<!doctype html>${body}`);
  });
  return app;
}
