CREATE TABLE `account` (
	`id` text PRIMARY KEY NOT NULL,
	`name` text NOT NULL,
	`type` text NOT NULL,
	`provider` text NOT NULL,
	`platform_account_id` text,
	`config` text NOT NULL,
	`metadata` text NOT NULL,
	`credentials` text,
	`base_currency` text NOT NULL,
	`sync_interval_ms` integer NOT NULL,
	`active` integer NOT NULL,
	`inserted_at` integer NOT NULL,
	`updated_at` integer NOT NULL
);
--> statement-breakpoint
CREATE TABLE `balances` (
	`asset` text PRIMARY KEY NOT NULL,
	`free` text NOT NULL,
	`locked` text NOT NULL,
	`synced_at` integer NOT NULL
);
--> statement-breakpoint
CREATE TABLE `cursors` (
	`stream` text PRIMARY KEY NOT NULL,
	`value` text NOT NULL,
	`updated_at` integer NOT NULL
);
--> statement-breakpoint
CREATE TABLE `jobs` (
	`name` text PRIMARY KEY NOT NULL,
	`next_run_at` integer,
	`attempts` integer DEFAULT 0 NOT NULL,
	`last_run_at` integer,
	`last_success_at` integer,
	`last_error_at` integer,
	`last_error` text,
	`state` text NOT NULL
);
--> statement-breakpoint
CREATE TABLE `prices` (
	`asset` text PRIMARY KEY NOT NULL,
	`price` text NOT NULL,
	`base` text NOT NULL,
	`as_of` integer NOT NULL
);
