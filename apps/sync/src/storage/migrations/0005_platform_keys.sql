CREATE TABLE `platform_keys` (
	`key` text PRIMARY KEY NOT NULL,
	`tx_id` text NOT NULL,
	`at` integer NOT NULL
);
--> statement-breakpoint
CREATE INDEX `platform_keys_at` ON `platform_keys` (`at`);