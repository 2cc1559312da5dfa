/**
 * The screens' shapes built offline from synced records: the caseload list (filters, paging, masked
 * No. KK), a family page (members in order, ages in Jakarta, components from the last entitlement),
 * group summaries (sessions held, attendance rate), sessions and activities in the API's order.
 */
import { describe, expect, it } from 'vitest';
import type { Entitlement } from '../data/types';
import {
  activitiesLocal,
  familyDetailLocal,
  groupDetailLocal,
  groupSummaryLocal,
  listFamiliesLocal,
  page,
  sessionsLocal,
  toFamilySummary,
} from './adapters';
import { type LocalRecord, toLocalRecord } from './local-store';

const rec = (entity: string, id: string, data: Record<string, unknown>, version: number | null = 1): LocalRecord => toLocalRecord({ entity, id, version, data });

const families = [
  rec('family', 'F1', { id: 'F1', kkNumber: '3201010101010001', headName: 'Siti Aminah', kelurahanCode: '3201010001', kelurahanName: 'Sukamaju', status: 'aktif', pendamping: 'pd1' }),
  rec('family', 'F2', { id: 'F2', kkNumber: '3201010101019999', headName: 'Budi Santoso', kelurahanCode: '3201010002', kelurahanName: 'Sukasari', status: 'ditangguhkan', pendamping: 'pd1' }),
  rec('family', 'F3', { id: 'F3', kkNumber: '3202020202020202', headName: 'Agus Salim', kelurahanCode: '3201010001', kelurahanName: 'Sukamaju', status: 'graduasi', pendamping: 'pd1' }),
  rec('family', 'F4', { id: 'F4', kkNumber: '3201**********77', headName: 'Wati', kelurahanCode: '3202020001', kelurahanName: null, status: 'aktif', pendamping: null }),
];
const members = [
  rec('member', 'm1', { id: 'm1', familyId: 'F1', name: 'Siti Aminah' }),
  rec('member', 'm2', { id: 'm2', familyId: 'F1', name: 'Rahmat Hidayat' }),
  rec('member', 'm3', { id: 'm3', familyId: 'F2', name: 'Budi Santoso' }),
  rec('member', 'm4', { id: 'm4', familyId: 'F2', name: 'Dewi Lestari' }),
  rec('member', 'm5', { id: 'm5', familyId: 'F2', name: 'Putri' }),
  rec('member', 'm6', { id: 'm6', familyId: 'F3', name: 'Agus Salim' }),
];
const groupMembers = [rec('group_member', 'gm1', { familyId: 'F1', groupId: 'G1' }), rec('group_member', 'gm3', { familyId: 'F3', groupId: 'G1' }), rec('group_member', 'gm2', { familyId: 'F2', groupId: 'G2' })];

const list = (params: Parameters<typeof listFamiliesLocal>[3]) => listFamiliesLocal(families, members, groupMembers, params);
const ids = (p: { items: Array<{ id: string }> }) => p.items.map((f) => f.id);

