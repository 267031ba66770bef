PRAGMA foreign_keys=OFF;--> statement-breakpoint
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
);
--> statement-breakpoint
INSERT INTO `__new_checks`("channel_pk", "probe_pk", "started_at", "duration_ms", "outcome", "http_status", "error_class", "message", "dns_ms", "connect_ms", "tls_ms", "first_byte_ms", "cert_expires_at", "conditions_failed") SELECT "channel_pk", "probe_pk", "started_at", "duration_ms", "outcome", "http_status", "error_class", "message", "dns_ms", "connect_ms", "tls_ms", "first_byte_ms", "cert_expires_at", "conditions_failed" FROM `checks`;--> statement-breakpoint
DROP TABLE `checks`;--> statement-breakpoint
ALTER TABLE `__new_checks` RENAME TO `checks`;--> statement-breakpoint
PRAGMA foreign_keys=ON;