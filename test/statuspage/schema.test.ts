/**
 * The Statuspage v2 schema (written from Statuspage's public documentation) against real
 * pages' documents (GitHub, Discord): it must accept every one of them, or it is not
 * Statuspage's format; and it must refuse what Statuspage never sends, or it checks nothing.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import {
  StatuspageComponentsDocumentSchema,
  StatuspageIncidentsDocumentSchema,
  StatuspageMaintenancesDocumentSchema,
  StatuspageStatusDocumentSchema,
  StatuspageSummarySchema,
} from '../../src/statuspage/schema.ts';

const REAL = join(import.meta.dirname, '../../../shared/fixtures/real');

/** The schema of a document, by the keys it has (as a client knows by the URL it asked). */
function schemaOf(doc: Record<string, unknown>) {
  if ('components' in doc && 'status' in doc) return StatuspageSummarySchema;
  if ('status' in doc) return StatuspageStatusDocumentSchema;
  if ('components' in doc) return StatuspageComponentsDocumentSchema;
  if ('scheduled_maintenances' in doc) return StatuspageMaintenancesDocumentSchema;
  return StatuspageIncidentsDocumentSchema;
}

const realFiles = readdirSync(REAL).filter((f) => f.startsWith('sp_') && f.endsWith('.json'));

describe('Statuspage v2 schema', () => {
  it('has real documents to check against', () => {
    expect(realFiles.length).toBeGreaterThanOrEqual(7);
  });

  it.each(realFiles)('accepts %s', (file) => {
    const doc = JSON.parse(readFileSync(join(REAL, file), 'utf8')) as Record<string, unknown>;
    const result = schemaOf(doc).safeParse(doc);
    expect(result.success ? [] : result.error.issues).toEqual([]);
  });

  const summary = JSON.parse(readFileSync(join(REAL, 'sp_githubstatus_summary_2022-11-25.json'), 'utf8')) as {
    components: Record<string, unknown>[];
    incidents: Record<string, unknown>[];
    status: Record<string, unknown>;
  };
  it.each([
    ['an unknown component status', (d: typeof summary) => (d.components[0]!.status = 'down')],
    ['an unknown indicator', (d: typeof summary) => (d.status.indicator = 'red')],
    ['an unknown impact', (d: typeof summary) => (d.incidents[0]!.impact = 'huge')],
    ['an incident without updates', (d: typeof summary) => delete d.incidents[0]!.incident_updates],
    ['a component without a position', (d: typeof summary) => delete d.components[0]!.position],
    ['a numeric id', (d: typeof summary) => (d.components[0]!.id = 7)],
  ])('refuses %s', (_what, spoil) => {
    const doc = structuredClone(summary);
    spoil(doc);
    expect(StatuspageSummarySchema.safeParse(doc).success).toBe(false);
  });
});