describe('listFamiliesLocal', () => {
  it('lists every family by head name, with member counts and a masked No. KK', () => {
    const all = list({ limit: 25, offset: 0 });
    expect(all.total).toBe(4);
    expect(ids(all)).toEqual(['F3', 'F2', 'F1', 'F4']);
    expect(all.items.find((f) => f.id === 'F1')).toEqual({
      id: 'F1',
      kkNumber: '3201********0001',
      headName: 'Siti Aminah',
      kelurahanCode: '3201010001',
      kelurahanName: 'Sukamaju',
      status: 'aktif',
      pendamping: 'pd1',
      memberCount: 2,
    });
    expect(all.items.find((f) => f.id === 'F2')?.memberCount).toBe(3);
    // A No. KK already masked (as a researcher receives it) is shown as it came; no members counts 0.
    expect(all.items.find((f) => f.id === 'F4')).toMatchObject({ kkNumber: '3201**********77', memberCount: 0, kelurahanName: null, pendamping: null });
    for (const f of all.items) expect(f.kkNumber).not.toMatch(/^\d{16}$/);
  });

  it('finds by the head name, case, accents and spaces aside', () => {
    expect(ids(list({ q: 'siti', limit: 25, offset: 0 }))).toEqual(['F1']);
    expect(ids(list({ q: 'SÍTI   aminah', limit: 25, offset: 0 }))).toEqual(['F1']);
    expect(ids(list({ q: '  AMINAH ', limit: 25, offset: 0 }))).toEqual(['F1']);
    expect(ids(list({ q: 'sa', limit: 25, offset: 0 }))).toEqual(['F3', 'F2']);
  });

  it("finds by a member's name", () => {
    expect(ids(list({ q: 'lestari', limit: 25, offset: 0 }))).toEqual(['F2']);
    expect(ids(list({ q: 'Rahmat', limit: 25, offset: 0 }))).toEqual(['F1']);
    expect(list({ q: 'Nobody', limit: 25, offset: 0 })).toEqual({ items: [], total: 0 });
  });

  it('finds by a whole No. KK (16 digits, in blocks or not), as the server does', () => {
    expect(ids(list({ q: '3201010101010001', limit: 25, offset: 0 }))).toEqual(['F1']);
    expect(ids(list({ q: ' 3201-0101-0101-9999 ', limit: 25, offset: 0 }))).toEqual(['F2']);
    expect(ids(list({ q: '3202.0202.0202.0202', limit: 25, offset: 0 }))).toEqual(['F3']);
    expect(ids(list({ q: '3202 0202 0202 0202', limit: 25, offset: 0 }))).toEqual(['F3']);
    // A number nobody has: nothing.
    expect(list({ q: '3201010101015555', limit: 25, offset: 0 }).total).toBe(0);
  });

  it("finds by a member's whole NIK (any member, not only the head)", () => {
    const withNik = [
      ...members,
      rec('member', 'm7', { id: 'm7', familyId: 'F3', name: 'Nur', nik: '3276020609790007' }),
      rec('member', 'm8', { id: 'm8', familyId: 'F1', name: 'Siti Aminah', nik: '3201014512800002' }),
      // A member still waiting on the phone, without a NIK yet.
      rec('member', 'm9', { id: 'm9', familyId: 'F2', name: 'Bayi', nik: null }, null),
    ];
    const find = (q: string) => listFamiliesLocal(families, withNik, groupMembers, { q, limit: 25, offset: 0 });
    expect(ids(find('3276020609790007'))).toEqual(['F3']);
    expect(ids(find('3276-0206-0979-0007'))).toEqual(['F3']);
    expect(ids(find('3201014512800002'))).toEqual(['F1']);
    // With the other filters, as always.
    expect(find('3276020609790007').items[0]).toMatchObject({ id: 'F3', memberCount: 2 });
    expect(listFamiliesLocal(families, withNik, groupMembers, { q: '3276020609790007', status: 'aktif', limit: 25, offset: 0 }).total).toBe(0);
    expect(find('3276020609790008').total).toBe(0);
  });

  it('part of a number finds nothing (online refuses it too): no No. KK nor NIK matched by a few digits', () => {
    const withNik = [...members, rec('member', 'm7', { id: 'm7', familyId: 'F3', name: 'Nur', nik: '3276020609790007' })];
    const find = (q: string) => listFamiliesLocal(families, withNik, groupMembers, { q, limit: 25, offset: 0 });
    for (const q of ['9999', '0202', '3201.0101.0101', '999', '320101010101000', '32010101010100011', '0007', '327602060979000']) expect(find(q).total).toBe(0);
  });

  it('filters by kelurahan, region, status and group, together with a search', () => {
    expect(ids(list({ kelurahan: '3201010001', limit: 25, offset: 0 }))).toEqual(['F3', 'F1']);
    expect(ids(list({ region: '320101', limit: 25, offset: 0 }))).toEqual(['F3', 'F2', 'F1']);
    expect(ids(list({ status: 'aktif', limit: 25, offset: 0 }))).toEqual(['F1', 'F4']);
    expect(ids(list({ group: 'G1', limit: 25, offset: 0 }))).toEqual(['F3', 'F1']);
    expect(ids(list({ group: 'G2', limit: 25, offset: 0 }))).toEqual(['F2']);
    expect(list({ group: 'G9', limit: 25, offset: 0 }).total).toBe(0);
    expect(ids(list({ group: 'G1', status: 'aktif', limit: 25, offset: 0 }))).toEqual(['F1']);
    expect(ids(list({ kelurahan: '3201010001', q: 'agus', limit: 25, offset: 0 }))).toEqual(['F3']);
  });

  it('pages: the total counts every match, items are the slice asked for', () => {
    expect(list({ limit: 2, offset: 0 })).toMatchObject({ total: 4 });
    expect(ids(list({ limit: 2, offset: 0 }))).toEqual(['F3', 'F2']);
    expect(ids(list({ limit: 2, offset: 2 }))).toEqual(['F1', 'F4']);
    expect(list({ limit: 2, offset: 4 })).toEqual({ items: [], total: 4 });
    // Without paging parameters: 25 a page.
    const many = Array.from({ length: 30 }, (_, i) => rec('family', `X${String(i).padStart(2, '0')}`, { id: `X${i}`, headName: 'Sama', kkNumber: '' }));
    const p = listFamiliesLocal(many, [], [], {} as Parameters<typeof listFamiliesLocal>[3]);
    expect(p.total).toBe(30);
    expect(p.items).toHaveLength(25);
    // The same head name: ordered by id.
    expect(p.items.map((f) => f.id)).toEqual([...p.items.map((f) => f.id)].sort());
  });

  it('toFamilySummary masks a short or missing No. KK entirely', () => {
    expect(toFamilySummary({ id: 'F', kkNumber: '12345678' }, 0).kkNumber).toBe('********');
    expect(toFamilySummary({ id: 'F' }, 0)).toMatchObject({ kkNumber: '', headName: '', kelurahanCode: '', kelurahanName: null, pendamping: null });
  });

  it("toFamilySummary keeps a researcher's No. KK pseudonym and an already masked number as they are", () => {
    expect(toFamilySummary({ id: 'F', kkNumber: 'KK-0A1B2C3D' }, 0).kkNumber).toBe('KK-0A1B2C3D');
    expect(toFamilySummary({ id: 'F', kkNumber: '3276********0003' }, 0).kkNumber).toBe('3276********0003');
    expect(toFamilySummary({ id: 'F', kkNumber: '3276024101800003' }, 0).kkNumber).toBe('3276********0003');
  });
});

