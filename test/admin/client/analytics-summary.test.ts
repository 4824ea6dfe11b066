import { describe, expect, it } from 'vitest';
import {
  humanDuration,
  leadTimeSummary,
  locationSummary,
  pendingSummary,
  ruleSummary,
  splitSummary,
  trackingSummary,
  type AnalyticsView,
} from '../../../src/admin/client/analytics-summary';

const H = 3_600_000;
const view = (over: Partial<AnalyticsView> = {}): AnalyticsView => ({
  range: { from: '2026-11-01', to: '2026-11-30' },
  previous: { lead_time_median_ms: 4 * H, split_rate: 0.05 },
  lead_time: { fulfilled_runs: 10, median_ms: 3 * H + 20 * 60_000, p90_ms: 9 * H, by_day: [], by_location: [] },
  locations: [
    { name: 'Newark', orders: 6, order_share: 0.6, units: 9, moves_in: 0, moves_out: 2 },
    { name: 'LA', orders: 4, order_share: 0.4, units: 5, moves_in: 2, moves_out: 0 },
  ],
  splits: { fulfilled_runs: 10, split_runs: 1, rate: 0.1, extra_parcels: 1 },
  partial: { runs: 0, closed_later: 0, open_median_ms: null },
  pending: [{ reason: 'temporary_hold', runs: 3, median_ms: 5 * 60_000, longest_ms: 9 * 60_000 }],
  outcomes: { runs: 12, succeeded: 10, noop: 0, failed: 2 },
  rules: [
    {
      action: 'fulfill-from-best-location',
      rule: null,
      version: null,
      runs: 4,
      failed: 2,
      split_runs: 0,
      first_at: '2026-11-01T00:00:00Z',
    },
    {
      action: 'fulfill-from-best-location',
      rule: 'Split',
      version: 1,
      runs: 8,
      failed: 0,
      split_runs: 1,
      first_at: '2026-11-15T00:00:00Z',
    },
  ],
  tracking: [
    { company: 'UPS', source: 'detected', runs: 3 },
    { company: 'UPS', source: 'property', runs: 1 },
  ],
  notifications: { sent: 4, not_sent: 6 },
  admin_api: { calls: 30, actual_points: 700, actual_points_per_run: 58.3 },
  ...over,
});

describe('analytics summaries', () => {
  it('says durations as a merchant reads them', () => {
    expect([40_000, 45 * 60_000, 3 * H + 20 * 60_000, 3 * H, 52 * H].map(humanDuration)).toEqual([
      '40 s',
      '45 min',
      '3 h 20 min',
      '3 h',
      '2 d 4 h',
    ]);
  });

  it('compares the lead time with the previous period', () => {
    expect(leadTimeSummary(view())).toBe(
      'Median order leaves in 3 h 20 min, 40 min faster than the previous period; 9 in 10 leave within 9 h.',
    );
    expect(leadTimeSummary(view({ previous: { lead_time_median_ms: null, split_rate: null } }))).toBe(
      'Median order leaves in 3 h 20 min; 9 in 10 leave within 9 h.',
    );
    expect(leadTimeSummary(view({ lead_time: { fulfilled_runs: 0, median_ms: null, p90_ms: null, by_day: [], by_location: [] } }))).toMatch(
      /^No order was fulfilled/,
    );
  });

  it('names the busiest location, the moves, splits, waits, the rule change and the carriers', () => {
    expect(locationSummary(view())).toBe('Newark shipped 60% of orders (9 units); 2 orders moved to LA for stock.');
    expect(splitSummary(view())).toBe('10% of fulfilled orders were split (previous period 5.0%): 1 extra parcel.');
    expect(pendingSummary(view())).toBe('3 runs waited before finishing, most for temporary hold (3, median 5 min).');
    expect(ruleSummary(view())).toBe(
      'Rule "Split" v1 (since 2026-11-15) failed 0.0% of 8 runs; the built-in default failed 50% of 4 runs.',
    );
    expect(trackingSummary(view())).toBe('4 tracking numbers added, 4 with UPS; flowfill named the carrier from the number for 3.');
  });
});
