CREATE TABLE `order_locks` (
	`shop` text NOT NULL,
	`order_id` text NOT NULL,
	`run_id` integer NOT NULL,
	PRIMARY KEY(`shop`, `order_id`)
);