describe('familyDetailLocal', () => {
  const entitlement: Entitlement = {
    year: 2026,
    indexYear: 2026,
    asOf: '2026-05-01',
    components: [
      { memberIndex: 0, memberId: 'k1', component: 'sd', annual: 900_000, counted: false, reason: 'not counted' },
      { memberIndex: 0, memberId: 'k1', component: 'smp', annual: 1_500_000, counted: true, reason: 'counted' },
      { memberIndex: 2, memberId: 'k2', component: 'anak_usia_dini', annual: 3_000_000, counted: false, reason: 'over the cap' },
    ],
    familyBenefits: [],
    annualTotal: 1_500_000,
    perTahap: [375_000, 375_000, 375_000, 375_000],
    notes: [],
  };
  const family = rec('family', 'F1', { id: 'F1', kkNumber: '3201010101010001', headName: 'Siti Aminah', kelurahanCode: '3201010001', kelurahanName: 'Sukamaju', kecamatanCode: '320101', address: 'Jl. Melati 1', rt: '001', rw: '002', joinedYear: 2019, decile: 2, status: 'aktif', pendamping: 'pd1', version: 7 }, 7);
  const records = [
    family,
    rec('member', 'k2', { id: 'k2', familyId: 'F1', name: 'Bayi', position: 2, birthDate: '2024-01-10', relation: 'anak', sex: 'L', schoolLevel: 'none' }),
    rec('member', 'h', { id: 'h', familyId: 'F1', name: 'Siti Aminah', position: 0, birthDate: '1990-06-15', relation: 'kepala', sex: 'P', schoolLevel: 'sma', caretaker: true, nik: '3201015506900001', startDate: '2019-01-01' }),
    rec('member', 'k1', { id: 'k1', familyId: 'F1', name: 'Anak', position: 1, birthDate: '2013-06-16', relation: 'anak', sex: 'L', schoolLevel: 'smp', pregnant: 'yes' }),
    rec('member', 'x', { id: 'x', familyId: 'F1', name: 'Unborn date', position: 3, birthDate: '2030-01-01' }),
    rec('activity', 'a1', { id: 'a1', familyId: 'F1', type: 'kunjungan', date: '2026-05-01' }),
  ];

  it('orders members by position and leaves other records out', () => {
    const d = familyDetailLocal(family, records, entitlement, new Date('2026-06-15T00:00:00Z'));
    expect(d.members.map((m) => m.id)).toEqual(['h', 'k1', 'k2', 'x']);
    expect(d).toMatchObject({ id: 'F1', kkNumber: '3201010101010001', headName: 'Siti Aminah', kecamatanCode: '320101', address: 'Jl. Melati 1', rt: '001', rw: '002', joinedYear: 2019, decile: 2, status: 'aktif', version: 7 });
    expect(d.entitlement).toBe(entitlement);
  });

  it('computes ages on the day in Jakarta (UTC+7)', () => {
    // Jakarta's day starts at 17:00 UTC the day before.
    const on15th = familyDetailLocal(family, records, null, new Date('2026-06-14T17:00:00Z'));
    expect(on15th.members.find((m) => m.id === 'h')?.age).toBe(36);
    const on14th = familyDetailLocal(family, records, null, new Date('2026-06-14T16:59:59Z'));
    expect(on14th.members.find((m) => m.id === 'h')?.age).toBe(35);
    const k1Before = familyDetailLocal(family, records, null, new Date('2026-06-15T16:59:59Z')).members.find((m) => m.id === 'k1');
    const k1After = familyDetailLocal(family, records, null, new Date('2026-06-15T17:00:00Z')).members.find((m) => m.id === 'k1');
    expect([k1Before?.age, k1After?.age]).toEqual([12, 13]);
    // A birth date in the future has no age.
    expect(on15th.members.find((m) => m.id === 'x')?.age).toBeNull();
  });

  it('takes each member\'s component from the entitlement given (the counted one first)', () => {
    const d = familyDetailLocal(family, records, entitlement, new Date('2026-06-15T00:00:00Z'));
    const by = new Map(d.members.map((m) => [m.id, m]));
    expect(by.get('k1')?.component).toBe('smp');
    expect(by.get('k2')?.component).toBe('anak_usia_dini');
    expect(by.get('h')?.component).toBeNull();
    const none = familyDetailLocal(family, records, null, new Date('2026-06-15T00:00:00Z'));
    expect(none.members.every((m) => m.component === null)).toBe(true);
    expect(none.entitlement).toBeNull();
  });

  it('maps member fields, booleans only when true', () => {
    const d = familyDetailLocal(family, records, entitlement, new Date('2026-06-15T00:00:00Z'));
    expect(d.members[0]).toEqual({
      id: 'h',
      name: 'Siti Aminah',
      nik: '3201015506900001',
      relation: 'kepala',
      sex: 'P',
      birthDate: '1990-06-15',
      age: 36,
      schoolLevel: 'sma',
      pregnant: false,
      postpartum: false,
      severeDisability: false,
      caretaker: true,
      startDate: '2019-01-01',
      component: null,
      warnings: [],
    });
    expect(d.members[1]).toMatchObject({ pregnant: false, nik: null, startDate: null });
  });

  it('takes the version from the record when the data has none', () => {
    const f = rec('family', 'F9', { id: 'F9' }, 4);
    expect(familyDetailLocal(f, [], null).version).toBe(4);
    expect(familyDetailLocal(rec('family', 'F9', { id: 'F9' }, null), [], null).version).toBe(0);
  });
});

