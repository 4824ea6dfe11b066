CREATE TABLE `runs` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`shop` text NOT NULL,
	`action_run_id` text NOT NULL,
	`handle` text NOT NULL,
	`order_id` text,
	`status` text NOT NULL,
	`attempts` integer DEFAULT 0 NOT NULL,
	`lease_until` integer,
	`properties` text,
	`plan` text,
	`explanation` text,
	`steps` text,
	`response_status` integer,
	`response_body` text,
	`error_code` text,
	`error_message` text,
	`rule_name` text,
	`rule_version` integer,
	`admin_calls` text,
	`admin_call_count` integer DEFAULT 0 NOT NULL,
	`admin_requested_cost` integer DEFAULT 0 NOT NULL,
	`admin_actual_cost` integer DEFAULT 0 NOT NULL,
	`duration_ms` integer,
	`created_at` integer NOT NULL,
	`updated_at` integer NOT NULL,
	`finished_at` integer
);
--> statement-breakpoint
CREATE UNIQUE INDEX `runs_shop_action_run_id` ON `runs` (`shop`,`action_run_id`);--> statement-breakpoint
CREATE INDEX `runs_shop_created_at` ON `runs` (`shop`,`created_at`);--> statement-breakpoint
CREATE INDEX `runs_status_lease` ON `runs` (`status`,`lease_until`);--> statement-breakpoint
CREATE TABLE `session` (
	`id` text PRIMARY KEY NOT NULL,
	`shop` text NOT NULL,
	`state` text NOT NULL,
	`isOnline` integer DEFAULT false NOT NULL,
	`scope` text,
	`expires` text,
	`accessToken` text NOT NULL,
	`userId` blob,
	`firstName` text,
	`lastName` text,
	`email` text,
	`accountOwner` integer,
	`locale` text,
	`collaborator` integer,
	`emailVerified` integer,
	`refreshToken` text,
	`refreshTokenExpires` text
);
--> statement-breakpoint
CREATE TABLE `settings` (
	`key` text PRIMARY KEY NOT NULL,
	`value` text NOT NULL,
	`updated_at` integer NOT NULL
);
--> statement-breakpoint
CREATE TABLE `shops` (
	`domain` text PRIMARY KEY NOT NULL,
	`status` text NOT NULL,
	`scopes` text,
	`installed_at` integer NOT NULL,
	`uninstalled_at` integer,
	`updated_at` integer NOT NULL
);
