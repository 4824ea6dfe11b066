-- Daily roll-ups of runs and run_locations for analytics. WITHOUT ROWID (added by hand; drizzle-kit
-- does not write it): a range of days is read in key order, not row by row.
-- The trigger bodies use arithmetic on comparisons, not CASE ... END: some libSQL tools split a
-- trigger's BEGIN ... END at the first END they meet.
CREATE TABLE `run_days` (
	`shop` text NOT NULL,
	`day` integer NOT NULL,
	`handle` text NOT NULL,
	`rule_name` text DEFAULT '' NOT NULL,
	`rule_version` integer DEFAULT 0 NOT NULL,
	`runs` integer DEFAULT 0 NOT NULL,
	`succeeded` integer DEFAULT 0 NOT NULL,
	`noop` integer DEFAULT 0 NOT NULL,
	`failed` integer DEFAULT 0 NOT NULL,
	`pending` integer DEFAULT 0 NOT NULL,
	`fulfilled` integer DEFAULT 0 NOT NULL,
	`split` integer DEFAULT 0 NOT NULL,
	`extra_parcels` integer DEFAULT 0 NOT NULL,
	`units` integer DEFAULT 0 NOT NULL,
	`partial` integer DEFAULT 0 NOT NULL,
	`notified` integer DEFAULT 0 NOT NULL,
	`not_notified` integer DEFAULT 0 NOT NULL,
	`actual_cost` integer DEFAULT 0 NOT NULL,
	`requested_cost` integer DEFAULT 0 NOT NULL,
	`admin_calls` integer DEFAULT 0 NOT NULL,
	`moved` integer DEFAULT 0 NOT NULL,
	`lead_sum` integer DEFAULT 0 NOT NULL,
	`lead_count` integer DEFAULT 0 NOT NULL,
	`first_at` integer NOT NULL,
	`last_at` integer NOT NULL,
	PRIMARY KEY(`shop`, `day`, `handle`, `rule_name`, `rule_version`)
) WITHOUT ROWID;
--> statement-breakpoint
CREATE TABLE `run_location_days` (
	`shop` text NOT NULL,
	`day` integer NOT NULL,
	`handle` text NOT NULL,
	`location_id` text NOT NULL,
	`location_name` text NOT NULL,
	`rows` integer DEFAULT 0 NOT NULL,
	`shipped` integer DEFAULT 0 NOT NULL,
	`units` integer DEFAULT 0 NOT NULL,
	`km_sum` integer DEFAULT 0 NOT NULL,
	`km_count` integer DEFAULT 0 NOT NULL,
	`lead_count` integer DEFAULT 0 NOT NULL,
	`moves_out` integer DEFAULT 0 NOT NULL,
	`units_out` integer DEFAULT 0 NOT NULL,
	`moves_in` integer DEFAULT 0 NOT NULL,
	`units_in` integer DEFAULT 0 NOT NULL,
	PRIMARY KEY(`shop`, `day`, `handle`, `location_id`)
) WITHOUT ROWID;
--> statement-breakpoint
-- Triggers keep the roll-ups in the same transaction as every write to runs and run_locations (the
-- Flow path, redaction, shop/redact, sandbox history), so no code path can forget them.
CREATE TRIGGER run_days_insert AFTER INSERT ON runs WHEN new.finished_at IS NOT NULL BEGIN
  INSERT INTO run_days (shop, day, handle, rule_name, rule_version, runs, succeeded, noop, failed, pending, fulfilled, split, extra_parcels, units, partial, notified, not_notified, actual_cost, requested_cost, admin_calls, moved, lead_sum, lead_count, first_at, last_at)
  SELECT new.shop, cast(new.finished_at / 86400000 as integer), new.handle, coalesce(new.rule_name, ''), coalesce(new.rule_version, 0), 1, new.status = 'succeeded', new.status = 'noop', new.status = 'failed', new.status = 'pending', coalesce(new.fulfillment_count >= 1, 0), coalesce(new.fulfillment_count > 1, 0), max(coalesce(new.fulfillment_count, 0) - 1, 0), coalesce(new.units_fulfilled, 0), coalesce(new.lines_left > 0 and new.fulfillment_count >= 1, 0), coalesce(new.notified = 1, 0), coalesce(new.notified = 0, 0), new.admin_actual_cost, new.admin_requested_cost, new.admin_call_count, coalesce(new.move_count > 0, 0), coalesce(new.lead_time_ms, 0), new.lead_time_ms is not null, new.finished_at, new.finished_at
  WHERE new.finished_at IS NOT NULL
  ON CONFLICT (shop, day, handle, rule_name, rule_version) DO UPDATE SET runs = runs + excluded.runs, succeeded = succeeded + excluded.succeeded, noop = noop + excluded.noop, failed = failed + excluded.failed, pending = pending + excluded.pending, fulfilled = fulfilled + excluded.fulfilled, split = split + excluded.split, extra_parcels = extra_parcels + excluded.extra_parcels, units = units + excluded.units, partial = partial + excluded.partial, notified = notified + excluded.notified, not_notified = not_notified + excluded.not_notified, actual_cost = actual_cost + excluded.actual_cost, requested_cost = requested_cost + excluded.requested_cost, admin_calls = admin_calls + excluded.admin_calls, moved = moved + excluded.moved, lead_sum = lead_sum + excluded.lead_sum, lead_count = lead_count + excluded.lead_count, first_at = min(first_at, excluded.first_at), last_at = max(last_at, excluded.last_at);
