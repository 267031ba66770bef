CREATE TABLE `rollups_daily` (
	`key` integer PRIMARY KEY NOT NULL,
	`up_seconds` integer DEFAULT 0 NOT NULL,
	`degraded_seconds` integer DEFAULT 0 NOT NULL,
	`down_seconds` integer DEFAULT 0 NOT NULL,
	`closed_seconds` integer DEFAULT 0 NOT NULL,
	`maintenance_seconds` integer DEFAULT 0 NOT NULL,
	`up_checks` integer DEFAULT 0 NOT NULL,
	`degraded_checks` integer DEFAULT 0 NOT NULL,
	`down_checks` integer DEFAULT 0 NOT NULL,
	`closed_checks` integer DEFAULT 0 NOT NULL,
	`maintenance_checks` integer DEFAULT 0 NOT NULL,
	`latency` blob
);
--> statement-breakpoint
CREATE TABLE `rollups_hourly` (
	`key` integer PRIMARY KEY NOT NULL,
	`up_seconds` integer DEFAULT 0 NOT NULL,
	`degraded_seconds` integer DEFAULT 0 NOT NULL,
	`down_seconds` integer DEFAULT 0 NOT NULL,
	`closed_seconds` integer DEFAULT 0 NOT NULL,
	`maintenance_seconds` integer DEFAULT 0 NOT NULL,
	`up_checks` integer DEFAULT 0 NOT NULL,
	`degraded_checks` integer DEFAULT 0 NOT NULL,
	`down_checks` integer DEFAULT 0 NOT NULL,
	`closed_checks` integer DEFAULT 0 NOT NULL,
	`maintenance_checks` integer DEFAULT 0 NOT NULL,
	`latency` blob
);
