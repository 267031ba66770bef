ALTER TABLE `channels` ADD `maintenance` text DEFAULT '[]' NOT NULL;--> statement-breakpoint
ALTER TABLE `checks` ADD `dns_ms` integer;--> statement-breakpoint
ALTER TABLE `checks` ADD `connect_ms` integer;--> statement-breakpoint
ALTER TABLE `checks` ADD `tls_ms` integer;--> statement-breakpoint
ALTER TABLE `checks` ADD `first_byte_ms` integer;--> statement-breakpoint
ALTER TABLE `checks` ADD `cert_expires_at` integer;--> statement-breakpoint
ALTER TABLE `providers` ADD `maintenance` text DEFAULT '[]' NOT NULL;