CREATE TABLE `notices` (
	`pk` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`provider_pk` integer NOT NULL,
	`notice_id` text NOT NULL,
	`source_probe_pk` integer NOT NULL,
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
CREATE UNIQUE INDEX `notices_provider_notice` ON `notices` (`provider_pk`,`notice_id`);--> statement-breakpoint
CREATE INDEX `notices_provider_published` ON `notices` (`provider_pk`,`published_at`);--> statement-breakpoint
CREATE INDEX `notices_source_open` ON `notices` (`source_probe_pk`) WHERE "notices"."closed_at" IS NULL;--> statement-breakpoint
CREATE INDEX `notices_active_until` ON `notices` (`active_until`);