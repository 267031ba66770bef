/**
 * Reads what the Statuspage documents of one provider need, with the reads the provider view
 * uses (src/store/reads.ts, src/notices/store.ts) and the same channel view (`channelView`),
 * so a channel's state here is exactly the one `/api/v1/providers/:id` shows.
 */
import type { RouteDeps } from '../api/deps.ts';
import { channelView } from '../api/views.ts';
import { listLiveNotices, listNotices, type StoredNotice } from '../notices/store.ts';
import { latestChecks, listChannelStates, listIncidents, withState, type IncidentRow } from '../store/reads.ts';
import { HISTORY_LIMIT, type StatuspageSource } from './documents.ts';

/** Open incidents read at most (one per channel can be open, so this is a provider's channels). */
const OPEN_LIMIT = 500;

/** Notices read for the history documents: enough for 50 incidents and 50 maintenances. */
const NOTICE_HISTORY_LIMIT = 2 * HISTORY_LIMIT;

/**
 * One provider's channels (with their state now), incidents and notices; undefined for an
 * unknown provider. `history` adds the recent resolved incidents and notices (for
 * `incidents.json` and `scheduled-maintenances.json`); without it only open incidents and
 * notices that may be in effect are read (the summary, status and components).
 *
 * @example const source = await loadStatuspageSource(deps, 'acme', 'https://status.example/p/acme', false);
 */
export async function loadStatuspageSource(
  deps: Pick<RouteDeps, 'database' | 'catalog' | 'now'>,
  providerId: string,
  pageUrl: string,
  history: boolean,
): Promise<StatuspageSource | undefined> {
  const catalog = await deps.catalog();
  const provider = catalog.providerById.get(providerId);
  if (!provider) return undefined;
  const { db } = deps.database;
  const now = deps.now();
  const own = catalog.channelsByProvider.get(provider.pk) ?? [];
  const [states, last, live, open, recent, noticeHistory] = await Promise.all([
    listChannelStates(db, provider.pk),
    latestChecks(db, own.map((c) => c.pk)),
    listLiveNotices(db, { now, providerPk: provider.pk }),
    listIncidents(db, { providerPk: provider.pk, open: true, limit: OPEN_LIMIT }),
    history ? listIncidents(db, { providerPk: provider.pk, limit: HISTORY_LIMIT }) : [],
    history ? listNotices(db, { providerPk: provider.pk, now, limit: NOTICE_HISTORY_LIMIT }) : [],
  ]);
  return {
    provider: { id: provider.id, name: provider.name, timezone: provider.timezone, maintenance: provider.maintenance },
    pageUrl,
    now,
    channels: own.map((info) => ({
      view: channelView(withState(info, states.get(info.pk)), provider, last.get(info.pk), now, undefined, undefined, live),
      maintenance: info.maintenance,
    })),
    incidents: unique<IncidentRow>([...open, ...recent], (r) => r.id),
    notices: unique<StoredNotice>([...live, ...noticeHistory], (n) => n.pk),
  };
}

function unique<T>(list: readonly T[], key: (item: T) => number): T[] {
  const seen = new Map<number, T>();
  for (const item of list) if (!seen.has(key(item))) seen.set(key(item), item);
  return [...seen.values()];
}
