/**
 * The phone's IndexedDB store (fake-indexeddb, one fresh database per test): pull pages stored whole with
 * their cursor, tombstones and their cascades, the outbox and its optimistic records, settling the
 * server's answers, and logging out.
 */
import 'fake-indexeddb/auto';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { LocalStore, type LocalRecord, type OutboxItem, optimisticEntity, recordKey, type SyncChange, toLocalRecord } from './local-store';

let dbSeq = 0;
const opened: LocalStore[] = [];
async function freshStore(): Promise<LocalStore> {
  const s = await LocalStore.open(`local-store-test-${++dbSeq}-${Math.random().toString(36).slice(2)}`);
  opened.push(s);
  return s;
}
afterEach(() => {
  for (const s of opened.splice(0)) s.close();
  vi.restoreAllMocks();
});

const up = (entity: string, id: string, data: Record<string, unknown>, version: number | null = 1): SyncChange => ({ entity, id, op: 'upsert', version, data });
const del = (entity: string, id: string, data: Record<string, unknown> | null = { reason: 'deleted' }): SyncChange => ({ entity, id, op: 'delete', version: null, data });

/** Two families, one group with one membership each, a session of the group, an activity of each family. */
function workingSet(): SyncChange[] {
  return [
    up('family', 'F1', { id: 'F1', headName: 'Siti' }),
    up('family', 'F2', { id: 'F2', headName: 'Budi' }),
    up('member', 'm1', { id: 'm1', familyId: 'F1', name: 'Siti' }),
    up('member', 'm2', { id: 'm2', familyId: 'F1', name: 'Rahmat' }),
    up('member', 'm3', { id: 'm3', familyId: 'F2', name: 'Budi' }),
    up('activity', 'a1', { id: 'a1', familyId: 'F1', type: 'kunjungan' }),
    up('activity', 'a2', { id: 'a2', familyId: 'F2', type: 'kunjungan' }),
    up('group', 'G1', { id: 'G1', name: 'Melati' }),
    up('group_member', 'gm1', { familyId: 'F1', groupId: 'G1' }),
    up('group_member', 'gm2', { familyId: 'F2', groupId: 'G1' }),
    up('p2k2_session', 's1', { id: 's1', groupId: 'G1', status: 'held' }),
    up('reference', 'activity-types', { name: 'activity-types', content: { types: [] } }, null),
  ];
}

async function keys(store: LocalStore): Promise<string[]> {
  const all: LocalRecord[] = [];
  for (const e of ['family', 'member', 'activity', 'group', 'group_member', 'p2k2_session', 'reference']) all.push(...(await store.byEntity(e)));
  return all.map((r) => r.key).sort();
}

function item(over: Partial<OutboxItem> & { id: string }): OutboxItem {
  return {
    userId: 'u1',
    entity: 'activity',
    op: 'create',
    recordId: `rec-${over.id}`,
    familyId: 'F1',
    data: { type: 'kunjungan', date: '2026-05-01', roles: [] },
    createdAt: '2026-05-01T00:00:00.000Z',
    status: 'pending',
    attempts: 0,
    summary: { familyId: 'F1', label: 'activity:kunjungan:2026-05-01' },
    ...over,
  };
}

describe('toLocalRecord and keys', () => {
  it('takes the family and group from the record (its own id for a family or a group)', () => {
    expect(toLocalRecord({ entity: 'family', id: 'F1', version: 2, data: { familyId: 'other' } })).toMatchObject({ key: 'family:F1', familyId: 'F1', groupId: null, version: 2 });
    expect(toLocalRecord({ entity: 'group', id: 'G1', version: 1, data: {} })).toMatchObject({ key: 'group:G1', familyId: null, groupId: 'G1' });
    expect(toLocalRecord({ entity: 'group_member', id: 'x', version: 1, data: { familyId: 'F1', groupId: 'G1' } })).toMatchObject({ familyId: 'F1', groupId: 'G1' });
    expect(toLocalRecord({ entity: 'member', id: 'm', version: 1, data: { familyId: 7 } }).familyId).toBeNull();
    expect(toLocalRecord({ entity: 'activity', id: 'a', version: null, data: {} }, 'mut-1').pending).toBe('mut-1');
    expect('pending' in toLocalRecord({ entity: 'activity', id: 'a', version: null, data: {} })).toBe(false);
    expect(recordKey('p2k2_session', 's1')).toBe('p2k2_session:s1');
  });

  it('stores an outbox item under the entity its record is shown as', () => {
    expect(optimisticEntity('p2k2_attendance')).toBe('p2k2_session');
    expect(optimisticEntity('graduation_transition')).toBe('graduation_case');
    expect(optimisticEntity('activity')).toBe('activity');
  });
});

