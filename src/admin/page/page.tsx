/** The admin page's HTML (Hono JSX): the frame the client script fills in, readable with or without Polaris. */
import type { FC } from 'hono/jsx';
import { ACTION_HANDLES } from '../../rules/document';
import type { HintData } from '../client/hints';

export interface PageProps {
  /** SHOPIFY_API_KEY: loads App Bridge (embedded admin); unset in sandbox mode and tests. */
  apiKey?: string;
  /** The shop shown in the header when known (sandbox mode). */
  shop?: string;
  hints: HintData;
  /** Cache-busting suffix for the bundle URLs. */
  assetVersion: string;
}

const OUTCOMES = ['succeeded', 'noop', 'failed', 'pending', 'running'] as const;

/** The whole page: header, tab list and the five sections. */
export const AdminPage: FC<PageProps> = ({ apiKey, shop, hints, assetVersion }) => (
  <html lang="en">
    <head>
      <meta charset="utf-8" />
      <meta name="viewport" content="width=device-width, initial-scale=1" />
      <title>flowfill</title>
      {apiKey ? <meta name="shopify-api-key" content={apiKey} /> : null}
      {apiKey ? <script src="https://cdn.shopify.com/shopifycloud/app-bridge.js"></script> : null}
      <link rel="stylesheet" href={`/assets/admin.css?v=${assetVersion}`} />
      <script type="application/json" id="flowfill-hints" dangerouslySetInnerHTML={{ __html: safeJson(hints) }} />
      <script type="module" src={`/assets/admin.js?v=${assetVersion}`}></script>
    </head>
    <body>
      <header class="ff-header">
        <h1>flowfill</h1>
        <span class="ff-shop" id="shop-name">
          {shop ?? ''}
        </span>
        <p class="ff-banner" id="scope-banner" role="alert" hidden></p>
      </header>
      <nav class="ff-tabs" role="tablist" aria-label="Sections">
        <button type="button" role="tab" id="tab-overview" aria-controls="panel-overview" aria-selected="true">
          Overview
        </button>
        <button type="button" role="tab" id="tab-attention" aria-controls="panel-attention" aria-selected="false">
          Needs attention
        </button>
        <button type="button" role="tab" id="tab-rules" aria-controls="panel-rules" aria-selected="false">
          Rules
        </button>
        <button type="button" role="tab" id="tab-try" aria-controls="panel-try" aria-selected="false">
          Try it
        </button>
        <button type="button" role="tab" id="tab-runs" aria-controls="panel-runs" aria-selected="false">
          Runs
        </button>
      </nav>
      <main>
        <section id="panel-overview" role="tabpanel" aria-labelledby="tab-overview" class="ff-card">
          <h2>Overview — last 14 days</h2>
          <div id="overview-chart" class="ff-chart" aria-live="polite">
            Loading…
          </div>
          <dl class="ff-stats">
            <div>
              <dt>Split-shipment rate</dt>
              <dd id="stat-split">—</dd>
            </div>
            <div>
              <dt>Average Admin API calls per run</dt>
              <dd id="stat-calls">—</dd>
            </div>
          </dl>
          <h3>Top failure reasons</h3>
          <ol id="top-failures" class="ff-failures">
            <li>—</li>
          </ol>

          <h2 id="analytics-title">Fulfillment analytics</h2>
          <form id="range-form" class="ff-form ff-range" aria-labelledby="analytics-title">
            <label for="range-from">From</label>
            <input type="date" id="range-from" name="from" required />
            <label for="range-to">To</label>
            <input type="date" id="range-to" name="to" required />
            <button type="submit" class="ff-primary">
              Show
            </button>
            <button type="button" id="download-analytics">
              Download figures (CSV)
            </button>
            <button type="button" id="download-runs">
              Download runs (CSV)
            </button>
            <span id="download-status" role="status"></span>
          </form>
          {shop ? (
            <p class="ff-sandbox-history">
              <button type="button" id="sandbox-history">
                Add 30 days of sandbox history
              </button>{' '}
              <span id="sandbox-history-status" role="status">
                Sandbox: runs of realistic orders, made through the app against this simulated store.
              </span>
            </p>
          ) : null}
          <div id="analytics" class="ff-analytics" aria-live="polite">
            Loading…
          </div>
        </section>

        <section id="panel-attention" role="tabpanel" aria-labelledby="tab-attention" class="ff-card" hidden>
          <h2>Needs attention</h2>
          <p class="ff-help">
            Runs a person should look at, newest first: failed, done with lines left, pending for over an hour, or that fired the
            "Fulfillment needs attention" trigger. Retry runs the same action on the order again as a new run; it is refused when the order
            changed since (fulfilled or cancelled by hand, the tracking number already there).
          </p>
          <div class="ff-form ff-inline">
            <button type="button" id="attention-refresh">
              Refresh
            </button>
            <p id="attention-status" role="status" tabindex={-1}></p>
          </div>
          <table class="ff-table" id="attention-table">
            <thead>
              <tr>
                <th scope="col">Time</th>
                <th scope="col">Action</th>
                <th scope="col">Order</th>
                <th scope="col">Reason</th>
                <th scope="col">What flowfill did</th>
                <th scope="col">Retry</th>
              </tr>
            </thead>
            <tbody></tbody>
          </table>
          <button type="button" id="attention-more" hidden>
            Load more
          </button>
        </section>

        <section id="panel-rules" role="tabpanel" aria-labelledby="tab-rules" class="ff-card" hidden>
          <h2>Rules</h2>
          <p class="ff-help">
            The shop's rule document (JSON). Errors appear at their line as you type; press Ctrl-Space for the variables and operators that
            fit where the cursor is.
          </p>
          <div class="ff-editor-row">
            <div class="ff-editor-col">
              <span id="rules-editor-label" class="ff-label">
                Rule document
              </span>
              <div id="rules-editor" class="ff-editor"></div>
              <ul id="rule-errors" class="ff-errors" aria-live="polite"></ul>
              <div class="ff-actions">
                <button type="button" id="save-rules" class="ff-primary">
                  Save
                </button>
                <button type="button" id="reload-rules">
                  Discard changes
                </button>
                <span id="save-status" role="status"></span>
              </div>
            </div>
            <aside class="ff-side" aria-labelledby="rule-list-title">
              <h3 id="rule-list-title">Rules and versions</h3>
              <table class="ff-table" id="rule-list">
                <thead>
                  <tr>
                    <th scope="col">Rule</th>
                    <th scope="col">Version</th>
                    <th scope="col">Enabled</th>
                    <th scope="col">History</th>
                  </tr>
                </thead>
                <tbody></tbody>
              </table>
              <div id="history" class="ff-history" hidden></div>
            </aside>
          </div>
        </section>

        <section id="panel-try" role="tabpanel" aria-labelledby="tab-try" class="ff-card" hidden>
          <h2>Try it</h2>
          <p class="ff-help">A dry run with the saved rules: flowfill reads the order and shows what it would do. Nothing is changed.</p>
          <form id="try-form" class="ff-form">
            <label for="try-action">Action</label>
            <select id="try-action" name="handle">
              {ACTION_HANDLES.map((handle) => (
                <option value={handle}>{handle}</option>
              ))}
            </select>
            <label for="try-order">Order number</label>
            <input id="try-order" name="order" placeholder="#1001" required autocomplete="off" />
            <label for="try-tracking">Tracking number (add-tracking)</label>
            <input id="try-tracking" name="tracking_number" placeholder="1Z999AA10123456784" autocomplete="off" />
            <button type="submit" class="ff-primary">
              Run a dry run
            </button>
          </form>
          <div id="try-result" aria-live="polite"></div>
        </section>

        <section id="panel-runs" role="tabpanel" aria-labelledby="tab-runs" class="ff-card" hidden>
          <h2>Runs</h2>
          <div class="ff-form ff-inline">
            <label for="runs-filter">Outcome</label>
            <select id="runs-filter">
              <option value="">All</option>
              {OUTCOMES.map((outcome) => (
                <option value={outcome}>{outcome}</option>
              ))}
            </select>
            <button type="button" id="runs-refresh">
              Refresh
            </button>
          </div>
          <table class="ff-table" id="runs-table">
            <thead>
              <tr>
                <th scope="col">Time</th>
                <th scope="col">Action</th>
                <th scope="col">Order</th>
                <th scope="col">Outcome</th>
                <th scope="col">Rule (version)</th>
                <th scope="col">Admin API calls</th>
                <th scope="col">Duration</th>
              </tr>
            </thead>
            <tbody></tbody>
          </table>
          <div id="run-detail" class="ff-detail" hidden></div>
        </section>
      </main>
    </body>
  </html>
);

/** JSON safe inside a <script> element (no "</script>" or "<!--" can end it early). */
function safeJson(value: unknown): string {
  return JSON.stringify(value).replace(/</g, '\\u003c').replace(/>/g, '\\u003e').replace(/&/g, '\\u0026');
}