END;
--> statement-breakpoint
CREATE TRIGGER run_days_update AFTER UPDATE ON runs WHEN old.finished_at IS NOT NULL OR new.finished_at IS NOT NULL BEGIN
  INSERT INTO run_days (shop, day, handle, rule_name, rule_version, runs, succeeded, noop, failed, pending, fulfilled, split, extra_parcels, units, partial, notified, not_notified, actual_cost, requested_cost, admin_calls, moved, lead_sum, lead_count, first_at, last_at)
  SELECT old.shop, cast(old.finished_at / 86400000 as integer), old.handle, coalesce(old.rule_name, ''), coalesce(old.rule_version, 0), -(1), -(old.status = 'succeeded'), -(old.status = 'noop'), -(old.status = 'failed'), -(old.status = 'pending'), -(coalesce(old.fulfillment_count >= 1, 0)), -(coalesce(old.fulfillment_count > 1, 0)), -(max(coalesce(old.fulfillment_count, 0) - 1, 0)), -(coalesce(old.units_fulfilled, 0)), -(coalesce(old.lines_left > 0 and old.fulfillment_count >= 1, 0)), -(coalesce(old.notified = 1, 0)), -(coalesce(old.notified = 0, 0)), -(old.admin_actual_cost), -(old.admin_requested_cost), -(old.admin_call_count), -(coalesce(old.move_count > 0, 0)), -(coalesce(old.lead_time_ms, 0)), -(old.lead_time_ms is not null), old.finished_at, old.finished_at
  WHERE old.finished_at IS NOT NULL
  ON CONFLICT (shop, day, handle, rule_name, rule_version) DO UPDATE SET runs = runs + excluded.runs, succeeded = succeeded + excluded.succeeded, noop = noop + excluded.noop, failed = failed + excluded.failed, pending = pending + excluded.pending, fulfilled = fulfilled + excluded.fulfilled, split = split + excluded.split, extra_parcels = extra_parcels + excluded.extra_parcels, units = units + excluded.units, partial = partial + excluded.partial, notified = notified + excluded.notified, not_notified = not_notified + excluded.not_notified, actual_cost = actual_cost + excluded.actual_cost, requested_cost = requested_cost + excluded.requested_cost, admin_calls = admin_calls + excluded.admin_calls, moved = moved + excluded.moved, lead_sum = lead_sum + excluded.lead_sum, lead_count = lead_count + excluded.lead_count, first_at = min(first_at, excluded.first_at), last_at = max(last_at, excluded.last_at);
  INSERT INTO run_days (shop, day, handle, rule_name, rule_version, runs, succeeded, noop, failed, pending, fulfilled, split, extra_parcels, units, partial, notified, not_notified, actual_cost, requested_cost, admin_calls, moved, lead_sum, lead_count, first_at, last_at)
  SELECT new.shop, cast(new.finished_at / 86400000 as integer), new.handle, coalesce(new.rule_name, ''), coalesce(new.rule_version, 0), 1, new.status = 'succeeded', new.status = 'noop', new.status = 'failed', new.status = 'pending', coalesce(new.fulfillment_count >= 1, 0), coalesce(new.fulfillment_count > 1, 0), max(coalesce(new.fulfillment_count, 0) - 1, 0), coalesce(new.units_fulfilled, 0), coalesce(new.lines_left > 0 and new.fulfillment_count >= 1, 0), coalesce(new.notified = 1, 0), coalesce(new.notified = 0, 0), new.admin_actual_cost, new.admin_requested_cost, new.admin_call_count, coalesce(new.move_count > 0, 0), coalesce(new.lead_time_ms, 0), new.lead_time_ms is not null, new.finished_at, new.finished_at
  WHERE new.finished_at IS NOT NULL
  ON CONFLICT (shop, day, handle, rule_name, rule_version) DO UPDATE SET runs = runs + excluded.runs, succeeded = succeeded + excluded.succeeded, noop = noop + excluded.noop, failed = failed + excluded.failed, pending = pending + excluded.pending, fulfilled = fulfilled + excluded.fulfilled, split = split + excluded.split, extra_parcels = extra_parcels + excluded.extra_parcels, units = units + excluded.units, partial = partial + excluded.partial, notified = notified + excluded.notified, not_notified = not_notified + excluded.not_notified, actual_cost = actual_cost + excluded.actual_cost, requested_cost = requested_cost + excluded.requested_cost, admin_calls = admin_calls + excluded.admin_calls, moved = moved + excluded.moved, lead_sum = lead_sum + excluded.lead_sum, lead_count = lead_count + excluded.lead_count, first_at = min(first_at, excluded.first_at), last_at = max(last_at, excluded.last_at);
  DELETE FROM run_days WHERE shop = old.shop AND day = cast(old.finished_at / 86400000 as integer) AND handle = old.handle AND rule_name = coalesce(old.rule_name, '') AND rule_version = coalesce(old.rule_version, 0) AND runs = 0;