describe('meta', () => {
  it('sets, reads and deletes (undefined) values', async () => {
    const s = await freshStore();
    expect(await s.getMeta('cursor')).toBeUndefined();
    await s.setMeta({ cursor: 'c1', user: { id: 'u1' } });
    expect(await s.getMeta('cursor')).toBe('c1');
    expect(await s.getMeta('user')).toEqual({ id: 'u1' });
    await s.setMeta({ cursor: undefined });
    expect(await s.getMeta('cursor')).toBeUndefined();
    expect(await s.getMeta('user')).toEqual({ id: 'u1' });
  });
});

describe('applyPage', () => {
  it('stores the upserts and the cursor after them', async () => {
    const s = await freshStore();
    await s.applyPage(workingSet(), { cursor: 'c1', lastPullAt: '2026-05-01T00:00:00.000Z' });
    expect(await s.countRecords()).toBe(12);
    expect(await s.getMeta('cursor')).toBe('c1');
    expect(await s.getMeta('lastPullAt')).toBe('2026-05-01T00:00:00.000Z');
    expect(await s.get('member', 'm2')).toEqual({ key: 'member:m2', entity: 'member', id: 'm2', familyId: 'F1', groupId: null, version: 1, data: { id: 'm2', familyId: 'F1', name: 'Rahmat' } });
    expect(await s.get('member', 'nope')).toBeUndefined();
  });

  it('replaces a record by a later upsert of it (the newer version)', async () => {
    const s = await freshStore();
    await s.applyPage(workingSet(), { cursor: 'c1' });
    await s.applyPage([up('family', 'F1', { id: 'F1', headName: 'Siti Aminah' }, 5)], { cursor: 'c2' });
    expect(await s.get('family', 'F1')).toMatchObject({ version: 5, data: { headName: 'Siti Aminah' } });
    expect(await s.countRecords()).toBe(12);
    expect(await s.getMeta('cursor')).toBe('c2');
  });

  it('writes the page and its cursor in one transaction: a page that fails leaves neither', async () => {
    const s = await freshStore();
    await s.applyPage(workingSet(), { cursor: 'c1' });
    // The transaction is aborted when the cursor is written (as a full disk would): the page's records go too.
    const put = IDBObjectStore.prototype.put;
    vi.spyOn(IDBObjectStore.prototype, 'put').mockImplementation(function (this: IDBObjectStore, value: unknown, key?: IDBValidKey) {
      if (this.name === 'meta' && value === 'c2') {
        const r = put.call(this, value, key);
        this.transaction.abort();
        return r;
      }
      return put.call(this, value, key);
    });
    await expect(s.applyPage([up('family', 'F3', { id: 'F3' }), del('activity', 'a1'), del('family', 'F2', { reason: 'scope', cascade: true })], { cursor: 'c2' })).rejects.toBeInstanceOf(Error);
    vi.restoreAllMocks();
    expect(await s.getMeta('cursor')).toBe('c1');
    expect(await s.get('family', 'F3')).toBeUndefined();
    expect(await s.get('activity', 'a1')).toBeDefined();
    expect(await s.byFamily('F2')).toHaveLength(4);
    expect(await s.countRecords()).toBe(12);
  });

  it('keeps the cursor where it was when a change cannot be stored (the page comes again)', async () => {
    const s = await freshStore();
    await s.applyPage(workingSet(), { cursor: 'c1' });
    await expect(s.applyPage([up('family', 'F9', { id: 'F9', bad: () => 1 })], { cursor: 'c2' })).rejects.toBeTruthy();
    expect(await s.getMeta('cursor')).toBe('c1');
  });

  it('a delete removes that record only', async () => {
    const s = await freshStore();
    await s.applyPage(workingSet(), { cursor: 'c1' });
    await s.applyPage([del('activity', 'a1'), del('member', 'unknown')], { cursor: 'c2' });
    expect(await s.get('activity', 'a1')).toBeUndefined();
    expect(await s.countRecords()).toBe(11);
    // A family tombstone without `cascade` drops the family record only.
    await s.applyPage([del('family', 'F2', { reason: 'deleted' })], { cursor: 'c3' });
    expect(await s.get('family', 'F2')).toBeUndefined();
    expect((await s.byFamily('F2')).map((r) => r.key).sort()).toEqual(['activity:a2', 'group_member:gm2', 'member:m3']);
  });

  it('a cascading family tombstone drops every record of the family, but not an edit still pending', async () => {
    const s = await freshStore();
    await s.applyPage(workingSet(), { cursor: 'c1' });
    await s.enqueue(item({ id: 'mut-1', recordId: 'a-new' }), toLocalRecord({ entity: 'activity', id: 'a-new', version: null, data: { id: 'a-new', familyId: 'F1' } }));
    await s.applyPage([del('family', 'F1', { reason: 'scope', cascade: true })], { cursor: 'c2' });
    expect((await s.byFamily('F1')).map((r) => r.key)).toEqual(['activity:a-new']);
    expect((await s.get('activity', 'a-new'))?.pending).toBe('mut-1');
    // The other family, the group and its session stay (the group loses F1's membership only).
    expect(await keys(s)).toEqual(['activity:a-new', 'activity:a2', 'family:F2', 'group:G1', 'group_member:gm2', 'member:m3', 'p2k2_session:s1', 'reference:activity-types']);
    expect(await s.getMeta('cursor')).toBe('c2');
    // The outbox is never touched by a pull.
    expect((await s.outbox()).map((i) => i.id)).toEqual(['mut-1']);
  });

  it('a cascading group tombstone drops the group, its memberships and sessions, but not a pending one', async () => {
    const s = await freshStore();
    await s.applyPage([...workingSet(), up('p2k2_session', 's2', { id: 's2', groupId: 'G1' }), up('group', 'G2', { id: 'G2' }), up('p2k2_session', 's3', { id: 's3', groupId: 'G2' })], { cursor: 'c1' });
    await s.enqueue(item({ id: 'mut-2', entity: 'p2k2_session', recordId: 's-new', familyId: undefined }), toLocalRecord({ entity: 'p2k2_session', id: 's-new', version: 0, data: { groupId: 'G1' } }));
    await s.applyPage([del('group', 'G1', { reason: 'deleted', cascade: true })], { cursor: 'c2' });
    expect((await s.byGroup('G1')).map((r) => r.key)).toEqual(['p2k2_session:s-new']);
    expect((await s.byGroup('G2')).map((r) => r.key).sort()).toEqual(['group:G2', 'p2k2_session:s3']);
    // The families and their own records stay.
    expect((await s.byEntity('family')).map((r) => r.id).sort()).toEqual(['F1', 'F2']);
    expect((await s.byEntity('member')).length).toBe(3);
    expect(await s.byEntity('group_member')).toEqual([]);
  });

  it('applies a page in order: what a later change of the page brings back after a cascade stays', async () => {
    const s = await freshStore();
    await s.applyPage(workingSet(), { cursor: 'c1' });
    await s.applyPage(
      [
        up('member', 'm9', { id: 'm9', familyId: 'F1', name: 'before' }),
        del('family', 'F1', { reason: 'scope', cascade: true }),
        up('family', 'F1', { id: 'F1', headName: 'Siti' }, 7),
        up('member', 'm10', { id: 'm10', familyId: 'F1' }),
        up('member', 'm11', { id: 'm11', familyId: 'F1' }),
        up('group_member', 'gm9', { familyId: 'F1', groupId: 'G1' }),
      ],
      { cursor: 'c2' },
    );
    // m9 came before the tombstone (dropped with the family); the records after it stay.
    expect((await s.byFamily('F1')).map((r) => r.key).sort()).toEqual(['family:F1', 'group_member:gm9', 'member:m10', 'member:m11']);
    expect((await s.get('family', 'F1'))?.version).toBe(7);
  });

  it('runs several cascades of one page, each over what the page left so far', async () => {
    const s = await freshStore();
    await s.applyPage(workingSet(), { cursor: 'c1' });
    await s.applyPage([del('family', 'F2', { reason: 'scope', cascade: true }), del('group', 'G1', { reason: 'scope', cascade: true }), del('family', 'F1', { reason: 'scope', cascade: true })], { cursor: 'c2' });
    expect(await keys(s)).toEqual(['reference:activity-types']);
  });
});

