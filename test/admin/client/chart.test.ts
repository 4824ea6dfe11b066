import { describe, expect, it } from 'vitest';
import { layoutChart } from '../../../src/admin/client/chart';
import { formatDuration, orderLabel, parseOrderInput, readOverview } from '../../../src/admin/client/format';

describe('layoutChart: runs per day as stacked bars', () => {
  it('stacks outcomes proportionally and draws nothing for an empty day', () => {
    const layout = layoutChart(
      [
        { date: '2026-03-01', succeeded: 3, noop: 0, failed: 1, pending: 0 },
        { date: '2026-03-02', succeeded: 0, noop: 0, failed: 0, pending: 0 },
      ],
      400,
      200,
    );
    expect(layout.max).toBe(4);
    expect(layout.bars.map((b) => [b.date, b.outcome, b.count])).toEqual([
      ['2026-03-01', 'succeeded', 3],
      ['2026-03-01', 'failed', 1],
    ]);
    const [ok, failed] = layout.bars;
    expect(ok!.height).toBeCloseTo(failed!.height * 3, 0);
    expect(failed!.y + failed!.height).toBeCloseTo(ok!.y, 0); // failed sits on top of succeeded
    expect(layout.labels.map((l) => l.text)).toEqual(['03-01', '03-02']);
  });
});

describe('admin page formatting', () => {
  it('reads order numbers the way merchants write them, as names for the server to look up', () => {
    // An order's number is not its id on a real store: "#1003" goes as a name, never as id 1003.
    expect(parseOrderInput('#1003')).toEqual({ order_name: '#1003' });
    expect(parseOrderInput(' 1001 ')).toEqual({ order_name: '#1001' });
    expect(parseOrderInput('# 1002')).toEqual({ order_name: '#1002' });
    expect(parseOrderInput('gid://shopify/Order/7')).toEqual({ order_id: 'gid://shopify/Order/7' });
    expect(parseOrderInput('abc')).toBeNull();
    expect(parseOrderInput('#')).toBeNull();
  });

  it("names a run's order by its name, or says it is an id when the ledger has no name", () => {
    expect(orderLabel('#1003', 'gid://shopify/Order/5550001')).toBe('#1003');
    // Never "#5550001": that would pass the id off as the order's number.
    expect(orderLabel(null, 'gid://shopify/Order/5550001')).toBe('order 5550001');
    expect(orderLabel(undefined, '5550001')).toBe('order 5550001');
    expect(orderLabel('', 'gid://shopify/Order/7')).toBe('order 7');
    expect(orderLabel(null, null)).toBe('—');
  });

  it('reads the overview in snake_case or camelCase', () => {
    const snake = readOverview({
      per_day: [{ date: 'd', succeeded: 1, noop: 0, failed: 2, pending: 0, running: 1 }],
      split_shipment: { rate: 0.25 },
      top_failures: [{ code: 'x', count: 2, latest_message: 'm' }],
      avg_admin_calls_per_run: 2.5,
    });
    expect(snake).toEqual({
      days: [{ date: 'd', succeeded: 1, noop: 0, failed: 2, pending: 1 }],
      splitShipmentRate: 0.25,
      topFailures: [{ code: 'x', count: 2, example: 'm' }],
      avgAdminCalls: 2.5,
    });
    expect(readOverview({ days: [], splitShipmentRate: null, topFailures: [], avgAdminCalls: null }).avgAdminCalls).toBeNull();
    expect(formatDuration(850)).toBe('850 ms');
    expect(formatDuration(2300)).toBe('2.3 s');
  });
});
