CREATE TABLE `price_candles` (
	`base` text NOT NULL,
	`quote` text NOT NULL,
	`source` text NOT NULL,
	`interval` text NOT NULL,
	`open_time` integer NOT NULL,
	`close_time` integer NOT NULL,
	`open` text NOT NULL,
	`high` text NOT NULL,
	`low` text NOT NULL,
	`close` text NOT NULL,
	PRIMARY KEY(`base`, `quote`, `source`, `interval`, `open_time`)
);