describe('groups', () => {
  const fam = new Map([
    ['F1', rec('family', 'F1', { id: 'F1', headName: 'Siti Aminah', kelurahanCode: '3201010001', kelurahanName: 'Sukamaju' })],
    ['F2', rec('family', 'F2', { id: 'F2', headName: 'Budi Santoso', kelurahanCode: '3201010001', kelurahanName: 'Sukamaju' })],
    ['F3', rec('family', 'F3', { id: 'F3', headName: 'Agus Salim', kelurahanCode: '3201010002', kelurahanName: 'Sukasari' })],
  ]);
  const group = rec('group', 'G1', { id: 'G1', name: 'Melati', kelurahanCode: '3201010001', pendamping: 'pd1', ketuaFamilyId: 'F2', meetingPlace: 'Balai RW', version: 5 }, 5);
  const att = (...s: string[]) => s.map((status, i) => ({ familyId: `F${i + 1}`, status, reason: status === 'izin' ? 'sakit' : null }));
  const records = [
    group,
    rec('group_member', 'gm1', { groupId: 'G1', familyId: 'F1', startDate: '2025-01-01', endDate: null }),
    rec('group_member', 'gm2', { groupId: 'G1', familyId: 'F2', startDate: '2025-01-01', endDate: null }),
    rec('group_member', 'gm3', { groupId: 'G1', familyId: 'F3', startDate: '2025-02-01', endDate: null }),
    rec('p2k2_session', 's1', { groupId: 'G1', module: 'M1', session: 1, date: '2026-03-02', status: 'held', attendance: att('hadir', 'hadir', 'tidak_hadir') }, 2),
    rec('p2k2_session', 's2', { groupId: 'G1', module: 'M1', session: 2, date: '2026-04-06', status: 'held', attendance: att('hadir', 'izin') }, 1),
    rec('p2k2_session', 's3', { groupId: 'G1', module: 'M2', session: 1, date: '2026-06-01', status: 'planned', attendance: [] }),
    rec('p2k2_session', 's4', { groupId: 'G1', module: 'M2', session: 2, date: '2026-05-20', status: 'planned' }),
    rec('p2k2_session', 's5', { groupId: 'G1', module: 'M1', session: 3, date: '2026-05-04', status: 'cancelled', attendance: att('hadir') }),
    rec('p2k2_session', 's6', { groupId: 'G1', module: 'M1', session: 4, date: '2026-04-06', status: 'held', attendance: att('hadir') }),
  ];

  it('summarises a group: members, sessions held, last held, attendance rate over held sessions only', () => {
    expect(groupSummaryLocal({ group, records, families: fam })).toEqual({
      id: 'G1',
      name: 'Melati',
      kelurahanCode: '3201010001',
      kelurahanName: 'Sukamaju',
      pendamping: 'pd1',
      ketuaFamilyId: 'F2',
      ketuaName: 'Budi Santoso',
      meetingPlace: 'Balai RW',
      memberCount: 3,
      version: 5,
      sessionsHeld: 3,
      lastSessionDate: '2026-04-06',
      // hadir 4 of 6 on the rosters of s1, s2 and s6 (the cancelled s5 does not count).
      attendanceRate: 4 / 6,
    });
  });

  it('has no rate and no last date before the first session held', () => {
    const s = groupSummaryLocal({ group, records: records.filter((r) => r.entity !== 'p2k2_session' || r.data.status !== 'held'), families: new Map() });
    expect(s).toMatchObject({ sessionsHeld: 0, lastSessionDate: null, attendanceRate: null, kelurahanName: null, ketuaName: null });
    const noKetua = rec('group', 'G2', { id: 'G2', name: 'Mawar' }, null);
    expect(groupSummaryLocal({ group: noKetua, records: [], families: fam })).toMatchObject({ ketuaFamilyId: null, ketuaName: null, memberCount: 0, version: 0, kelurahanCode: '' });
  });

  it('a make-up is not another meeting and counts only for the families who missed its session', () => {
    // A make-up of s1 (F3 absent there), recorded the old way with everyone on its list.
    const makeup = rec('p2k2_session', 'm1', { groupId: 'G1', module: 'M1', session: 1, date: '2026-04-20', status: 'held', makeupOf: 's1', attendance: att('tidak_hadir', 'tidak_hadir', 'hadir') });
    expect(groupSummaryLocal({ group, records: [...records, makeup], families: fam })).toMatchObject({
      sessionsHeld: 3,
      lastSessionDate: '2026-04-06',
      // 4 of 6 at the sessions, and F3 present at its make-up.
      attendanceRate: 5 / 7,
    });
  });

  it('lists the group members by head name', () => {
    const d = groupDetailLocal({ group, records, families: fam });
    expect(d.members.map((m) => m.headName)).toEqual(['Agus Salim', 'Budi Santoso', 'Siti Aminah']);
    expect(d.members[0]).toEqual({ familyId: 'F3', headName: 'Agus Salim', startDate: '2025-02-01', endDate: null, current: true });
    expect(d.sessionsHeld).toBe(3);
  });

  it('orders sessions newest first (then by session number), and planned ones soonest first when asked by status', () => {
    expect(sessionsLocal(records, 'pd1').map((s) => s.id)).toEqual(['s3', 's4', 's5', 's6', 's2', 's1']);
    expect(sessionsLocal(records, 'pd1', 'planned').map((s) => s.id)).toEqual(['s4', 's3']);
    expect(sessionsLocal(records, 'pd1', 'held').map((s) => s.date)).toEqual(['2026-04-06', '2026-04-06', '2026-03-02']);
    expect(sessionsLocal(records, 'pd1', 'held').map((s) => s.id).at(-1)).toBe('s1');
    expect(sessionsLocal(records, 'pd1', 'cancelled').map((s) => s.id)).toEqual(['s5']);
  });

  it("maps a session to the API's shape", () => {
    const [s1] = sessionsLocal(records.filter((r) => r.id === 's1'), 'pd1');
    expect(s1).toEqual({
      id: 's1',
      groupId: 'G1',
      moduleCode: 'M1',
      session: 1,
      date: '2026-03-02',
      place: null,
      narrative: null,
      status: 'held',
      makeupOf: null,
      pendamping: 'pd1',
      attendance: [
        { familyId: 'F1', status: 'hadir', reason: null },
        { familyId: 'F2', status: 'hadir', reason: null },
        { familyId: 'F3', status: 'tidak_hadir', reason: null },
      ],
      version: 2,
    });
    expect(sessionsLocal(records.filter((r) => r.id === 's4'), null)[0]).toMatchObject({ attendance: [], pendamping: null, version: 1 });
  });
});

