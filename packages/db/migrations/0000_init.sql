CREATE TABLE `accounts` (
	`id` text PRIMARY KEY NOT NULL,
	`name` text NOT NULL,
	`type` text NOT NULL,
	`provider` text NOT NULL,
	`account_id` text,
	`config` text NOT NULL,
	`metadata` text NOT NULL,
	`active` integer DEFAULT true NOT NULL,
	`inserted_at` integer NOT NULL,
	`updated_at` integer NOT NULL
);
--> statement-breakpoint
CREATE INDEX `accounts_inserted_at_idx` ON `accounts` (`inserted_at`,`id`);--> statement-breakpoint
CREATE TABLE `balances` (
	`id` text PRIMARY KEY NOT NULL,
	`account_id` text NOT NULL,
	`asset` text NOT NULL,
	`amount` text NOT NULL,
	`available` text NOT NULL,
	`locked` text NOT NULL,
	`synced_at` integer NOT NULL,
	`inserted_at` integer NOT NULL,
	`updated_at` integer NOT NULL,
	FOREIGN KEY (`account_id`) REFERENCES `accounts`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE UNIQUE INDEX `balances_account_asset_synced_uq` ON `balances` (`account_id`,`asset`,`synced_at`);--> statement-breakpoint
CREATE INDEX `balances_account_synced_idx` ON `balances` (`account_id`,`synced_at`);--> statement-breakpoint
CREATE TABLE `portfolio_snapshots` (
	`id` text PRIMARY KEY NOT NULL,
	`timestamp` integer NOT NULL,
	`value` text NOT NULL,
	`base_currency` text NOT NULL,
	`asset_breakdown` text NOT NULL,
	`inserted_at` integer NOT NULL,
	`updated_at` integer NOT NULL
);
--> statement-breakpoint
CREATE INDEX `portfolio_snapshots_timestamp_idx` ON `portfolio_snapshots` (`timestamp`);--> statement-breakpoint
CREATE TABLE `transactions` (
	`id` text PRIMARY KEY NOT NULL,
	`account_id` text NOT NULL,
	`tx_id` text NOT NULL,
	`tx_type` text NOT NULL,
	`asset` text NOT NULL,
	`amount` text NOT NULL,
	`price` text,
	`quote_asset` text,
	`quote_amount` text,
	`fee` text,
	`fee_asset` text,
	`timestamp` integer NOT NULL,
	`metadata` text NOT NULL,
	`source` text NOT NULL,
	`inserted_at` integer NOT NULL,
	`updated_at` integer NOT NULL,
	FOREIGN KEY (`account_id`) REFERENCES `accounts`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE UNIQUE INDEX `transactions_account_tx_uq` ON `transactions` (`account_id`,`tx_id`);--> statement-breakpoint
CREATE INDEX `transactions_account_timestamp_idx` ON `transactions` (`account_id`,`timestamp`,`id`);