describe('reads by index', () => {
  it('byFamily, byGroup and byEntity read the records of one family, group or kind', async () => {
    const s = await freshStore();
    await s.applyPage(workingSet(), { cursor: 'c1' });
    expect((await s.byFamily('F1')).map((r) => r.key).sort()).toEqual(['activity:a1', 'family:F1', 'group_member:gm1', 'member:m1', 'member:m2']);
    expect((await s.byGroup('G1')).map((r) => r.key).sort()).toEqual(['group:G1', 'group_member:gm1', 'group_member:gm2', 'p2k2_session:s1']);
    expect((await s.byEntity('member')).map((r) => r.id).sort()).toEqual(['m1', 'm2', 'm3']);
    expect(await s.byEntity('case_goal')).toEqual([]);
    expect(await s.byFamily('F404')).toEqual([]);
    expect(await s.countRecords()).toBe(12);
  });
});

describe('outbox', () => {
  it('enqueue stores the item and its optimistic record, marked pending with the mutation id', async () => {
    const s = await freshStore();
    const optimistic = toLocalRecord({ entity: 'activity', id: 'a-new', version: null, data: { id: 'a-new', familyId: 'F1' } });
    await s.enqueue(item({ id: 'mut-1', recordId: 'a-new' }), optimistic);
    expect(await s.outbox()).toEqual([item({ id: 'mut-1', recordId: 'a-new' })]);
    expect(await s.get('activity', 'a-new')).toEqual({ ...optimistic, pending: 'mut-1' });
    expect((await s.byFamily('F1')).map((r) => r.key)).toEqual(['activity:a-new']);
  });

  it('enqueue is one transaction: a mutation id already queued adds neither the item nor the record', async () => {
    const s = await freshStore();
    await s.enqueue(item({ id: 'mut-1' }));
    await expect(s.enqueue(item({ id: 'mut-1', recordId: 'other' }), toLocalRecord({ entity: 'activity', id: 'other', version: null, data: {} }))).rejects.toMatchObject({ name: 'ConstraintError' });
    expect(await s.get('activity', 'other')).toBeUndefined();
    expect((await s.outbox()).map((i) => i.recordId)).toEqual(['rec-mut-1']);
  });

  it('lists oldest first (by mutation id), all users or one', async () => {
    const s = await freshStore();
    await s.enqueue(item({ id: '0003', userId: 'u1' }));
    await s.enqueue(item({ id: '0001', userId: 'u2' }));
    await s.enqueue(item({ id: '0002', userId: 'u1' }));
    expect((await s.outbox()).map((i) => i.id)).toEqual(['0001', '0002', '0003']);
    expect((await s.outbox('u1')).map((i) => i.id)).toEqual(['0002', '0003']);
    expect(await s.outbox('nobody')).toEqual([]);
  });

  it('updateOutbox replaces items; removeOutbox removes them', async () => {
    const s = await freshStore();
    await s.enqueue(item({ id: 'a' }));
    await s.enqueue(item({ id: 'b' }));
    await s.updateOutbox([]);
    await s.updateOutbox([{ ...item({ id: 'a' }), attempts: 3, lastAttemptAt: '2026-05-02T00:00:00.000Z' }]);
    expect((await s.outbox())[0]).toMatchObject({ id: 'a', attempts: 3, lastAttemptAt: '2026-05-02T00:00:00.000Z' });
    await s.removeOutbox(['a']);
    expect((await s.outbox()).map((i) => i.id)).toEqual(['b']);
  });
});

