CREATE TABLE `catalog_entries` (
	`pk` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`kind` text NOT NULL,
	`id` text NOT NULL,
	`provider_id` text NOT NULL,
	`body` text NOT NULL,
	`created_at` integer NOT NULL,
	`updated_at` integer NOT NULL,
	`updated_by` text NOT NULL
);
--> statement-breakpoint
CREATE UNIQUE INDEX `catalog_entries_kind_id` ON `catalog_entries` (`kind`,`id`);--> statement-breakpoint
CREATE TABLE `notice_updates` (
	`pk` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`notice_pk` integer NOT NULL,
	`at` integer NOT NULL,
	`kind` text NOT NULL,
	`body` text NOT NULL,
	`by` text NOT NULL,
	FOREIGN KEY (`notice_pk`) REFERENCES `notices`(`pk`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE INDEX `notice_updates_notice` ON `notice_updates` (`notice_pk`,`at`);--> statement-breakpoint
PRAGMA foreign_keys=OFF;--> statement-breakpoint
CREATE TABLE `__new_notices` (
	`pk` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`provider_pk` integer NOT NULL,
	`notice_id` text NOT NULL,
	`source_probe_pk` integer,
	`format` text NOT NULL,
	`kind` text NOT NULL,
	`topic` text NOT NULL,
	`title` text NOT NULL,
	`body` text NOT NULL,
	`url` text,
	`published_at` integer,
	`updated_at` integer,
	`resolved_at` integer,
	`window_start` integer,
	`window_end` integer,
	`channels` text,
	`components` text DEFAULT '[]' NOT NULL,
	`upstream_status` text,
	`severity` text,
	`first_seen_at` integer NOT NULL,
	`last_seen_at` integer NOT NULL,
	`changed_at` integer NOT NULL,
	`closed_at` integer,
	`active_until` integer NOT NULL,
	FOREIGN KEY (`provider_pk`) REFERENCES `providers`(`pk`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`source_probe_pk`) REFERENCES `probes`(`pk`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
INSERT INTO `__new_notices`("pk", "provider_pk", "notice_id", "source_probe_pk", "format", "kind", "topic", "title", "body", "url", "published_at", "updated_at", "resolved_at", "window_start", "window_end", "channels", "components", "upstream_status", "severity", "first_seen_at", "last_seen_at", "changed_at", "closed_at", "active_until") SELECT "pk", "provider_pk", "notice_id", "source_probe_pk", "format", "kind", "topic", "title", "body", "url", "published_at", "updated_at", "resolved_at", "window_start", "window_end", "channels", "components", "upstream_status", "severity", "first_seen_at", "last_seen_at", "changed_at", "closed_at", "active_until" FROM `notices`;--> statement-breakpoint
DROP TABLE `notices`;--> statement-breakpoint
ALTER TABLE `__new_notices` RENAME TO `notices`;--> statement-breakpoint
PRAGMA foreign_keys=ON;--> statement-breakpoint
CREATE UNIQUE INDEX `notices_provider_notice` ON `notices` (`provider_pk`,`notice_id`);--> statement-breakpoint
CREATE INDEX `notices_provider_published` ON `notices` (`provider_pk`,`published_at`);--> statement-breakpoint
CREATE INDEX `notices_source_open` ON `notices` (`source_probe_pk`) WHERE "notices"."closed_at" IS NULL;--> statement-breakpoint
CREATE INDEX `notices_active_until` ON `notices` (`active_until`);--> statement-breakpoint
ALTER TABLE `incidents` ADD `acknowledged_at` integer;--> statement-breakpoint
ALTER TABLE `incidents` ADD `acknowledged_by` text;--> statement-breakpoint
ALTER TABLE `incidents` ADD `ack_note` text;