ALTER TABLE `accounts` ADD `owner_id` text DEFAULT 'default' NOT NULL;--> statement-breakpoint
CREATE INDEX `accounts_owner_idx` ON `accounts` (`owner_id`,`active`);--> statement-breakpoint
ALTER TABLE `portfolio_snapshots` ADD `owner_id` text DEFAULT 'default' NOT NULL;--> statement-breakpoint
ALTER TABLE `portfolio_snapshots` ADD `prices` text DEFAULT '{}' NOT NULL;--> statement-breakpoint
CREATE UNIQUE INDEX `portfolio_snapshots_owner_base_time_uq` ON `portfolio_snapshots` (`owner_id`,`base_currency`,`timestamp`);