-- Checks without text (issue 4: bytes on disk per check). The outcome and error class become
-- small integer codes (src/store/check-codes.ts: never renumber), and each distinct message
-- is stored once in `check_messages`, referred to by id. Hand-written: drizzle-kit cannot
-- declare WITHOUT ROWID (see 0006). The rows are copied in key order, so the new table is
-- also packed tight.
CREATE TABLE `check_messages` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`text` text NOT NULL,
	`last_seen` integer NOT NULL
);
--> statement-breakpoint
CREATE UNIQUE INDEX `check_messages_text_unique` ON `check_messages` (`text`);
--> statement-breakpoint
INSERT INTO `check_messages` (`text`, `last_seen`)
	SELECT `message`, max(`started_at`) FROM `checks` WHERE `message` IS NOT NULL GROUP BY `message` ORDER BY min(`started_at`);
--> statement-breakpoint
CREATE TABLE `__new_checks` (
	`channel_pk` integer NOT NULL,
	`probe_pk` integer NOT NULL,
	`started_at` integer NOT NULL,
	`duration_ms` integer NOT NULL,
	`outcome_code` integer NOT NULL,
	`http_status` integer,
	`error_class_code` integer,
	`message_id` integer,
	`dns_ms` integer,
	`connect_ms` integer,
	`tls_ms` integer,
	`first_byte_ms` integer,
	`cert_expires_at` integer,
	`conditions_failed` integer,
	PRIMARY KEY(`channel_pk`, `started_at`, `probe_pk`)
) WITHOUT ROWID;
--> statement-breakpoint
-- An outcome outside the vocabulary has no code: NOT NULL fails the migration rather than guess.
INSERT INTO `__new_checks`
	SELECT c.`channel_pk`, c.`probe_pk`, c.`started_at`, c.`duration_ms`,
		CASE c.`outcome` WHEN 'up' THEN 0 WHEN 'degraded' THEN 1 WHEN 'down' THEN 2 END,
		c.`http_status`,
		CASE c.`error_class` WHEN 'dns' THEN 0 WHEN 'connect' THEN 1 WHEN 'tls' THEN 2 WHEN 'timeout' THEN 3
			WHEN 'http_status' THEN 4 WHEN 'keyword' THEN 5 WHEN 'condition' THEN 6 WHEN 'body_too_large' THEN 7
			WHEN 'redirects' THEN 8 WHEN 'other' THEN 9 END,
		m.`id`, c.`dns_ms`, c.`connect_ms`, c.`tls_ms`, c.`first_byte_ms`, c.`cert_expires_at`, c.`conditions_failed`
	FROM `checks` c LEFT JOIN `check_messages` m ON m.`text` = c.`message`
	ORDER BY c.`channel_pk`, c.`started_at`, c.`probe_pk`;
--> statement-breakpoint
DROP TABLE `checks`;
--> statement-breakpoint
ALTER TABLE `__new_checks` RENAME TO `checks`;
