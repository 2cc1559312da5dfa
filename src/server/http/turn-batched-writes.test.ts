import Fastify, { type FastifyInstance } from 'fastify';
import { afterEach, describe, expect, it } from 'vitest';
import { registerTurnBatchedWrites } from './turn-batched-writes';

const apps: FastifyInstance[] = [];
afterEach(async () => {
  delete process.env.TITIAN_BATCH_WRITES;
  await Promise.all(apps.splice(0).map((a) => a.close()));
});

async function appWith(batch: boolean, marks: string[]) {
  if (!batch) process.env.TITIAN_BATCH_WRITES = '0';
  const app = Fastify();
  apps.push(app);
  registerTurnBatchedWrites(app);
  app.get('/quick', async () => ({ ok: true }));
  // Answers in a later turn; an immediate queued just before answering marks whether the answer waited a turn more.
  app.get('/later', async () => {
    await new Promise((r) => setTimeout(r, 5));
    setImmediate(() => marks.push('immediate after the answer was ready'));
    return { ok: 'later' };
  });
  await app.ready();
  return app;
}

describe('answers written at the end of the turn', () => {
  it('quick answers are held until the turn ends, then all written, in order', async () => {
    const marks: string[] = [];
    const app = await appWith(true, marks);
    const answers = Array.from({ length: 20 }, (_, i) => app.inject({ method: 'GET', url: '/quick' }).then((r) => marks.push(`answer ${i} ${r.statusCode}`)));
    // Queued before any of the requests reached the hooks: runs before the turn's end that writes them.
    setImmediate(() => marks.push('turn end'));
    await Promise.all(answers);
    expect(marks[0]).toBe('turn end');
    expect(marks.slice(1)).toEqual(Array.from({ length: 20 }, (_, i) => `answer ${i} 200`));
  });

  it('turned off (TITIAN_BATCH_WRITES=0): quick answers are written at once', async () => {
    const marks: string[] = [];
    const app = await appWith(false, marks);
    const answers = Array.from({ length: 5 }, (_, i) => app.inject({ method: 'GET', url: '/quick' }).then(() => marks.push(`answer ${i}`)));
    setImmediate(() => marks.push('turn end'));
    await Promise.all(answers);
    await new Promise((r) => setImmediate(r));
    expect(marks.indexOf('turn end')).toBe(5);
  });

  it('an answer ready in a later turn than its request is written at once, not held another turn', async () => {
    const marks: string[] = [];
    const app = await appWith(true, marks);
    const r = await app.inject({ method: 'GET', url: '/later' });
    marks.push('answer');
    expect(r.json()).toEqual({ ok: 'later' });
    await new Promise((r2) => setImmediate(r2));
    expect(marks).toEqual(['answer', 'immediate after the answer was ready']);
  });

  it('errors and many turns: every request is answered once', async () => {
    const marks: string[] = [];
    const app = await appWith(true, marks);
    const all: Promise<number>[] = [];
    for (let turn = 0; turn < 10; turn++) {
      for (let i = 0; i < 10; i++) all.push(app.inject({ method: 'GET', url: i % 3 === 0 ? '/missing' : i % 3 === 1 ? '/quick' : '/later' }).then((r) => r.statusCode));
      await new Promise((r) => setImmediate(r));
    }
    const codes = await Promise.all(all);
    expect(codes.filter((c) => c === 404)).toHaveLength(40);
    expect(codes.filter((c) => c === 200)).toHaveLength(60);
  });
});
