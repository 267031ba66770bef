CREATE TABLE `reports` (
	`id` integer PRIMARY KEY NOT NULL,
	`channel_pk` integer NOT NULL,
	`reporter` text NOT NULL,
	`problem` text NOT NULL,
	`at` integer NOT NULL,
	`counted` integer NOT NULL,
	FOREIGN KEY (`channel_pk`) REFERENCES `channels`(`pk`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE INDEX `reports_channel_at` ON `reports` (`channel_pk`,`at`);--> statement-breakpoint
CREATE INDEX `reports_channel_reporter_at` ON `reports` (`channel_pk`,`reporter`,`at`);