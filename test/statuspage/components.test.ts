/** The pure decisions of the Statuspage mapping: component status per state, page indicator, maintenance status. */
import { describe, expect, it } from 'vitest';
import { CHANNEL_STATES, type ChannelState } from '../../src/domain/vocabulary.ts';
import { COMPONENT_STATUS_OF, pageStatus } from '../../src/statuspage/components.ts';
import { maintenanceStatusAt } from '../../src/statuspage/maintenances.ts';
import { COMPONENT_STATUSES } from '../../src/statuspage/schema.ts';

describe('component status', () => {
  it.each(CHANNEL_STATES.map((s) => [s]))('%s maps to one of Statuspage’s statuses', (state) => {
    expect(COMPONENT_STATUSES).toContain(COMPONENT_STATUS_OF[state]);
  });

  it('never calls closed or unknown an outage or maintenance', () => {
    expect([COMPONENT_STATUS_OF.closed, COMPONENT_STATUS_OF.unknown]).toEqual(['operational', 'operational']);
  });
});

describe('pageStatus', () => {
  it.each<[ChannelState[], string]>([
    [[], 'none'],
    [['up', 'up'], 'none'],
    [['up', 'closed', 'unknown'], 'none'],
    [['closed', 'closed'], 'none'],
    [['up', 'degraded'], 'minor'],
    [['up', 'down'], 'major'],
    [['down', 'degraded'], 'major'],
    [['down', 'closed', 'unknown'], 'critical'],
    [['down', 'down'], 'critical'],
    [['up', 'maintenance'], 'maintenance'],
    [['maintenance', 'closed'], 'maintenance'],
    [['degraded', 'maintenance'], 'minor'],
  ])('%j → %s', (states, indicator) => {
    expect(pageStatus(states).indicator).toBe(indicator);
  });
});

describe('maintenanceStatusAt', () => {
  const span = { startsAt: 100, endsAt: 200 };
  it.each([
    [50, false, 'scheduled'],
    [100, false, 'in_progress'],
    [199, false, 'in_progress'],
    [200, false, 'completed'],
    [150, true, 'completed'],
  ])('at %i (closed %s) → %s', (now, closed, status) => {
    expect(maintenanceStatusAt(span, now, closed)).toBe(status);
  });
});
