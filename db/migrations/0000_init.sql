CREATE TABLE `channel_status` (
	`channel_pk` integer PRIMARY KEY NOT NULL,
	`state` text NOT NULL,
	`since` integer NOT NULL
);
--> statement-breakpoint
CREATE TABLE `channels` (
	`pk` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`id` text NOT NULL,
	`provider_pk` integer NOT NULL,
	`kind` text NOT NULL,
	`name` text NOT NULL,
	`contact` text,
	`hours` text NOT NULL,
	`languages` text NOT NULL,
	`position` integer NOT NULL,
	`source` text DEFAULT 'config' NOT NULL,
	`archived_at` integer,
	`updated_at` integer NOT NULL,
	FOREIGN KEY (`provider_pk`) REFERENCES `providers`(`pk`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE UNIQUE INDEX `channels_id_unique` ON `channels` (`id`);--> statement-breakpoint
CREATE INDEX `channels_provider` ON `channels` (`provider_pk`);--> statement-breakpoint
CREATE TABLE `checks` (
	`id` integer PRIMARY KEY NOT NULL,
	`channel_pk` integer NOT NULL,
	`probe_pk` integer NOT NULL,
	`started_at` integer NOT NULL,
	`duration_ms` integer NOT NULL,
	`outcome` text NOT NULL,
	`http_status` integer,
	`error_class` text,
	`message` text
);
--> statement-breakpoint
CREATE INDEX `checks_channel_time` ON `checks` (`channel_pk`,`started_at`);--> statement-breakpoint
CREATE TABLE `incidents` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`channel_pk` integer NOT NULL,
	`started_at` integer NOT NULL,
	`ended_at` integer,
	`cause_class` text,
	`cause_message` text,
	FOREIGN KEY (`channel_pk`) REFERENCES `channels`(`pk`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE INDEX `incidents_channel_started` ON `incidents` (`channel_pk`,`started_at`);--> statement-breakpoint
CREATE UNIQUE INDEX `incidents_one_open` ON `incidents` (`channel_pk`) WHERE "incidents"."ended_at" IS NULL;--> statement-breakpoint
CREATE TABLE `probe_status` (
	`probe_pk` integer PRIMARY KEY NOT NULL,
	`status` text NOT NULL,
	`since` integer NOT NULL
);
--> statement-breakpoint
CREATE TABLE `probes` (
	`pk` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`key` text NOT NULL,
	`channel_pk` integer NOT NULL,
	`type` text NOT NULL,
	`target` text NOT NULL,
	`spec` text NOT NULL,
	`archived_at` integer,
	`updated_at` integer NOT NULL,
	FOREIGN KEY (`channel_pk`) REFERENCES `channels`(`pk`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE UNIQUE INDEX `probes_key_unique` ON `probes` (`key`);--> statement-breakpoint
CREATE INDEX `probes_channel` ON `probes` (`channel_pk`);--> statement-breakpoint
CREATE TABLE `providers` (
	`pk` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`id` text NOT NULL,
	`name` text NOT NULL,
	`timezone` text NOT NULL,
	`locale` text NOT NULL,
	`source` text DEFAULT 'config' NOT NULL,
	`archived_at` integer,
	`updated_at` integer NOT NULL
);
--> statement-breakpoint
CREATE UNIQUE INDEX `providers_id_unique` ON `providers` (`id`);