describe('settle', () => {
  async function withActivity(s: LocalStore, id: string, recordId: string): Promise<OutboxItem> {
    const it = item({ id, recordId });
    await s.enqueue(it, toLocalRecord({ entity: 'activity', id: recordId, version: null, data: { id: recordId, familyId: 'F1', type: 'kunjungan' } }));
    return it;
  }

  it('a delivered item leaves the outbox; its record stays, no longer pending', async () => {
    const s = await freshStore();
    const a = await withActivity(s, 'mut-1', 'a-new');
    const b = await withActivity(s, 'mut-2', 'b-new');
    await s.settle([{ item: a }, { item: b, serverRecordId: 'b-new' }], []);
    expect(await s.outbox()).toEqual([]);
    const ra = await s.get('activity', 'a-new');
    expect(ra).toMatchObject({ data: { id: 'a-new', type: 'kunjungan' } });
    expect(ra && 'pending' in ra).toBe(false);
    expect((await s.get('activity', 'b-new'))?.pending).toBeUndefined();
  });

  it('a record the server renumbered is dropped (the pull brings it under its own id)', async () => {
    const s = await freshStore();
    const it = item({ id: 'mut-1', entity: 'p2k2_attendance', recordId: 'phone-s1', familyId: undefined });
    await s.enqueue(it, toLocalRecord({ entity: 'p2k2_session', id: 'phone-s1', version: 0, data: { groupId: 'G1' } }));
    await s.settle([{ item: it, serverRecordId: 'server-s1' }], []);
    expect(await s.get('p2k2_session', 'phone-s1')).toBeUndefined();
    expect(await s.outbox()).toEqual([]);
  });

  it('a delivered item does not clear the mark of a later edit of the same record', async () => {
    const s = await freshStore();
    const first = item({ id: 'mut-1', entity: 'p2k2_session', op: 'update', recordId: 's1' });
    await s.enqueue(first, toLocalRecord({ entity: 'p2k2_session', id: 's1', version: 3, data: { status: 'held' } }));
    const second = item({ id: 'mut-2', entity: 'p2k2_session', op: 'update', recordId: 's1' });
    await s.enqueue(second, toLocalRecord({ entity: 'p2k2_session', id: 's1', version: 3, data: { status: 'cancelled' } }));
    await s.settle([{ item: first }], []);
    expect(await s.get('p2k2_session', 's1')).toMatchObject({ pending: 'mut-2', data: { status: 'cancelled' } });
    expect((await s.outbox()).map((i) => i.id)).toEqual(['mut-2']);
  });

  it('a refused create stays in the outbox with its status and reason; its optimistic record goes', async () => {
    const s = await freshStore();
    const a = await withActivity(s, 'mut-1', 'a-new');
    await s.settle([], [{ ...a, status: 'refused', reason: 'Keluarga di luar wilayah Anda', attempts: 1 }]);
    expect(await s.outbox()).toEqual([{ ...a, status: 'refused', reason: 'Keluarga di luar wilayah Anda', attempts: 1 }]);
    expect(await s.get('activity', 'a-new')).toBeUndefined();
  });

  it('a refused or conflicting update puts the record back as it was (restore)', async () => {
    const s = await freshStore();
    await s.applyPage([up('p2k2_session', 's1', { id: 's1', groupId: 'G1', status: 'planned' }, 4), up('p2k2_session', 's2', { id: 's2', groupId: 'G1', status: 'planned' }, 2)], { cursor: 'c1' });
    const mk = (id: string, sid: string) =>
      item({ id, entity: 'p2k2_session', op: 'update', recordId: sid, familyId: undefined, restore: { entity: 'p2k2_session', id: sid, data: { id: sid, groupId: 'G1', status: 'planned' } } });
    const u1 = mk('mut-1', 's1');
    const u2 = mk('mut-2', 's2');
    await s.enqueue(u1, toLocalRecord({ entity: 'p2k2_session', id: 's1', version: 4, data: { id: 's1', groupId: 'G1', status: 'held' } }));
    await s.enqueue(u2, toLocalRecord({ entity: 'p2k2_session', id: 's2', version: 2, data: { id: 's2', groupId: 'G1', status: 'cancelled' } }));
    await s.settle([], [{ ...u1, status: 'conflict', reason: 'changed on the server' }, { ...u2, status: 'refused', reason: 'no' }]);
    const r1 = await s.get('p2k2_session', 's1');
    expect(r1).toEqual({ key: 'p2k2_session:s1', entity: 'p2k2_session', id: 's1', familyId: null, groupId: 'G1', version: 4, data: { id: 's1', groupId: 'G1', status: 'planned' } });
    expect((await s.get('p2k2_session', 's2'))?.data.status).toBe('planned');
    expect((await s.outbox()).map((i) => [i.id, i.status, i.reason])).toEqual([
      ['mut-1', 'conflict', 'changed on the server'],
      ['mut-2', 'refused', 'no'],
    ]);
  });

  it('does not restore over a later edit of the record', async () => {
    const s = await freshStore();
    const u1 = item({ id: 'mut-1', entity: 'p2k2_session', op: 'update', recordId: 's1', restore: { entity: 'p2k2_session', id: 's1', data: { status: 'planned' } } });
    await s.enqueue(u1, toLocalRecord({ entity: 'p2k2_session', id: 's1', version: 4, data: { status: 'held' } }));
    await s.enqueue(item({ id: 'mut-2', entity: 'p2k2_session', op: 'update', recordId: 's1' }), toLocalRecord({ entity: 'p2k2_session', id: 's1', version: 4, data: { status: 'cancelled' } }));
    await s.settle([], [{ ...u1, status: 'refused' }]);
    expect(await s.get('p2k2_session', 's1')).toMatchObject({ pending: 'mut-2', data: { status: 'cancelled' } });
  });

  it('two edits of one record refused together (two graduation steps made offline) go back to before the first', async () => {
    const s = await freshStore();
    const move = (id: string, from: string) => item({ id, entity: 'graduation_transition', op: 'create', recordId: `t-${id}`, familyId: 'F1', restore: { entity: 'graduation_case', id: 'c1', data: { id: 'c1', familyId: 'F1', state: from } } });
    await s.applyPage([up('graduation_case', 'c1', { id: 'c1', familyId: 'F1', state: 'candidate' })], { cursor: 'c1' });
    const m1 = move('mut-1', 'candidate');
    const m2 = move('mut-2', 'assessed');
    await s.enqueue(m1, toLocalRecord({ entity: 'graduation_case', id: 'c1', version: 1, data: { id: 'c1', familyId: 'F1', state: 'assessed' } }));
    await s.enqueue(m2, toLocalRecord({ entity: 'graduation_case', id: 'c1', version: 1, data: { id: 'c1', familyId: 'F1', state: 'statement_signed' } }));
    await s.settle([], [{ ...m1, status: 'refused' }, { ...m2, status: 'refused' }]);
    const c = await s.get('graduation_case', 'c1');
    expect(c?.data.state).toBe('candidate');
    expect(c?.pending).toBeUndefined();
  });

  it('an item kept pending (no answer) keeps its optimistic record', async () => {
    const s = await freshStore();
    const a = await withActivity(s, 'mut-1', 'a-new');
    await s.settle([], [{ ...a, attempts: 1 }]);
    expect(await s.get('activity', 'a-new')).toMatchObject({ pending: 'mut-1' });
    expect(await s.outbox()).toEqual([{ ...a, attempts: 1 }]);
  });

  it('a refused create does not drop a record that is not its own optimistic one', async () => {
    const s = await freshStore();
    await s.applyPage([up('activity', 'a1', { id: 'a1', familyId: 'F1' })], { cursor: 'c1' });
    const a = item({ id: 'mut-1', recordId: 'a1' });
    await s.enqueue(a);
    await s.settle([], [{ ...a, status: 'refused', reason: 'record_exists' }]);
    expect(await s.get('activity', 'a1')).toBeDefined();
  });
});