END;
--> statement-breakpoint
CREATE TRIGGER run_days_delete AFTER DELETE ON runs WHEN old.finished_at IS NOT NULL BEGIN
  INSERT INTO run_days (shop, day, handle, rule_name, rule_version, runs, succeeded, noop, failed, pending, fulfilled, split, extra_parcels, units, partial, notified, not_notified, actual_cost, requested_cost, admin_calls, moved, lead_sum, lead_count, first_at, last_at)
  SELECT old.shop, cast(old.finished_at / 86400000 as integer), old.handle, coalesce(old.rule_name, ''), coalesce(old.rule_version, 0), -(1), -(old.status = 'succeeded'), -(old.status = 'noop'), -(old.status = 'failed'), -(old.status = 'pending'), -(coalesce(old.fulfillment_count >= 1, 0)), -(coalesce(old.fulfillment_count > 1, 0)), -(max(coalesce(old.fulfillment_count, 0) - 1, 0)), -(coalesce(old.units_fulfilled, 0)), -(coalesce(old.lines_left > 0 and old.fulfillment_count >= 1, 0)), -(coalesce(old.notified = 1, 0)), -(coalesce(old.notified = 0, 0)), -(old.admin_actual_cost), -(old.admin_requested_cost), -(old.admin_call_count), -(coalesce(old.move_count > 0, 0)), -(coalesce(old.lead_time_ms, 0)), -(old.lead_time_ms is not null), old.finished_at, old.finished_at
  WHERE old.finished_at IS NOT NULL
  ON CONFLICT (shop, day, handle, rule_name, rule_version) DO UPDATE SET runs = runs + excluded.runs, succeeded = succeeded + excluded.succeeded, noop = noop + excluded.noop, failed = failed + excluded.failed, pending = pending + excluded.pending, fulfilled = fulfilled + excluded.fulfilled, split = split + excluded.split, extra_parcels = extra_parcels + excluded.extra_parcels, units = units + excluded.units, partial = partial + excluded.partial, notified = notified + excluded.notified, not_notified = not_notified + excluded.not_notified, actual_cost = actual_cost + excluded.actual_cost, requested_cost = requested_cost + excluded.requested_cost, admin_calls = admin_calls + excluded.admin_calls, moved = moved + excluded.moved, lead_sum = lead_sum + excluded.lead_sum, lead_count = lead_count + excluded.lead_count, first_at = min(first_at, excluded.first_at), last_at = max(last_at, excluded.last_at);
  DELETE FROM run_days WHERE shop = old.shop AND day = cast(old.finished_at / 86400000 as integer) AND handle = old.handle AND rule_name = coalesce(old.rule_name, '') AND rule_version = coalesce(old.rule_version, 0) AND runs = 0;
