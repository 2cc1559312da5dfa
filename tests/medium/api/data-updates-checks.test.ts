/**
 * The checks on a proposed data update (pemutakhiran) besides the family's own rules: a proposal that changes
 * nothing (every field it sets already holds that value) is refused, online with 422 under `change` and from
 * a phone per mutation with the same words, and never reaches the koordinator's queue or the report; a school
 * level that does not fit the member's age is accepted with a warning, shown to the proposer (the answer) and
 * to the koordinator (the queue), and confirming it still pays by enrolment. Both engines.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { uuidv7 } from '../../../src/domain/ids';
import { as, createTestApp, loginAs, type Session, type TestApp } from '../../support/app';
import { ENGINES } from '../../support/engines';
import { API, expectError, expectOk, member } from './helpers';

const NO_CHANGE_ID = 'Tidak ada yang berubah: data yang diusulkan sudah sama dengan data keluarga sekarang. Ubah setidaknya satu isian, atau batalkan usulan ini.';
const NO_CHANGE_EN = 'Nothing changes: the proposed data is already the same as the family’s current data. Change at least one field, or cancel this proposal.';

type Member = { id: string; name: string; relation: string; birthDate: string; age: number; schoolLevel: string; pregnant: boolean; postpartum: boolean; severeDisability: boolean };
type PushResult = { id: string; status: string; reason?: string; fields?: Record<string, string> };

describe.each(ENGINES)('data update checks (%s)', (engine) => {
  let t: TestApp;
  const s: Record<string, Session> = {};
  let familyId = '';
  const api = (u: string) => as(t.app, s[u]!);
  const propose = (u: string, body: unknown, headers: Record<string, string> = {}) => api(u).post(`${API}/families/${familyId}/data-updates`, body, headers);
  const family = async () => expectOk(await api('pendamping01').get(`${API}/families/${familyId}`)) as { members: Member[]; address: string; rt: string; rw: string };
  const proposals = async () => expectOk(await api('pendamping01').get(`${API}/families/${familyId}/data-updates?limit=100`)) as { total: number; items: Array<{ id: string; warnings: unknown[] }> };

  beforeAll(async () => {
    t = await createTestApp(engine, { seedFamilies: 30, now: () => new Date('2026-07-15T03:00:00Z') });
    for (const u of ['pendamping01', 'korcam.cimanggis']) s[u] = await loginAs(t.app, u);
    familyId = expectOk(await api('pendamping01').get(`${API}/families?limit=1&status=aktif`)).items[0].id;
  });
  afterAll(async () => t?.close());

  it('a member’s conditions sent as they are ("Kondisi anggota lainnya" left unchanged) are refused under change, in both languages; nothing is queued', async () => {
    const { members } = await family();
    const m = members[0]!;
    const before = (await proposals()).total;
    const same = { kind: 'lainnya', reason: 'Kondisi anggota', change: { members: { update: [{ id: m.id, pregnant: m.pregnant, postpartum: m.postpartum, severeDisability: m.severeDisability, effectiveDate: '2026-07-15' }] } } };
    const err = expectError(await propose('pendamping01', same), 422, 'validation');
    expect(err.fields).toEqual({ change: NO_CHANGE_ID });
    expect(expectError(await propose('pendamping01', same, { 'accept-language': 'en' }), 422).fields).toEqual({ change: NO_CHANGE_EN });
    // Not stored: not in the family's list, not in the koordinator's queue (so not counted as proposed).
    expect((await proposals()).total).toBe(before);
    const queue = expectOk(await api('korcam.cimanggis').get(`${API}/data-updates?status=proposed&limit=100`)).items as Array<{ familyId: string }>;
    expect(queue.filter((p) => p.familyId === familyId)).toHaveLength(before);
    // One condition really changed: a proposal.
    expectOk(await propose('pendamping01', { ...same, change: { members: { update: [{ id: m.id, severeDisability: !m.severeDisability }] } } }), 201);
  });

  it('the same address (an RT sent as it is stored or without its zeros), the same school level or name: refused; a real change passes', async () => {
    const f = await family();
    expectError(await propose('pendamping01', { kind: 'alamat', reason: 'Alamat', change: { address: f.address, rt: f.rt, rw: f.rw } }), 422);
    expectError(await propose('pendamping01', { kind: 'alamat', reason: 'Alamat', change: { address: f.address, rt: String(Number(f.rt)), rw: f.rw } }), 422);
    const child = f.members[f.members.length - 1]!;
    expectError(await propose('pendamping01', { kind: 'sekolah', reason: 'Sekolah', change: { members: { update: [{ id: child.id, schoolLevel: child.schoolLevel, effectiveDate: '2026-07-01' }] } } }), 422);
    expectError(await propose('pendamping01', { kind: 'lainnya', reason: 'Nama', change: { members: { update: [{ id: child.id, name: child.name }] } } }), 422);
    expectOk(await propose('pendamping01', { kind: 'alamat', reason: 'Alamat', change: { address: `${f.address} (belakang)`, rt: f.rt, rw: f.rw } }), 201);
  });

  it('from a phone, a proposal that changes nothing is refused per mutation with the same words; the others in the push apply', async () => {
    const { members } = await family();
    const m = members[0]!;
    const mutation = (data: Record<string, unknown>) => ({ id: uuidv7(), entity: 'data_update', op: 'create', recordId: uuidv7(), familyId, data });
    const same = mutation({ kind: 'lainnya', reason: 'Luring', change: { members: { update: [{ id: m.id, pregnant: m.pregnant, postpartum: m.postpartum, severeDisability: m.severeDisability }] } } });
    const real = mutation({ kind: 'alamat', reason: 'Luring', change: { address: 'Jl. Luring Cek No. 1' } });
    const res = expectOk(await api('pendamping01').post(`${API}/sync/push`, { mutations: [same, real] }, { 'x-titian-device': '0190c0de-0000-7000-8000-000000000031' }));
    const [a, b] = res.results as PushResult[];
    expect(a!.status).toBe('refused');
    expect(a!.reason).toContain(NO_CHANGE_ID);
    if (a!.fields) expect(a!.fields).toEqual({ change: NO_CHANGE_ID });
    expect(b!.status).toBe('applied');
    const ids = (await proposals()).items.map((p) => p.id);
    expect(ids).toContain(real.recordId);
    expect(ids).not.toContain(same.recordId);
  });

  it('an age that does not fit the school level is accepted with a warning, shown to the proposer and the koordinator; confirming pays by enrolment', async () => {
    // The tester's child: born 30 October 2018, moving in as SMP (7 years old on the day).
    const child = { ...member({ name: 'Anak Umur Tujuh', sex: 'P', birthDate: '2018-10-30', schoolLevel: 'smp' }), startDate: '2026-07-01' };
    const p = expectOk(await propose('pendamping01', { kind: 'pindah_masuk', reason: 'Ikut keluarga', change: { members: { add: [child] } } }), 201);
    expect(p.warnings).toEqual([{ code: 'school_age.implausible', params: { age: 7, schoolLevel: 'smp', typicalMin: 12, typicalMax: 15 }, addIndex: 0 }]);
    // The head of the family proposed as SD: a warning naming the member, with their age on the effective date.
    const { members } = await family();
    const head = members.find((m) => m.relation === 'kepala_keluarga') ?? members[0]!;
    const q = expectOk(await propose('pendamping01', { kind: 'sekolah', reason: 'Sekolah', change: { members: { update: [{ id: head.id, schoolLevel: 'sd', effectiveDate: '2026-07-01' }] } } }), 201);
    expect(q.warnings).toEqual([{ code: 'school_age.implausible', params: { age: expect.any(Number), schoolLevel: 'sd', typicalMin: 6, typicalMax: 12 }, memberId: head.id }]);
    // A plausible one: none.
    const ok = { ...member({ name: 'Anak Umur Tiga Belas', sex: 'L', birthDate: '2013-01-10', schoolLevel: 'smp' }), startDate: '2026-07-01' };
    expect(expectOk(await propose('pendamping01', { kind: 'pindah_masuk', reason: 'Ikut keluarga', change: { members: { add: [ok] } } }), 201).warnings).toEqual([]);

    // The koordinator's queue carries them.
    const queue = expectOk(await api('korcam.cimanggis').get(`${API}/data-updates?status=proposed&limit=100`)).items as Array<{ id: string; warnings: unknown[] }>;
    expect(queue.find((x) => x.id === p.id)!.warnings).toEqual(p.warnings);
    expect(queue.find((x) => x.id === q.id)!.warnings).toEqual(q.warnings);
    // A warning, not a refusal: confirmed, the child is counted as SMP (enrolment decides); decided, no warning any more.
    const confirmed = expectOk(await api('korcam.cimanggis').post(`${API}/data-updates/${p.id}/confirm`, {}));
    expect(confirmed.warnings).toEqual([]);
    const after = expectOk(await api('pendamping01').get(`${API}/families/${familyId}`));
    const added = after.members.find((m: Member) => m.name === 'Anak Umur Tujuh');
    expect(added).toMatchObject({ schoolLevel: 'smp', component: 'smp' });
  });
});
