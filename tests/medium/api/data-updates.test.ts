/** Data updates (pemutakhiran): proposed by the pendamping, confirmed or rejected by a koordinator. */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { as, createTestApp, loginAs, type Session, type TestApp } from '../../support/app';
import { ENGINES } from '../../support/engines';
import { API, expectError, expectOk, member, nikFor } from './helpers';

describe.each(ENGINES)('data updates (%s)', (engine) => {
  let t: TestApp;
  const s: Record<string, Session> = {};
  let familyId = '';
  beforeAll(async () => {
    t = await createTestApp(engine, { seedFamilies: 30, now: () => new Date('2026-07-15T03:00:00Z') });
    for (const u of ['pendamping01', 'pendamping02', 'korcam.cimanggis', 'peneliti']) s[u] = await loginAs(t.app, u);
    familyId = expectOk(await as(t.app, s.pendamping01!).get(`${API}/families?limit=1&status=aktif`)).items[0].id;
  });
  afterAll(async () => t?.close());
  const api = (u: string) => as(t.app, s[u]!);

  it('a birth is proposed with reason and evidence, kept encrypted, and applied when the koordinator confirms', async () => {
    const nik = nikFor('2026-07-01', 'P');
    const baby = member({ name: 'Bayi Pemutakhiran', sex: 'P', birthDate: '2026-07-01', nik });
    const before = expectOk(await api('pendamping01').get(`${API}/families/${familyId}`)).members.length;
    const p = expectOk(
      await api('pendamping01').post(`${API}/families/${familyId}/data-updates`, {
        kind: 'kelahiran',
        reason: 'Lahir di puskesmas',
        evidence: 'Surat keterangan lahir dari bidan',
        change: { members: { add: [{ ...baby, startDate: '2026-07-01' }] } },
      }),
      201,
    );
    expect(p).toMatchObject({ kind: 'kelahiran', status: 'proposed', proposedBy: 'pendamping01' });
    // Not applied yet.
    expect(expectOk(await api('pendamping01').get(`${API}/families/${familyId}`)).members).toHaveLength(before);
    // The stored patch and the trail hold no NIK.
    const row = await t.ctx.database.db.selectFrom('data_update_proposals').select('patch_enc').where('id', '=', p.id).executeTakeFirstOrThrow();
    expect(row.patch_enc).toMatch(/^enc:v1:/);
    expect(JSON.stringify(expectOk(await api('korcam.cimanggis').get(`${API}/families/${familyId}/history`)))).not.toContain(nik);
    // Waiting for the koordinator; researchers see the kind, not the change.
    const queue = expectOk(await api('korcam.cimanggis').get(`${API}/data-updates?status=proposed`)).items;
    expect(queue.map((x: { id: string }) => x.id)).toContain(p.id);
    // The queue names the family (head and kelurahan) so a coordinator knows whose change it is.
    const queued = queue.find((x: { id: string }) => x.id === p.id);
    expect(queued.headName).toBeTruthy();
    expect(queued.kelurahanCode).toMatch(/^32\.76\.02\.\d{4}$/);
    expect(expectOk(await api('peneliti').get(`${API}/families/${familyId}/data-updates`)).items[0].change).toBeNull();
    expectError(await api('pendamping01').post(`${API}/data-updates/${p.id}/confirm`, {}), 403);
    const confirmed = expectOk(await api('korcam.cimanggis').post(`${API}/data-updates/${p.id}/confirm`, { note: 'Sesuai' }));
    expect(confirmed).toMatchObject({ status: 'confirmed', decidedBy: 'korcam.cimanggis', decisionNote: 'Sesuai' });
    const after = expectOk(await api('pendamping01').get(`${API}/families/${familyId}`));
    expect(after.members).toHaveLength(before + 1);
    expect(after.members.find((m: { nik: string }) => m.nik === nik)).toMatchObject({ name: 'Bayi Pemutakhiran', startDate: '2026-07-01' });
    expectError(await api('korcam.cimanggis').post(`${API}/data-updates/${p.id}/confirm`, {}), 409, 'data_update_decided');
  });

  it('a proposal applies after changes to other fields; one overtaken on its own field answers 409 naming it, until confirmed knowingly', async () => {
    const before = expectOk(await api('pendamping01').get(`${API}/families/${familyId}`));
    const p = expectOk(
      await api('pendamping01').post(`${API}/families/${familyId}/data-updates`, { kind: 'alamat', reason: 'Pindah rumah', change: { address: 'Jl. Usulan No. 2' } }),
      201,
    );
    // A decile the family does not have yet (a proposal that changes nothing is refused).
    const decile = before.decile === 4 ? 5 : 4;
    const q = expectOk(await api('pendamping01').post(`${API}/families/${familyId}/data-updates`, { kind: 'lainnya', reason: 'Desil baru', change: { decile } }), 201);
    // Other fields changed meanwhile (RT directly, the decile by another proposal confirmed first): both still apply.
    expectOk(await api('pendamping01').patch(`${API}/families/${familyId}`, { rt: '4' }));
    expect(expectOk(await api('korcam.cimanggis').post(`${API}/data-updates/${q.id}/confirm`, {})).status).toBe('confirmed');
    expect(expectOk(await api('korcam.cimanggis').post(`${API}/data-updates/${p.id}/confirm`, {})).status).toBe('confirmed');
    const after = expectOk(await api('pendamping01').get(`${API}/families/${familyId}`));
    expect(after).toMatchObject({ address: 'Jl. Usulan No. 2', rt: '004', decile });
    expect(after.version).toBe(before.version + 3);

    // Its own field changed since: 409, each field with what it was and what it is now; nothing applied.
    const r = expectOk(await api('pendamping01').post(`${API}/families/${familyId}/data-updates`, { kind: 'alamat', reason: 'Pindah lagi', change: { address: 'Jl. Ketiga No. 3', rw: '9' } }), 201);
    expectOk(await api('korcam.cimanggis').patch(`${API}/families/${familyId}`, { address: 'Jl. Koordinator No. 1' }));
    const stale = expectError(await api('korcam.cimanggis').post(`${API}/data-updates/${r.id}/confirm`, {}), 409, 'data_update_stale');
    expect(stale.fields).toEqual({ 'change.address': 'Alamat: saat diusulkan «Jl. Usulan No. 2», sekarang «Jl. Koordinator No. 1».' });
    expect(expectOk(await api('pendamping01').get(`${API}/families/${familyId}`)).address).toBe('Jl. Koordinator No. 1');
    // Still open; confirmed knowingly, it applies.
    expect(expectOk(await api('korcam.cimanggis').post(`${API}/data-updates/${r.id}/confirm`, { override: true })).status).toBe('confirmed');
    expect(expectOk(await api('pendamping01').get(`${API}/families/${familyId}`))).toMatchObject({ address: 'Jl. Ketiga No. 3', rw: '009' });

    // Rejecting needs a note; the proposer may withdraw, nobody else.
    const u = expectOk(await api('pendamping01').post(`${API}/families/${familyId}/data-updates`, { kind: 'alamat', reason: 'Uji', change: { address: 'Jl. Keempat' } }), 201);
    expectError(await api('korcam.cimanggis').post(`${API}/data-updates/${u.id}/reject`, {}), 422);
    expect(expectOk(await api('korcam.cimanggis').post(`${API}/data-updates/${u.id}/reject`, { note: 'Data sudah berubah; usulkan lagi' })).status).toBe('rejected');
    const w = expectOk(await api('pendamping01').post(`${API}/families/${familyId}/data-updates`, { kind: 'lainnya', reason: 'Uji', change: { decile: 3 } }), 201);
    expectError(await api('pendamping02').post(`${API}/data-updates/${w.id}/withdraw`), 404);
    expect(expectOk(await api('pendamping01').post(`${API}/data-updates/${w.id}/withdraw`)).status).toBe('withdrawn');
  });

  it('a member who left meanwhile, or whose changed field was changed, is named; in English too', async () => {
    const detail = expectOk(await api('pendamping01').get(`${API}/families/${familyId}`));
    const [a, b] = (detail.members as Array<{ id: string; name: string; relation: string; schoolLevel: string }>).filter((m) => m.relation !== 'kepala_keluarga');
    expect(b, 'a family with two members besides the head').toBeDefined();
    const p = expectOk(
      await api('pendamping01').post(`${API}/families/${familyId}/data-updates`, {
        kind: 'sekolah',
        reason: 'Naik jenjang',
        change: { members: { update: [{ id: a!.id, schoolLevel: 'sma' }, { id: b!.id, schoolLevel: 'sma' }] } },
      }),
      201,
    );
    expectOk(await api('korcam.cimanggis').patch(`${API}/families/${familyId}`, { members: { end: [{ id: a!.id, endDate: '2026-07-14', reason: 'pindah' }], update: [{ id: b!.id, schoolLevel: b!.schoolLevel === 'smp' ? 'sd' : 'smp' }] } }));
    const res = await t.app.inject({ method: 'POST', url: `${API}/data-updates/${p.id}/confirm`, headers: { cookie: s['korcam.cimanggis']!.cookie, 'x-csrf-token': s['korcam.cimanggis']!.csrf, 'accept-language': 'en' }, payload: {} });
    expect(res.statusCode).toBe(409);
    const fields = (JSON.parse(res.body) as { error: { fields: Record<string, string> } }).error.fields;
    expect(fields[`change.members.${a!.id}`]).toBe(`${a!.name} is no longer a member of this family.`);
    expect(fields[`change.members.${b!.id}.schoolLevel`]).toMatch(new RegExp(`^${b!.name}, School level: «.+» when proposed, now «.+»\\.$`));
    expect(expectOk(await api('korcam.cimanggis').post(`${API}/data-updates/${p.id}/reject`, { note: 'Sudah berubah' })).status).toBe('rejected');
  });

  it('a change that could never apply is refused when proposed, each error under change.<field>', async () => {
    const res = await api('pendamping01').post(`${API}/families/${familyId}/data-updates`, {
      kind: 'kelahiran',
      reason: 'Lahir',
      change: { members: { add: [member({ name: 'Bayi NIK Pendek', sex: 'L', birthDate: '2026-07-01', nik: '12345' })] } },
    });
    const e = expectError(res, 422);
    expect(Object.keys(e.fields ?? {})).toEqual(['change.members.add.0.nik']);
    expect(e.fields!['change.members.add.0.nik']).toMatch(/16 digit/);
    expect(expectOk(await api('pendamping01').get(`${API}/families/${familyId}/data-updates?status=proposed`)).items.some((x: { reason: string }) => x.reason === 'Lahir')).toBe(false);
  });

  it('the queue names the members a change is about, and the kelurahan; researchers get neither names', async () => {
    const detail = expectOk(await api('pendamping01').get(`${API}/families/${familyId}`));
    const child = detail.members[detail.members.length - 1] as { id: string; name: string };
    const p = expectOk(
      await api('pendamping01').post(`${API}/families/${familyId}/data-updates`, {
        kind: 'sekolah',
        reason: 'Naik jenjang',
        change: { members: { update: [{ id: child.id, schoolLevel: 'smp', effectiveDate: '2026-07-13' }] } },
      }),
      201,
    );
    const queued = expectOk(await api('korcam.cimanggis').get(`${API}/data-updates?status=proposed&limit=100`)).items.find((x: { id: string }) => x.id === p.id);
    expect(queued.memberNames).toEqual({ [child.id]: child.name });
    expect(queued.kelurahanName).toBeTruthy();
    expect(queued.kelurahanName).not.toMatch(/\d/);
    const forResearcher = expectOk(await api('peneliti').get(`${API}/families/${familyId}/data-updates`)).items.find((x: { id: string }) => x.id === p.id);
    expect(forResearcher.memberNames).toEqual({});
    expect(forResearcher.headName).toBeNull();
    expectOk(await api('pendamping01').post(`${API}/data-updates/${p.id}/withdraw`));
  });

  it('refuses empty changes, unknown kinds and families out of scope', async () => {
    expectError(await api('pendamping01').post(`${API}/families/${familyId}/data-updates`, { kind: 'alamat', reason: 'x', change: {} }), 422);
    expectError(await api('pendamping01').post(`${API}/families/${familyId}/data-updates`, { kind: 'pesta', reason: 'x', change: { rt: '1' } }), 400);
    expectError(await api('pendamping02').post(`${API}/families/${familyId}/data-updates`, { kind: 'alamat', reason: 'x', change: { rt: '1' } }), 404);
    expectError(await api('peneliti').post(`${API}/families/${familyId}/data-updates`, { kind: 'alamat', reason: 'x', change: { rt: '1' } }), 403);
  });
});
