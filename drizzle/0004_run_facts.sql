CREATE TABLE `run_locations` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`run_id` integer NOT NULL,
	`shop` text NOT NULL,
	`handle` text NOT NULL,
	`at` integer NOT NULL,
	`location_id` text NOT NULL,
	`location_name` text NOT NULL,
	`role` text NOT NULL,
	`units` integer,
	`distance_km` integer,
	`lead_time_ms` integer
);
--> statement-breakpoint
CREATE INDEX `run_locations_shop_at` ON `run_locations` (`shop`,`at`,`location_id`);--> statement-breakpoint
CREATE INDEX `run_locations_run` ON `run_locations` (`run_id`);--> statement-breakpoint
CREATE INDEX `run_locations_lead` ON `run_locations` (`shop`,`role`,`location_id`,`lead_time_ms`,`at`) WHERE lead_time_ms is not null;--> statement-breakpoint
ALTER TABLE `runs` ADD `order_created_at` integer;--> statement-breakpoint
ALTER TABLE `runs` ADD `fulfilled_at` integer;--> statement-breakpoint
ALTER TABLE `runs` ADD `lead_time_ms` integer;--> statement-breakpoint
ALTER TABLE `runs` ADD `fulfillment_count` integer;--> statement-breakpoint
ALTER TABLE `runs` ADD `units_fulfilled` integer;--> statement-breakpoint
ALTER TABLE `runs` ADD `move_count` integer;--> statement-breakpoint
ALTER TABLE `runs` ADD `lines_left` integer;--> statement-breakpoint
ALTER TABLE `runs` ADD `tracking_company` text;--> statement-breakpoint
ALTER TABLE `runs` ADD `tracking_source` text;--> statement-breakpoint
ALTER TABLE `runs` ADD `notified` integer;--> statement-breakpoint
ALTER TABLE `runs` ADD `pending_since` integer;--> statement-breakpoint
ALTER TABLE `runs` ADD `pending_reason` text;--> statement-breakpoint
ALTER TABLE `runs` ADD `pending_ms` integer;--> statement-breakpoint
CREATE INDEX `runs_shop_order_handle` ON `runs` (`shop`,`order_id`,`handle`,`finished_at`);--> statement-breakpoint
CREATE INDEX `runs_shop_finished_at` ON `runs` (`shop`,`finished_at`,`handle`);--> statement-breakpoint
CREATE INDEX `runs_shop_day_lead` ON `runs` (`shop`,cast(finished_at / 86400000 as integer),`lead_time_ms`) WHERE lead_time_ms is not null;--> statement-breakpoint
CREATE INDEX `runs_shop_lead` ON `runs` (`shop`,`lead_time_ms`,`finished_at`) WHERE lead_time_ms is not null;