describe('activitiesLocal and page', () => {
  it('lists activities newest first (date, then when recorded), leaving other records out', () => {
    const records = [
      rec('activity', 'a1', { familyId: 'F1', type: 'kunjungan', date: '2026-05-01', createdAt: '2026-05-01T02:00:00Z', roles: ['fasilitator'] }),
      rec('activity', 'a2', { familyId: 'F1', type: 'kunjungan', date: '2026-05-03', createdAt: '2026-05-03T02:00:00Z' }),
      rec('activity', 'a3', { familyId: 'F1', type: 'rujukan', date: '2026-05-01', createdAt: '2026-05-01T09:00:00Z', notes: 'ke puskesmas', location: { latitude: -6.9, longitude: 107.6 } }),
      rec('member', 'm1', { familyId: 'F1', name: 'x', date: '2026-06-01' }),
    ];
    const acts = activitiesLocal(records);
    expect(acts.map((a) => a.id)).toEqual(['a2', 'a3', 'a1']);
    expect(acts[1]).toEqual({ id: 'a3', familyId: 'F1', type: 'rujukan', date: '2026-05-01', notes: 'ke puskesmas', location: { latitude: -6.9, longitude: 107.6 }, roles: [], factors: [], obstacles: [], pendamping: null, createdAt: '2026-05-01T09:00:00Z', version: 1, p2k2SessionId: null });
    expect(acts[2]!.roles).toEqual(['fasilitator']);
  });

  it('page slices and counts', () => {
    expect(page([1, 2, 3, 4, 5], { limit: 2, offset: 1 })).toEqual({ items: [2, 3], total: 5 });
    expect(page([], { limit: 2, offset: 0 })).toEqual({ items: [], total: 0 });
  });
});
