/**
 * The write API, mounted together: catalog changes and the export (where a running catalog
 * is given: the Node entry), incident acknowledgements and manual notices.
 */
import type { OpenAPIHono } from '@hono/zod-openapi';
import type { AppOptions } from '../app.ts';
import type { RouteDeps } from '../api/deps.ts';
import { registerAckIncident } from '../api/routes/incidents/ack.ts';
import { registerCreateNotice } from '../api/routes/notices/create.ts';
import { registerResolveNotice } from '../api/routes/notices/resolve.ts';
import { registerUpdateNotice } from '../api/routes/notices/update.ts';
import { registerArchiveChannel } from '../api/routes/channels/archive.ts';
import { registerCreateChannel } from '../api/routes/channels/create.ts';
import { registerUpdateChannel } from '../api/routes/channels/update.ts';
import { registerExportYaml } from '../api/routes/export/get.ts';
import { registerArchiveProvider } from '../api/routes/providers/archive.ts';
import { registerCreateProvider } from '../api/routes/providers/create.ts';
import { registerUpdateProvider } from '../api/routes/providers/update.ts';

/** Mounts every write route the options allow (see `AppOptions.catalogAdmin`). */
export function registerWriteRoutes(app: OpenAPIHono, options: AppOptions & Pick<RouteDeps, 'catalog'>): void {
  const base = { database: options.database, adminKey: options.adminKey, now: options.now };
  if (options.catalogAdmin) {
    const deps = { ...base, catalogAdmin: options.catalogAdmin };
    registerCreateProvider(app, deps);
    registerUpdateProvider(app, deps);
    registerArchiveProvider(app, deps);
    registerCreateChannel(app, deps);
    registerUpdateChannel(app, deps);
    registerArchiveChannel(app, deps);
    registerExportYaml(app, deps);
  }
  registerAckIncident(app, base);
  const notices = { ...base, catalog: options.catalog, noticeWritten: options.noticeWritten, noticeAlerts: options.noticeAlerts };
  registerCreateNotice(app, notices);
  registerUpdateNotice(app, notices);
  registerResolveNotice(app, notices);
}
