/**
 * A NIK or No. KK typed into staff free text is masked on write (src/server/http/free-text.ts), online and
 * through a phone's sync push alike: another role reads `[NIK/KK disamarkan]`, the audit trail never holds the
 * digits, the answer says how many were masked; text without one is stored exactly as written, and the
 * identifier fields themselves (a proposed member's NIK) are not touched.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { MASKED_IDENTIFIER } from '../../../src/domain/free-text-identifiers';
import { uuidv7 } from '../../../src/domain/ids';
import { as, createTestApp, loginAs, type Session, type TestApp } from '../../support/app';
import { ENGINES } from '../../support/engines';
import { API, expectOk, member, nikFor } from './helpers';

const NOW = new Date('2026-07-15T03:00:00Z');
const TYPED = '3276 0221 0387 0003';
const DIGITS = '3276022103870003';

describe.each(ENGINES)('NIK typed into free text (%s)', (engine) => {
  let t: TestApp;
  const s: Record<string, Session> = {};
  let familyId = '';
  const api = (u: string) => as(t.app, s[u]!);

  beforeAll(async () => {
    t = await createTestApp(engine, { seedFamilies: 30, now: () => NOW });
    for (const u of ['pendamping01', 'korcam.cimanggis', 'auditor']) s[u] = await loginAs(t.app, u);
    familyId = expectOk(await api('pendamping01').get(`${API}/families?limit=1&status=aktif`)).items[0].id;
  });
  afterAll(async () => t?.close());

  /** No row of the audit trail holds the typed number (any of its forms). */
  async function auditHoldsNoDigits() {
    const rows = await t.ctx.database.db.selectFrom('audit_log').select(['before_data', 'after_data']).execute();
    const all = rows.map((r) => `${r.before_data ?? ''}${r.after_data ?? ''}`).join('\n');
    expect(all).not.toContain(DIGITS);
    expect(all).not.toContain(TYPED);
  }

  it('a home visit’s notes: masked on write, said in the answer, read masked by the koordinator', async () => {
    const res = await api('pendamping01').post(`${API}/families/${familyId}/activities`, {
      type: 'kunjungan_rumah',
      date: '2026-07-10',
      roles: ['animasi_sosial'],
      notes: `NIK anak ${TYPED} beda dengan KK. HP ibu 081234567890, bantuan Rp 2.500.000.`,
    });
    const created = expectOk(res, 201);
    const expected = `NIK anak ${MASKED_IDENTIFIER} beda dengan KK. HP ibu 081234567890, bantuan Rp 2.500.000.`;
    expect(created.notes).toBe(expected);
    expect(created.maskedIdentifiers).toBe(1);
    expect(created.maskedIdentifiersNotice).toBe('1 nomor 16 digit yang tampak seperti NIK/No. KK disamarkan sebelum disimpan; di teks tertulis [NIK/KK disamarkan].');
    expect(res.headers['x-titian-masked-identifiers']).toBe('1');
    const read = expectOk(await api('korcam.cimanggis').get(`${API}/families/${familyId}/activities`)).items.find((a: { id: string }) => a.id === created.id);
    expect(read.notes).toBe(expected);
    expect(read.maskedIdentifiers).toBeUndefined();
    await auditHoldsNoDigits();
  });

  it('the notice follows the caller’s language', async () => {
    const res = await api('pendamping01').post(`${API}/families/${familyId}/referrals?lang=en`, { program: 'pbi_jkn', referredOn: '2026-07-10', notes: `KK ${DIGITS} dan NIK 3276-4101-9000-0003` });
    const body = expectOk(res, 201);
    expect(body.maskedIdentifiers).toBe(2);
    expect(body.maskedIdentifiersNotice).toBe('2 16-digit numbers that look like a NIK/No. KK were masked before saving; the text says [NIK/KK disamarkan] instead.');
    expect(body.items[0].notes).toBe(`KK ${MASKED_IDENTIFIER} dan NIK ${MASKED_IDENTIFIER}`);
  });

  it('notes without a NIK are stored byte for byte, and the answer has no notice', async () => {
    const notes = '  Ibu Siti (HP 0812-3456-7890) lahir 21-03-1987; tabungan Rp 2.500.000, KIS 0001234567890.\nLanjut bulan depan.';
    const res = await api('pendamping01').post(`${API}/families/${familyId}/activities`, { type: 'kunjungan_rumah', date: '2026-07-11', roles: ['animasi_sosial'], notes });
    const created = expectOk(res, 201);
    expect(created.notes).toBe(notes.trim());
    expect(created).not.toHaveProperty('maskedIdentifiers');
    expect(res.headers['x-titian-masked-identifiers']).toBeUndefined();
  });

  it('case-plan wording, a group’s name and meeting place, a proposal’s reason: masked; the proposed member’s NIK is not', async () => {
    const plan = expectOk(
      await api('pendamping01').post(`${API}/families/${familyId}/case-plan/goals`, { title: `Urus KK ${DIGITS}`, description: `Salah cetak NIK ${TYPED}`, tasks: [{ title: `Bawa fotokopi ${DIGITS}` }] }),
      201,
    );
    expect(plan.maskedIdentifiers).toBe(3);
    const goal = expectOk(await api('korcam.cimanggis').get(`${API}/families/${familyId}/case-plan`)).goals.find((g: { title: string }) => g.title.startsWith('Urus KK'));
    expect(goal).toMatchObject({ title: `Urus KK ${MASKED_IDENTIFIER}`, description: `Salah cetak NIK ${MASKED_IDENTIFIER}` });
    expect(goal.tasks[0].title).toBe(`Bawa fotokopi ${MASKED_IDENTIFIER}`);

    const family = expectOk(await api('pendamping01').get(`${API}/families/${familyId}`));
    const group = expectOk(await api('pendamping01').post(`${API}/groups`, { name: `Kelompok ${DIGITS}`, kelurahanCode: family.kelurahanCode, meetingPlace: `Rumah KPM NIK ${TYPED}` }), 201);
    expect(group).toMatchObject({ name: `Kelompok ${MASKED_IDENTIFIER}`, meetingPlace: `Rumah KPM NIK ${MASKED_IDENTIFIER}`, maskedIdentifiers: 2 });

    const nik = nikFor('2026-07-01', 'P');
    const proposal = expectOk(
      await api('pendamping01').post(`${API}/families/${familyId}/data-updates`, {
        kind: 'kelahiran',
        reason: `Lahir, NIK bayi ${nik}`,
        evidence: `Akta kelahiran, NIK ${nik}`,
        change: { members: { add: [{ ...member({ name: 'Bayi Uji', sex: 'P', birthDate: '2026-07-01', nik }), startDate: '2026-07-01' }] } },
      }),
      201,
    );
    expect(proposal.maskedIdentifiers).toBe(2);
    const seen = expectOk(await api('korcam.cimanggis').get(`${API}/families/${familyId}/data-updates`)).items.find((p: { id: string }) => p.id === proposal.id);
    expect(seen.reason).toBe(`Lahir, NIK bayi ${MASKED_IDENTIFIER}`);
    expect(seen.evidence).toBe(`Akta kelahiran, NIK ${MASKED_IDENTIFIER}`);
    // The identifier field itself is the registry's: kept whole (encrypted), for the koordinator to confirm.
    expect(JSON.stringify(seen.change)).toContain(nik);
    const confirmed = expectOk(await api('korcam.cimanggis').post(`${API}/data-updates/${proposal.id}/confirm`, {}));
    expect(confirmed.status).toBe('confirmed');
    const members = expectOk(await api('korcam.cimanggis').get(`${API}/families/${familyId}`)).members;
    expect(members.some((m: { nik: string }) => m.nik === nik)).toBe(true);
  });

  it('a phone’s sync push: the visit’s notes and a P2K2 narrative masked, each result says how many; a clean one says nothing', async () => {
    const device = uuidv7();
    const headers = { 'x-titian-device': device, 'x-titian-app-version': '0.9.0' };
    const withNik = { id: uuidv7(), entity: 'activity', op: 'create', recordId: uuidv7(), familyId, data: { type: 'kunjungan_rumah', date: '2026-07-14', roles: ['animasi_sosial'], notes: `Luring. NIK suami ${TYPED}.` } };
    const clean = { id: uuidv7(), entity: 'activity', op: 'create', recordId: uuidv7(), familyId, data: { type: 'kunjungan_rumah', date: '2026-07-13', roles: ['animasi_sosial'], notes: 'Luring, HP 081234567890.' } };
    const proposal = { id: uuidv7(), entity: 'data_update', op: 'create', recordId: uuidv7(), familyId, data: { kind: 'alamat', reason: `Pindah; KK baru ${DIGITS}`, change: { address: 'Jl. Baru No. 9' } } };
    const res = await api('pendamping01').post(`${API}/sync/push`, { mutations: [withNik, clean, proposal] }, headers);
    const results = expectOk(res).results as Array<{ id: string; status: string; maskedIdentifiers?: number }>;
    expect(results.map((r) => [r.status, r.maskedIdentifiers])).toEqual([
      ['applied', 1],
      ['applied', undefined],
      ['applied', 1],
    ]);
    const items = expectOk(await api('korcam.cimanggis').get(`${API}/families/${familyId}/activities?limit=100`)).items as Array<{ id: string; notes: string }>;
    expect(items.find((a) => a.id === withNik.recordId)!.notes).toBe(`Luring. NIK suami ${MASKED_IDENTIFIER}.`);
    expect(items.find((a) => a.id === clean.recordId)!.notes).toBe('Luring, HP 081234567890.');
    const proposals = expectOk(await api('korcam.cimanggis').get(`${API}/families/${familyId}/data-updates`)).items as Array<{ id: string; reason: string }>;
    expect(proposals.find((p) => p.id === proposal.recordId)!.reason).toBe(`Pindah; KK baru ${MASKED_IDENTIFIER}`);
    // The same mutation again: a duplicate, nothing new.
    const again = expectOk(await api('pendamping01').post(`${API}/sync/push`, { mutations: [withNik] }, headers)).results;
    expect(again[0]).toMatchObject({ status: 'duplicate', result: 'applied' });
    await auditHoldsNoDigits();
  });

  it('a refused write masks nothing into storage and answers its error without a notice', async () => {
    const res = await api('auditor').post(`${API}/families/${familyId}/activities`, { type: 'kunjungan_rumah', date: '2026-07-10', roles: ['animasi_sosial'], notes: `NIK ${DIGITS}` });
    expect(res.statusCode).toBe(403);
    expect(res.json()).not.toHaveProperty('maskedIdentifiers');
    expect(res.headers['x-titian-masked-identifiers']).toBeUndefined();
  });
});
