/**
 * Atlassian Statuspage's public v2 JSON format (`/api/v2/summary.json` and friends), written
 * from its public documentation and checked against real pages' documents (test/statuspage).
 * Field names and enums are Statuspage's, not ours: a client written for Statuspage must read
 * what we serve without knowing it is not Statuspage. Objects accept unknown keys, as a
 * client must (Statuspage adds fields over time); every documented field is required where
 * Statuspage always sends it, nullable where it sends null.
 */
import { z } from '@hono/zod-openapi';

/** The page's overall indicator. `maintenance` is sent while a maintenance is in progress. */
export const STATUS_INDICATORS = ['none', 'minor', 'major', 'critical', 'maintenance'] as const;
export type StatusIndicator = (typeof STATUS_INDICATORS)[number];

/** A component's status. */
export const COMPONENT_STATUSES = ['operational', 'degraded_performance', 'partial_outage', 'major_outage', 'under_maintenance'] as const;
export type ComponentStatus = (typeof COMPONENT_STATUSES)[number];

/** An incident's impact. Maintenances use the same field (real pages send `major` there too). */
export const INCIDENT_IMPACTS = ['none', 'minor', 'major', 'critical', 'maintenance'] as const;
export type IncidentImpact = (typeof INCIDENT_IMPACTS)[number];

/** An incident's status. */
export const INCIDENT_STATUSES = ['investigating', 'identified', 'monitoring', 'resolved', 'postmortem'] as const;
export type IncidentStatus = (typeof INCIDENT_STATUSES)[number];

/** A scheduled maintenance's status. */
export const MAINTENANCE_STATUSES = ['scheduled', 'in_progress', 'verifying', 'completed'] as const;
export type MaintenanceStatus = (typeof MAINTENANCE_STATUSES)[number];

/** ISO-8601 with an offset; Statuspage sends the page's local offset, we send UTC (`Z`). */
const Timestamp = z.string().openapi({ format: 'date-time' });

export const StatuspagePageSchema = z
  .object({
    id: z.string(),
    name: z.string(),
    url: z.string(),
    time_zone: z.string(),
    updated_at: Timestamp,
  })
  .openapi('StatuspagePage');

export const StatuspageStatusSchema = z
  .object({ indicator: z.enum(STATUS_INDICATORS), description: z.string() })
  .openapi('StatuspageStatus');

export const StatuspageComponentSchema = z
  .object({
    id: z.string(),
    name: z.string(),
    status: z.enum(COMPONENT_STATUSES),
    created_at: Timestamp,
    updated_at: Timestamp,
    position: z.number().int(),
    description: z.string().nullable(),
    showcase: z.boolean(),
    /** A date (`2017-01-31`); older pages leave it out. */
    start_date: z.string().nullable().optional(),
    group_id: z.string().nullable(),
    page_id: z.string(),
    group: z.boolean(),
    only_show_if_degraded: z.boolean(),
    /** Ids of a group's members (group components only). */
    components: z.array(z.string()).optional(),
  })
  .openapi('StatuspageComponent');

export const StatuspageAffectedComponentSchema = z
  .object({ code: z.string(), name: z.string(), old_status: z.enum(COMPONENT_STATUSES), new_status: z.enum(COMPONENT_STATUSES) })
  .openapi('StatuspageAffectedComponent');

export const StatuspageIncidentUpdateSchema = z
  .object({
    id: z.string(),
    status: z.enum([...INCIDENT_STATUSES, ...MAINTENANCE_STATUSES]),
    body: z.string(),
    incident_id: z.string(),
    created_at: Timestamp,
    updated_at: Timestamp,
    display_at: Timestamp,
    affected_components: z.array(StatuspageAffectedComponentSchema).nullable(),
    deliver_notifications: z.boolean(),
    custom_tweet: z.string().nullable(),
    tweet_id: z.string().nullable(),
  })
  .openapi('StatuspageIncidentUpdate');

const incidentFields = {
  id: z.string(),
  name: z.string(),
  created_at: Timestamp,
  updated_at: Timestamp,
  monitoring_at: Timestamp.nullable(),
  resolved_at: Timestamp.nullable(),
  impact: z.enum(INCIDENT_IMPACTS),
  shortlink: z.string(),
  started_at: Timestamp,
  page_id: z.string(),
  incident_updates: z.array(StatuspageIncidentUpdateSchema),
  components: z.array(StatuspageComponentSchema),
};

export const StatuspageIncidentSchema = z
  .object({ ...incidentFields, status: z.enum(INCIDENT_STATUSES) })
  .openapi('StatuspageIncident');

export const StatuspageMaintenanceSchema = z
  .object({ ...incidentFields, status: z.enum(MAINTENANCE_STATUSES), scheduled_for: Timestamp, scheduled_until: Timestamp })
  .openapi('StatuspageScheduledMaintenance');

/** `/api/v2/summary.json`: everything at once (unresolved incidents, upcoming and active maintenances). */
export const StatuspageSummarySchema = z
  .object({
    page: StatuspagePageSchema,
    components: z.array(StatuspageComponentSchema),
    incidents: z.array(StatuspageIncidentSchema),
    scheduled_maintenances: z.array(StatuspageMaintenanceSchema),
    status: StatuspageStatusSchema,
  })
  .openapi('StatuspageSummary');

/** `/api/v2/status.json`. */
export const StatuspageStatusDocumentSchema = z.object({ page: StatuspagePageSchema, status: StatuspageStatusSchema }).openapi('StatuspageStatusDocument');

/** `/api/v2/components.json`. */
export const StatuspageComponentsDocumentSchema = z
  .object({ page: StatuspagePageSchema, components: z.array(StatuspageComponentSchema) })
  .openapi('StatuspageComponentsDocument');

/** `/api/v2/incidents.json` and `/api/v2/incidents/unresolved.json`. */
export const StatuspageIncidentsDocumentSchema = z
  .object({ page: StatuspagePageSchema, incidents: z.array(StatuspageIncidentSchema) })
  .openapi('StatuspageIncidentsDocument');

/** `/api/v2/scheduled-maintenances.json` (and its `upcoming` and `active` subsets). */
export const StatuspageMaintenancesDocumentSchema = z
  .object({ page: StatuspagePageSchema, scheduled_maintenances: z.array(StatuspageMaintenanceSchema) })
  .openapi('StatuspageMaintenancesDocument');

export type StatuspagePage = z.infer<typeof StatuspagePageSchema>;
export type StatuspageStatus = z.infer<typeof StatuspageStatusSchema>;
export type StatuspageComponent = z.infer<typeof StatuspageComponentSchema>;
export type StatuspageIncidentUpdate = z.infer<typeof StatuspageIncidentUpdateSchema>;
export type StatuspageIncident = z.infer<typeof StatuspageIncidentSchema>;
export type StatuspageMaintenance = z.infer<typeof StatuspageMaintenanceSchema>;
export type StatuspageSummary = z.infer<typeof StatuspageSummarySchema>;
