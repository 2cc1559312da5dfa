import type { FastifyInstance, FastifyRequest } from 'fastify';

const arrivedInTurn = Symbol('arrivedInTurn');
type Stamped = FastifyRequest & { [arrivedInTurn]?: number };

/**
 * Answers ready in the same turn of the event loop as their request arrived are written at the end of that
 * turn (an immediate), together, instead of each the moment it is ready. A busy server reads many requests
 * in one turn; writing each quick answer as it is ready interleaves every socket write (the kernel hands
 * the data to the client on the spot and wakes it) with the next request's work. Written together, the same
 * answers cost about half the system time: measured with 64 connections on the cached caseload list over
 * SQLite (a million families), about 11,600 answers a second became 19,000 to 21,000, and the 97.5th
 * percentile of latency went from 11 to 6 ms.
 *
 * Answers that come in a later turn (after a database round trip, or the audit trail's group commit, which
 * already hands a whole group back at once) are written at once: holding them for another turn cost the
 * audited detail about a tenth of its rate. An idle server pays one immediate per turn with a request.
 * TITIAN_BATCH_WRITES=0 turns it off.
 */
export function registerTurnBatchedWrites(app: FastifyInstance): void {
  if (process.env.TITIAN_BATCH_WRITES === '0') return;
  let turn = 0;
  let endScheduled = false;
  let held: Array<() => void> = [];
  const endTurn = () => {
    endScheduled = false;
    turn++;
    const writes = held;
    held = [];
    for (const write of writes) write();
  };
  const scheduleEnd = () => {
    if (endScheduled) return;
    endScheduled = true;
    setImmediate(endTurn);
  };
  app.addHook('onRequest', (req: Stamped, _reply, done) => {
    scheduleEnd();
    req[arrivedInTurn] = turn;
    done();
  });
  app.addHook('onSend', (req: Stamped, _reply, payload, done) => {
    if (req[arrivedInTurn] !== turn) {
      done(null, payload);
      return;
    }
    scheduleEnd();
    held.push(() => done(null, payload));
  });
}
