-- The checks table becomes clustered by its primary key (channel, time, probe): one B-tree
-- instead of a rowid table plus its key index, about 40 instead of 60 bytes a check.
-- Hand-written (drizzle-kit cannot declare WITHOUT ROWID); the columns are those of 0005.
CREATE TABLE `__new_checks` (
	`channel_pk` integer NOT NULL,
	`probe_pk` integer NOT NULL,
	`started_at` integer NOT NULL,
	`duration_ms` integer NOT NULL,
	`outcome` text NOT NULL,
	`http_status` integer,
	`error_class` text,
	`message` text,
	`dns_ms` integer,
	`connect_ms` integer,
	`tls_ms` integer,
	`first_byte_ms` integer,
	`cert_expires_at` integer,
	`conditions_failed` integer,
	PRIMARY KEY(`channel_pk`, `started_at`, `probe_pk`)
) WITHOUT ROWID;
--> statement-breakpoint
INSERT INTO `__new_checks` SELECT * FROM `checks`;
--> statement-breakpoint
DROP TABLE `checks`;
--> statement-breakpoint
ALTER TABLE `__new_checks` RENAME TO `checks`;
