CREATE TABLE `reservations` (
	`id` text PRIMARY KEY NOT NULL,
	`asset` text NOT NULL,
	`amount` text NOT NULL,
	`ref` text,
	`created_at` integer NOT NULL,
	`expires_at` integer NOT NULL
);
