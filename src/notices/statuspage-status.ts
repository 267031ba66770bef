/**
 * Atlassian Statuspage's own status words, in its JSON and in the RSS/Atom feeds it renders
 * (`<small>Nov 21, 05:07 UTC</small><br><strong>Resolved</strong> - …`, newest first). They
 * take precedence over the classifier's reading of the words.
 */
import * as cheerio from 'cheerio';
import type { ClassifyInput } from './classify.ts';
import { nestsDeeperThan } from './plain-text.ts';

type Hint = NonNullable<ClassifyInput['hint']>;

const INCIDENT_STATUSES = new Set(['investigating', 'identified', 'monitoring', 'update', 'resolved', 'postmortem']);
const MAINTENANCE_STATUSES = new Set(['scheduled', 'in progress', 'in_progress', 'verifying', 'completed']);

/**
 * The verdict a Statuspage status gives: resolved / postmortem / completed close it; an
 * incident is otherwise an outage, a scheduled maintenance a maintenance.
 *
 * @example statuspageHint('monitoring', 'incident') // → { kind: 'outage', topic: 'outage' }
 * @example statuspageHint('completed', 'maintenance') // → { kind: 'resolved', topic: 'maintenance' }
 */
export function statuspageHint(status: string, family: 'incident' | 'maintenance'): Hint {
  const word = status.trim().toLowerCase();
  const topic = family === 'incident' ? 'outage' : 'maintenance';
  if (word === 'resolved' || word === 'postmortem' || word === 'completed') return { kind: 'resolved', topic };
  return { kind: topic, topic };
}

/**
 * The update statuses of a Statuspage-rendered feed body, newest first, or [] when the body
 * is not one (then the words decide). Unknown `<strong>` texts (`Impact`, `THIS IS A
 * SCHEDULED EVENT …`) are not statuses.
 *
 * @example feedStatuses('<p><small>Nov 21</small><br><strong>Resolved</strong> - Fixed.</p>') // → ['Resolved']
 */
export function feedStatuses(html: string): string[] {
  if (!html.includes('<strong>') || nestsDeeperThan(html)) return [];
  const $ = cheerio.load(html, null, false);
  const statuses: string[] = [];
  $('p').each((_, p) => {
    // An update paragraph starts with its time (<small>) and then its status (<strong>).
    const paragraph = $(p);
    if (paragraph.children('small').length === 0) return;
    const status = paragraph.children('strong').first().text().trim();
    if (INCIDENT_STATUSES.has(status.toLowerCase()) || MAINTENANCE_STATUSES.has(status.toLowerCase())) statuses.push(status);
  });
  return statuses;
}

/**
 * The hint of a feed body's statuses: the newest decides; whether it is about maintenance
 * shows in any of them (`Update` follows either kind).
 */
export function feedHint(statuses: readonly string[]): Hint | null {
  const newest = statuses[0];
  if (newest === undefined) return null;
  const maintenance = statuses.some((s) => MAINTENANCE_STATUSES.has(s.toLowerCase()));
  return statuspageHint(newest, maintenance ? 'maintenance' : 'incident');
}
