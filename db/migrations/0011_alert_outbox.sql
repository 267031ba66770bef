CREATE TABLE `alert_deliveries` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`event_id` integer NOT NULL,
	`route_id` text NOT NULL,
	`notifier` text NOT NULL,
	`status` text NOT NULL,
	`attempts` integer DEFAULT 0 NOT NULL,
	`created_at` integer NOT NULL,
	`next_attempt_at` integer NOT NULL,
	`last_attempt_at` integer,
	`delivered_at` integer,
	`last_error` text,
	FOREIGN KEY (`event_id`) REFERENCES `alert_events`(`id`) ON UPDATE no action ON DELETE cascade
);
--> statement-breakpoint
CREATE UNIQUE INDEX `alert_deliveries_event_route` ON `alert_deliveries` (`event_id`,`route_id`);--> statement-breakpoint
CREATE INDEX `alert_deliveries_due` ON `alert_deliveries` (`next_attempt_at`) WHERE "alert_deliveries"."status" = 'pending';--> statement-breakpoint
CREATE INDEX `alert_deliveries_route_pending` ON `alert_deliveries` (`route_id`,`id`) WHERE "alert_deliveries"."status" = 'pending';--> statement-breakpoint
CREATE TABLE `alert_events` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`key` text NOT NULL,
	`kind` text NOT NULL,
	`provider_pk` integer,
	`channel_pk` integer,
	`incident_id` integer,
	`at` integer NOT NULL,
	`data` text NOT NULL,
	`created_at` integer NOT NULL,
	`routed_at` integer
);
--> statement-breakpoint
CREATE UNIQUE INDEX `alert_events_key_unique` ON `alert_events` (`key`);--> statement-breakpoint
CREATE INDEX `alert_events_unrouted` ON `alert_events` (`id`) WHERE "alert_events"."routed_at" IS NULL;--> statement-breakpoint
CREATE INDEX `alert_events_created` ON `alert_events` (`created_at`);--> statement-breakpoint
CREATE TABLE `alert_routes` (
	`id` text PRIMARY KEY NOT NULL,
	`body` text NOT NULL,
	`created_at` integer NOT NULL,
	`updated_at` integer NOT NULL,
	`updated_by` text NOT NULL
);