END;
--> statement-breakpoint
CREATE TRIGGER run_location_days_insert AFTER INSERT ON run_locations BEGIN
  INSERT INTO run_location_days (shop, day, handle, location_id, location_name, rows, shipped, units, km_sum, km_count, lead_count, moves_out, units_out, moves_in, units_in)
  SELECT new.shop, cast(new.at / 86400000 as integer), new.handle, new.location_id, new.location_name, 1, new.role = 'shipped', (new.role = 'shipped') * coalesce(new.units, 0), (new.role = 'shipped') * coalesce(new.distance_km, 0), new.role = 'shipped' and new.distance_km is not null, new.role = 'shipped' and new.lead_time_ms is not null, new.role = 'moved_out', (new.role = 'moved_out') * coalesce(new.units, 0), new.role = 'moved_in', (new.role = 'moved_in') * coalesce(new.units, 0)
  WHERE true
  ON CONFLICT (shop, day, handle, location_id) DO UPDATE SET rows = rows + excluded.rows, shipped = shipped + excluded.shipped, units = units + excluded.units, km_sum = km_sum + excluded.km_sum, km_count = km_count + excluded.km_count, lead_count = lead_count + excluded.lead_count, moves_out = moves_out + excluded.moves_out, units_out = units_out + excluded.units_out, moves_in = moves_in + excluded.moves_in, units_in = units_in + excluded.units_in, location_name = max(location_name, excluded.location_name);
END;
--> statement-breakpoint
CREATE TRIGGER run_location_days_update AFTER UPDATE ON run_locations BEGIN
  INSERT INTO run_location_days (shop, day, handle, location_id, location_name, rows, shipped, units, km_sum, km_count, lead_count, moves_out, units_out, moves_in, units_in)
  SELECT old.shop, cast(old.at / 86400000 as integer), old.handle, old.location_id, old.location_name, -(1), -(old.role = 'shipped'), -((old.role = 'shipped') * coalesce(old.units, 0)), -((old.role = 'shipped') * coalesce(old.distance_km, 0)), -(old.role = 'shipped' and old.distance_km is not null), -(old.role = 'shipped' and old.lead_time_ms is not null), -(old.role = 'moved_out'), -((old.role = 'moved_out') * coalesce(old.units, 0)), -(old.role = 'moved_in'), -((old.role = 'moved_in') * coalesce(old.units, 0))
  WHERE true
  ON CONFLICT (shop, day, handle, location_id) DO UPDATE SET rows = rows + excluded.rows, shipped = shipped + excluded.shipped, units = units + excluded.units, km_sum = km_sum + excluded.km_sum, km_count = km_count + excluded.km_count, lead_count = lead_count + excluded.lead_count, moves_out = moves_out + excluded.moves_out, units_out = units_out + excluded.units_out, moves_in = moves_in + excluded.moves_in, units_in = units_in + excluded.units_in, location_name = max(location_name, excluded.location_name);
  INSERT INTO run_location_days (shop, day, handle, location_id, location_name, rows, shipped, units, km_sum, km_count, lead_count, moves_out, units_out, moves_in, units_in)
  SELECT new.shop, cast(new.at / 86400000 as integer), new.handle, new.location_id, new.location_name, 1, new.role = 'shipped', (new.role = 'shipped') * coalesce(new.units, 0), (new.role = 'shipped') * coalesce(new.distance_km, 0), new.role = 'shipped' and new.distance_km is not null, new.role = 'shipped' and new.lead_time_ms is not null, new.role = 'moved_out', (new.role = 'moved_out') * coalesce(new.units, 0), new.role = 'moved_in', (new.role = 'moved_in') * coalesce(new.units, 0)
  WHERE true
  ON CONFLICT (shop, day, handle, location_id) DO UPDATE SET rows = rows + excluded.rows, shipped = shipped + excluded.shipped, units = units + excluded.units, km_sum = km_sum + excluded.km_sum, km_count = km_count + excluded.km_count, lead_count = lead_count + excluded.lead_count, moves_out = moves_out + excluded.moves_out, units_out = units_out + excluded.units_out, moves_in = moves_in + excluded.moves_in, units_in = units_in + excluded.units_in, location_name = max(location_name, excluded.location_name);
  DELETE FROM run_location_days WHERE shop = old.shop AND day = cast(old.at / 86400000 as integer) AND handle = old.handle AND location_id = old.location_id AND rows = 0;
