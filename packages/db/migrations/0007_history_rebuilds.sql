CREATE TABLE `history_rebuilds` (
	`owner_id` text NOT NULL,
	`base` text NOT NULL,
	`state` text NOT NULL,
	`requested_at` integer NOT NULL,
	`started_at` integer,
	`finished_at` integer,
	`from_day` text,
	`to_day` text,
	`written` integer DEFAULT 0 NOT NULL,
	`error` text,
	PRIMARY KEY(`owner_id`, `base`)
);
