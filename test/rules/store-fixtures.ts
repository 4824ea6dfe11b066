/** Rule documents shared by the store, CLI and admin API tests: the format example of docs/rules.md and variations. */

/** The example document: one rule per action. */
export function designDocument() {
  return {
    rules: [
      {
        name: 'us-east-warehouses-first',
        action: 'fulfill-from-best-location',
        priority: 10,
        enabled: true,
        when: { '==': [{ var: 'order.shipping_address.country_code' }, 'US'] },
        eligible: { and: [{ var: 'location.all_in_stock' }, { '!': { in: ['Outlet', { var: 'location.name' }] } }] },
        score: { '-': [0, { var: 'location.distance_km' }] },
        notify_customer: true,
      },
      {
        name: 'ship-in-stock-lines',
        action: 'partial-fulfill-ready-items',
        priority: 10,
        ready: { '>=': [{ var: 'line.available' }, 0] },
      },
      {
        name: 'brazil-correios',
        action: 'add-tracking',
        when: { '==': [{ var: 'order.shipping_address.country_code' }, 'BR'] },
        carrier: 'Correios',
        tracking_url: { cat: ['https://rastreamento.correios.com.br/app/index.php?objeto=', { var: 'tracking.number' }] },
      },
    ],
  };
}

/** A small add-tracking rule named `name`. */
export function trackingRule(name: string, carrier = 'UPS', priority?: number) {
  return { name, action: 'add-tracking', ...(priority !== undefined ? { priority } : {}), carrier };
}
