CREATE TABLE `fills` (
	`tx_id` text PRIMARY KEY NOT NULL,
	`row_id` text NOT NULL,
	`tx` text NOT NULL,
	`deltas` text NOT NULL,
	`trade_id` text,
	`order_id` text,
	`state` text NOT NULL,
	`recorded_at` integer NOT NULL,
	`booked_at` integer NOT NULL,
	`voided_at` integer
);
--> statement-breakpoint
CREATE INDEX `fills_state` ON `fills` (`state`);--> statement-breakpoint
CREATE INDEX `fills_booked_at` ON `fills` (`booked_at`);--> statement-breakpoint
CREATE TABLE `ledger_state` (
	`id` integer PRIMARY KEY NOT NULL,
	`version` integer NOT NULL,
	`platform_as_of` integer
);
--> statement-breakpoint
CREATE TABLE `outbox` (
	`seq` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`kind` text NOT NULL,
	`payload` text NOT NULL,
	`created_at` integer NOT NULL
);
--> statement-breakpoint
CREATE TABLE `symbol_rules` (
	`pair` text PRIMARY KEY NOT NULL,
	`rules` text,
	`fetched_at` integer NOT NULL
);
--> statement-breakpoint
ALTER TABLE `balances` ADD `platform_free` text DEFAULT '0' NOT NULL;--> statement-breakpoint
ALTER TABLE `reservations` ADD `requested` text DEFAULT '0' NOT NULL;--> statement-breakpoint
UPDATE `balances` SET `platform_free` = `free`;--> statement-breakpoint
UPDATE `reservations` SET `requested` = `amount`;--> statement-breakpoint
DELETE FROM `reservations` WHERE `ref` IS NOT NULL AND rowid NOT IN (SELECT min(rowid) FROM `reservations` WHERE `ref` IS NOT NULL GROUP BY `ref`);--> statement-breakpoint
INSERT INTO `ledger_state` (`id`, `version`, `platform_as_of`) VALUES (1, 0, NULL);--> statement-breakpoint
CREATE UNIQUE INDEX `reservations_ref` ON `reservations` (`ref`);--> statement-breakpoint
CREATE INDEX `reservations_expiry` ON `reservations` (`expires_at`);