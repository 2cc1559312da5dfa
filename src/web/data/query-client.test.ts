import { describe, expect, it } from 'vitest';
import { createQueryClient } from './queries';

describe('the query client', () => {
  it('marks every family timeline stale after any successful write (a goal, a referral, a sanction), not after a failed one', async () => {
    const qc = createQueryClient();
    qc.setQueryData(['timeline', 'F1', 'all'], { items: [] });
    qc.setQueryData(['families', 'F1'], { id: 'F1' });
    const failing = qc.getMutationCache().build(qc, { mutationFn: async () => Promise.reject(new Error('no')) });
    await failing.execute(undefined).catch(() => undefined);
    expect(qc.getQueryState(['timeline', 'F1', 'all'])?.isInvalidated).toBe(false);
    const write = qc.getMutationCache().build(qc, { mutationFn: async () => ({ id: 'goal-1' }) });
    await write.execute(undefined);
    await new Promise((r) => setTimeout(r, 0));
    expect(qc.getQueryState(['timeline', 'F1', 'all'])?.isInvalidated).toBe(true);
    // Only the timelines: the rest keeps its own invalidation rules.
    expect(qc.getQueryState(['families', 'F1'])?.isInvalidated).toBe(false);
  });
});