END;
--> statement-breakpoint
CREATE TRIGGER run_location_days_delete AFTER DELETE ON run_locations BEGIN
  INSERT INTO run_location_days (shop, day, handle, location_id, location_name, rows, shipped, units, km_sum, km_count, lead_count, moves_out, units_out, moves_in, units_in)
  SELECT old.shop, cast(old.at / 86400000 as integer), old.handle, old.location_id, old.location_name, -(1), -(old.role = 'shipped'), -((old.role = 'shipped') * coalesce(old.units, 0)), -((old.role = 'shipped') * coalesce(old.distance_km, 0)), -(old.role = 'shipped' and old.distance_km is not null), -(old.role = 'shipped' and old.lead_time_ms is not null), -(old.role = 'moved_out'), -((old.role = 'moved_out') * coalesce(old.units, 0)), -(old.role = 'moved_in'), -((old.role = 'moved_in') * coalesce(old.units, 0))
  WHERE true
  ON CONFLICT (shop, day, handle, location_id) DO UPDATE SET rows = rows + excluded.rows, shipped = shipped + excluded.shipped, units = units + excluded.units, km_sum = km_sum + excluded.km_sum, km_count = km_count + excluded.km_count, lead_count = lead_count + excluded.lead_count, moves_out = moves_out + excluded.moves_out, units_out = units_out + excluded.units_out, moves_in = moves_in + excluded.moves_in, units_in = units_in + excluded.units_in, location_name = max(location_name, excluded.location_name);
  DELETE FROM run_location_days WHERE shop = old.shop AND day = cast(old.at / 86400000 as integer) AND handle = old.handle AND location_id = old.location_id AND rows = 0;
END;
--> statement-breakpoint
-- The runs and location rows written before this migration.
INSERT INTO run_days (shop, day, handle, rule_name, rule_version, runs, succeeded, noop, failed, pending, fulfilled, split, extra_parcels, units, partial, notified, not_notified, actual_cost, requested_cost, admin_calls, moved, lead_sum, lead_count, first_at, last_at)
SELECT r.shop, cast(r.finished_at / 86400000 as integer), r.handle, coalesce(r.rule_name, ''), coalesce(r.rule_version, 0), sum(1), sum(r.status = 'succeeded'), sum(r.status = 'noop'), sum(r.status = 'failed'), sum(r.status = 'pending'), sum(coalesce(r.fulfillment_count >= 1, 0)), sum(coalesce(r.fulfillment_count > 1, 0)), sum(max(coalesce(r.fulfillment_count, 0) - 1, 0)), sum(coalesce(r.units_fulfilled, 0)), sum(coalesce(r.lines_left > 0 and r.fulfillment_count >= 1, 0)), sum(coalesce(r.notified = 1, 0)), sum(coalesce(r.notified = 0, 0)), sum(r.admin_actual_cost), sum(r.admin_requested_cost), sum(r.admin_call_count), sum(coalesce(r.move_count > 0, 0)), sum(coalesce(r.lead_time_ms, 0)), sum(r.lead_time_ms is not null), min(r.finished_at), max(r.finished_at)
FROM runs r WHERE r.finished_at IS NOT NULL GROUP BY 1, 2, 3, 4, 5;
--> statement-breakpoint
INSERT INTO run_location_days (shop, day, handle, location_id, location_name, rows, shipped, units, km_sum, km_count, lead_count, moves_out, units_out, moves_in, units_in)
SELECT l.shop, cast(l.at / 86400000 as integer), l.handle, l.location_id, max(l.location_name), count(*), sum(l.role = 'shipped'), sum((l.role = 'shipped') * coalesce(l.units, 0)), sum((l.role = 'shipped') * coalesce(l.distance_km, 0)), sum(l.role = 'shipped' and l.distance_km is not null), sum(l.role = 'shipped' and l.lead_time_ms is not null), sum(l.role = 'moved_out'), sum((l.role = 'moved_out') * coalesce(l.units, 0)), sum(l.role = 'moved_in'), sum((l.role = 'moved_in') * coalesce(l.units, 0))
FROM run_locations l GROUP BY 1, 2, 3, 4;