describe('wipeSynced (logging out)', () => {
  it('clears the records and meta but keeps the outbox and the device id', async () => {
    const s = await freshStore();
    await s.applyPage(workingSet(), { cursor: 'c1', lastPullAt: 'x' });
    await s.setMeta({ deviceId: 'dev-1', ownerId: 'u1', user: { id: 'u1' }, authAt: 'y' });
    await s.enqueue(item({ id: 'mut-1', recordId: 'a-new' }), toLocalRecord({ entity: 'activity', id: 'a-new', version: null, data: { familyId: 'F1' } }));
    await s.wipeSynced();
    expect(await s.countRecords()).toBe(0);
    expect(await s.getMeta('deviceId')).toBe('dev-1');
    for (const k of ['cursor', 'lastPullAt', 'ownerId', 'user', 'authAt']) expect(await s.getMeta(k)).toBeUndefined();
    expect((await s.outbox()).map((i) => i.id)).toEqual(['mut-1']);
  });

  it('keeps the meta keys it is asked to keep (and none that were never set)', async () => {
    const s = await freshStore();
    await s.setMeta({ deviceId: 'dev-1', offlineDays: 3, cursor: 'c' });
    await s.wipeSynced(['deviceId', 'offlineDays', 'missing']);
    expect(await s.getMeta('deviceId')).toBe('dev-1');
    expect(await s.getMeta('offlineDays')).toBe(3);
    expect(await s.getMeta('cursor')).toBeUndefined();
    expect(await s.getMeta('missing')).toBeUndefined();
  });

  it('survives a reopen of the same database', async () => {
    const name = `local-store-reopen-${Math.random().toString(36).slice(2)}`;
    const a = await LocalStore.open(name);
    await a.applyPage(workingSet(), { cursor: 'c1' });
    await a.enqueue(item({ id: 'mut-1' }));
    a.close();
    const b = await LocalStore.open(name);
    opened.push(b);
    expect(await b.countRecords()).toBe(12);
    expect(await b.getMeta('cursor')).toBe('c1');
    expect((await b.outbox()).map((i) => i.id)).toEqual(['mut-1']);
  });
});
