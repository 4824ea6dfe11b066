import { it } from 'vitest';
import { createHarness } from '../helpers/harness';
it('debug', async () => {
  const h = await createHarness();
  h.sim.faults.beforeOperation = (name) => {
    if (name === 'AddTrackingUpdate') { h.sim.faults.http5xxRate = 1; h.sim.faults.http5xxPhase = 'after'; }
  };
  const body = h.flowBody('add-tracking', { order_id: 1001, tracking_number: '1Z999AA10123456784' });
  const first = await h.post('/flow/actions/add-tracking', body);
  console.log(first.status, JSON.stringify(first.json));
  console.log(h.sim.calls.map((c) => `${c.operationName} ${c.status}`));
});
