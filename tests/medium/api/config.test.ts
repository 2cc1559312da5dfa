/**
 * Configuration through the API: the rules that are data (benefit index, programme settings, compliance
 * thresholds, graduation triggers, sanction ladder) read with their origin, changed by an admin with a
 * reason, validated, audited, listed in the history, in force at once, and kept by a later `migrate`.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { prepareDatabase } from '../../../src/server/bootstrap';
import { as, createTestApp, loginAs, type Session, type TestApp } from '../../support/app';
import { ENGINES } from '../../support/engines';
import { API, expectError, expectOk, member } from './helpers';

describe.each(ENGINES)('configuration (%s)', (engine) => {
  let t: TestApp;
  const s: Record<string, Session> = {};
  let student: { familyId: string; memberId: string } | undefined;
  beforeAll(async () => {
    t = await createTestApp(engine, { seedFamilies: 40, now: () => new Date('2026-07-15T03:00:00Z') });
    for (const u of ['admin', 'pendamping01', 'korkot.depok', 'auditor', 'peneliti']) s[u] = await loginAs(t.app, u);
    const list = expectOk(await as(t.app, s.pendamping01!).get(`${API}/families?limit=100&status=aktif`)).items;
    for (const f of list) {
      const d = expectOk(await as(t.app, s.pendamping01!).get(`${API}/families/${f.id}`));
      const m = d.members.find((x: { schoolLevel: string; component: string }) => x.schoolLevel === 'sd' && x.component === 'sd');
      if (m) {
        student = { familyId: f.id, memberId: m.id };
        break;
      }
    }
  });
  afterAll(async () => t?.close());
  const api = (u: string) => as(t.app, s[u]!);
  const sdChild = member({ name: 'Anak SD', sex: 'L', birthDate: '2016-05-01', schoolLevel: 'sd' });
  const head = member({ name: 'Ayah', relation: 'kepala_keluarga', sex: 'L', birthDate: '1985-03-01', caretaker: true });
  const entitlement = async () => expectOk(await t.app.inject({ method: 'POST', url: `${API}/rules/entitlement`, payload: { year: 2026, members: [head, sdChild] } }));

  it('reads every rule with its origin; coordinators and auditors may read, others not', async () => {
    const c = expectOk(await api('admin').get(`${API}/config`));
    expect(c.benefitIndex.rows.find((r: any) => r.year === 2026 && r.component === 'sd')).toMatchObject({ annualRupiah: 900_000, origin: 'shipped' });
    expect(c.programSettings.rows.find((r: any) => r.key === 'lansiaMinAge')).toMatchObject({ fromYear: 2019, value: 70, origin: 'shipped' });
    expect(c.complianceRules.rows.find((r: any) => r.key === 'attendanceThresholdPct')).toMatchObject({ fromYear: 2019, value: 85, origin: 'shipped' });
    expect(c.complianceRules.current.attendanceThresholdPct).toBe(85);
    expect(c.graduationTriggers.values).toMatchObject({ decileMin: 5, yearsInPkhMin: 5, horizonMonths: 12, monitoring: { monthsAfterExit: [3, 6, 12] } });
    expect(c.graduationTriggers.deploymentKeys).toEqual([]);
    expect(c.sanctionLadder.steps.map((x: any) => x.code)).toEqual(['peringatan', 'pengurangan', 'penangguhan', 'pembatalan']);
    expectOk(await api('korkot.depok').get(`${API}/config`));
    expectOk(await api('auditor').get(`${API}/config/history`));
    expectError(await api('pendamping01').get(`${API}/config`), 403);
    expectError(await api('peneliti').get(`${API}/config/history`), 403);
  });

  it('changes are for admins only', async () => {
    const body = { fromYear: 2026, key: 'attendanceThresholdPct', value: 90, reason: 'Surat edaran Dinsos 2026' };
    for (const u of ['pendamping01', 'korkot.depok', 'auditor']) {
      expectError(await api(u).put(`${API}/config/compliance-rules`, body), 403);
      expectError(await api(u).put(`${API}/config/benefit-index`, { year: 2026, component: 'sd', value: 1_000_000, reason: 'Indeks baru 2026' }), 403);
    }
    expect((await t.app.inject({ method: 'PUT', url: `${API}/config/compliance-rules`, payload: body })).statusCode).toBe(401);
  });

  it('refuses invalid values with 422 and field messages, and changes nothing', async () => {
    const bad = [
      [`${API}/config/compliance-rules`, { fromYear: 2026, key: 'attendanceThresholdPct', value: 120, reason: 'Salah ketik' }, 'value'],
      [`${API}/config/compliance-rules`, { fromYear: 2026, key: 'attendanceThresholdPct', value: 90, reason: '' }, 'reason'],
      [`${API}/config/compliance-rules`, { fromYear: 1990, key: 'attendanceThresholdPct', value: 90, reason: 'Tahun lama sekali' }, 'fromYear'],
      [`${API}/config/compliance-rules`, { fromYear: 2026, key: 'shoeSize', value: 42, reason: 'Tidak ada aturan ini' }, 'key'],
      [`${API}/config/compliance-rules`, { fromYear: 2026, key: 'attendanceThresholdPct', value: 85, reason: 'Sama dengan sekarang' }, 'value'],
      [`${API}/config/benefit-index`, { year: 2026, component: 'sd', value: -5, reason: 'Nominal negatif' }, 'value'],
      [`${API}/config/benefit-index`, { year: 2026, component: 'sd', value: 900_000.5, reason: 'Nominal pecahan' }, 'value'],
      [`${API}/config/benefit-index`, { year: 2026, component: 'kuliah', value: 1_000_000, reason: 'Komponen baru' }, 'component'],
      [`${API}/config/benefit-index`, { year: 2300, component: 'sd', value: 1_000_000, reason: 'Tahun jauh' }, 'year'],
      [`${API}/config/program-settings`, { fromYear: 2026, key: 'lansiaMinAge', value: 7, reason: 'Usia lansia salah' }, 'value'],
      [`${API}/config/program-settings`, { fromYear: 2026, key: 'lansiaMinAge', value: 70, reason: 'Sama dengan sekarang' }, 'value'],
      [`${API}/config/program-settings`, { fromYear: 2026, key: 'familyBenefitTahap', value: 6, reason: 'Tahap melebihi jumlah' }, 'value'],
      [`${API}/config/graduation-triggers`, { key: 'decileMin', value: 11, reason: 'Desil di luar rentang' }, 'value'],
      [`${API}/config/graduation-triggers`, { key: 'warna', value: 1, reason: 'Kunci tidak dikenal' }, 'key'],
      // The PENA indicator must be one the regional economics data has (else the trigger never fires).
      [`${API}/config/graduation-triggers`, { key: 'pena.indicator', value: 'xyz', reason: 'Indikator salah ketik' }, 'value'],
      [`${API}/config/graduation-triggers`, { key: 'pena.indicator', value: 5, reason: 'Indikator berupa angka' }, 'value'],
      [`${API}/config/graduation-triggers`, { key: 'pena.indicator', value: 'UMK', reason: 'Huruf besar' }, 'value'],
      [`${API}/config/benefit-index`, { year: 2026, component: 'sd', value: 150_000_000, reason: 'Nominal terlalu besar' }, 'value'],
      [`${API}/config/sanction-ladder`, { key: 'steps.penangguhan.thresholds.total', value: 0, reason: 'Ambang nol' }, 'value'],
      [`${API}/config/sanction-ladder`, { key: 'steps.hukuman.enabled', value: true, reason: 'Langkah tidak dikenal' }, 'key'],
      // Paths into an object's prototype are refused before anything is written.
      [`${API}/config/sanction-ladder`, { key: '__proto__.public', value: true, reason: 'Polusi prototipe' }, 'key'],
      [`${API}/config/graduation-triggers`, { key: 'constructor.prototype.readOnly', value: true, reason: 'Polusi prototipe' }, 'key'],
    ] as const;
    for (const [url, body, field] of bad) {
      const e = expectError(await api('admin').put(url, body), 422, 'config_invalid');
      expect(Object.keys(e.fields ?? {}), `${url} ${JSON.stringify(body)}`).toContain(field);
    }
    expect(({} as Record<string, unknown>).public).toBeUndefined();
    expect(({} as Record<string, unknown>).readOnly).toBeUndefined();
    // A shape the schema refuses is 400, never a 5xx.
    expectError(await api('admin').put(`${API}/config/benefit-index`, { year: '2026', component: 'sd', value: 1, reason: 'x' }), 400);
    expect(expectOk(await api('admin').get(`${API}/config/history`)).total).toBe(0);
  });

  it('says each refusal\u2019s rule in the caller\u2019s language: the rupiah limit written as rupiah, the indicators the data has', async () => {
    const big = expectError(await api('admin').put(`${API}/config/benefit-index`, { year: 2026, component: 'sd', value: -5, reason: 'Nominal negatif' }), 422, 'config_invalid');
    expect(big.fields!.value).toMatch(/^Nominal harus bilangan bulat rupiah lebih dari 0 dan paling banyak Rp\s100\.000\.000\.$/);
    const bigEn = expectError(await api('admin').put(`${API}/config/benefit-index?lang=en`, { year: 2026, component: 'sd', value: 100_000_001, reason: 'Too large' }), 422);
    expect(bigEn.fields!.value).toMatch(/^The amount must be a whole number of rupiah above 0 and at most Rp\s100,000,000\.$/);
    const pena = expectError(await api('admin').put(`${API}/config/graduation-triggers`, { key: 'pena.indicator', value: 'xyz', reason: 'Indikator salah ketik' }), 422);
    expect(pena.fields!.value).toBe('Indikator "xyz" tidak ada di data ekonomi daerah; pemicu PENA tidak akan pernah menyala. Pilih salah satu: garis_kemiskinan, umk.');
    const penaEn = expectError(await api('admin').put(`${API}/config/graduation-triggers?lang=en`, { key: 'pena.indicator', value: 'xyz', reason: 'A typo' }), 422);
    expect(penaEn.fields!.value).toContain('Use one of: garis_kemiskinan, umk.');
    // The indicators are read from the data, and listed for the forms.
    expect(expectOk(await api('admin').get(`${API}/config`)).indicators).toEqual(['garis_kemiskinan', 'umk']);
    expect(expectOk(await api('admin').get(`${API}/config/history`)).total).toBe(0);
  });

  it('a higher education threshold changes the compliance result', async () => {
    expect(student).toBeDefined();
    const url = `${API}/families/${student!.familyId}/compliance`;
    expectOk(await api('pendamping01').post(`${url}/observations`, { memberId: student!.memberId, kind: 'pendidikan', month: '2026-07', observation: { attendancePct: 88 } }), 201);
    const month = async () => {
      const r = expectOk(await api('pendamping01').get(`${url}?period=2026-Q3`));
      return r.items.find((i: { memberId: string; kind: string }) => i.memberId === student!.memberId && i.kind === 'pendidikan').months[0];
    };
    expect(await month()).toMatchObject({ month: '2026-07', attendancePct: 88, compliant: true });
    const changed = expectOk(await api('admin').put(`${API}/config/compliance-rules`, { fromYear: 2026, key: 'attendanceThresholdPct', value: 90, reason: 'Surat edaran Dinsos 2026' }));
    expect(changed).toMatchObject({ rule: 'compliance-rules', item: '2026:attendanceThresholdPct', before: 85, value: 90, origin: 'deployment' });
    expect(await month()).toMatchObject({ attendancePct: 88, compliant: false });
    // Earlier years keep the shipped 85%.
    const c = expectOk(await api('admin').get(`${API}/config`));
    expect(c.complianceRules.rows.filter((r: any) => r.key === 'attendanceThresholdPct').map((r: any) => [r.fromYear, r.value, r.origin])).toEqual([
      [2019, 85, 'shipped'],
      [2026, 90, 'deployment'],
    ]);
    expect(c.complianceRules.current.attendanceThresholdPct).toBe(90);
    // The reference answer carries the rule in force too.
    const ref = expectOk(await t.app.inject({ method: 'GET', url: `${API}/reference/compliance-rules` }));
    expect(ref.settings.at(-1)).toMatchObject({ fromYear: 2026, key: 'attendanceThresholdPct', value: 90, origin: 'deployment' });
    expect(expectOk(await t.app.inject({ method: 'GET', url: `${API}/reference` })).items).not.toContain('compliance-rules@deployment');
  });

  it('a new benefit amount changes the entitlement answer at once (no stale cache)', async () => {
    expect((await entitlement()).annualTotal).toBe(900_000);
    const changed = expectOk(await api('admin').put(`${API}/config/benefit-index`, { year: 2026, component: 'sd', value: 1_000_000, reason: 'Indeks bantuan 2026 dari Kemensos' }));
    expect(changed).toMatchObject({ before: 900_000, value: 1_000_000, origin: 'deployment' });
    const after = await entitlement();
    expect(after.annualTotal).toBe(1_000_000);
    expect(after.perTahap).toEqual([250_000, 250_000, 250_000, 250_000]);
    const c = expectOk(await api('admin').get(`${API}/config`));
    expect(c.benefitIndex.rows.find((r: any) => r.year === 2026 && r.component === 'sd')).toMatchObject({ annualRupiah: 1_000_000, origin: 'deployment' });
  });

  it('changes programme settings, graduation triggers and the sanction ladder', async () => {
    expectOk(await api('admin').put(`${API}/config/program-settings`, { fromYear: 2026, key: 'lansiaMinAge', value: 60, reason: 'Kembali ke Permensos 1/2018' }));
    expectOk(await api('admin').put(`${API}/config/graduation-triggers`, { key: 'decileMin', value: 6, reason: 'Rapat koordinasi Juli 2026' }));
    expectOk(await api('admin').put(`${API}/config/graduation-triggers`, { key: 'monitoring.monthsAfterExit', value: [3, 12], reason: 'Pemantauan dua kali saja' }));
    expectOk(await api('admin').put(`${API}/config/sanction-ladder`, { key: 'steps.penangguhan.thresholds.total', value: 4, reason: 'Ambang total dinaikkan' }));
    const c = expectOk(await api('admin').get(`${API}/config`));
    expect(c.programSettings.current.lansiaMinAge).toBe(60);
    expect(c.programSettings.rows.filter((r: any) => r.key === 'lansiaMinAge').map((r: any) => [r.fromYear, r.value, r.origin])).toEqual([
      [2019, 70, 'shipped'],
      [2026, 60, 'deployment'],
    ]);
    expect(c.graduationTriggers.values).toMatchObject({ decileMin: 6, yearsInPkhMin: 5, monitoring: { monthsAfterExit: [3, 12] } });
    expect(c.graduationTriggers.deploymentKeys.sort()).toEqual(['decileMin', 'monitoring.monthsAfterExit']);
    expect(c.sanctionLadder.steps.find((x: any) => x.code === 'penangguhan').thresholds).toEqual({ consecutive: 2, total: 4 });
    expect(c.sanctionLadder.deploymentKeys).toEqual(['steps.penangguhan.thresholds.total']);
    // A 60-year-old is lansia from 2026 on.
    const elder = member({ name: 'Nenek', relation: 'orang_tua', sex: 'P', birthDate: '1963-01-01' });
    const e = expectOk(await t.app.inject({ method: 'POST', url: `${API}/rules/entitlement`, payload: { year: 2026, members: [head, elder] } }));
    expect(e.components.find((x: any) => x.memberIndex === 1).component).toBe('lansia');
  });

  it('lists the changes newest first with who, before, after and why, audited in the chain', async () => {
    const h = expectOk(await api('korkot.depok').get(`${API}/config/history?limit=10`));
    expect(h.total).toBe(6);
    expect(h.items[0]).toMatchObject({ actor: 'admin', actorRole: 'admin', rule: 'sanction-ladder', item: 'steps.penangguhan.thresholds.total', before: 3, after: 4, reason: 'Ambang total dinaikkan' });
    const bi = h.items.find((i: any) => i.rule === 'benefit-index');
    expect(bi).toMatchObject({ item: '2026:sd', before: 900_000, after: 1_000_000, reason: 'Indeks bantuan 2026 dari Kemensos' });
    const only = expectOk(await api('admin').get(`${API}/config/history?rule=compliance-rules`));
    expect(only.items.map((i: any) => [i.item, i.before, i.after])).toEqual([['2026:attendanceThresholdPct', 85, 90]]);
    expectError(await api('admin').get(`${API}/config/history?rule=warna`), 400);
    expect(expectOk(await api('admin').get(`${API}/audit/verify`)).ok).toBe(true);
  });

  it('accepts a PENA indicator the economics data has, and the trigger follows it', async () => {
    const changed = expectOk(await api('admin').put(`${API}/config/graduation-triggers`, { key: 'pena.indicator', value: 'garis_kemiskinan', reason: 'Uji coba garis kemiskinan' }));
    expect(changed).toMatchObject({ item: 'pena.indicator', before: 'umk', value: 'garis_kemiskinan' });
    expect(expectOk(await api('admin').get(`${API}/config`)).graduationTriggers.values.pena.indicator).toBe('garis_kemiskinan');
    expectOk(await api('admin').put(`${API}/config/graduation-triggers`, { key: 'pena.indicator', value: 'umk', reason: 'Kembali ke UMK' }));
    expect(expectOk(await api('admin').get(`${API}/config/history?limit=1`)).items[0]).toMatchObject({ item: 'pena.indicator', before: 'garis_kemiskinan', after: 'umk' });
  });

  it('counts families and pendamping per region, within the caller scope', async () => {
    const kel = expectOk(await api('korkot.depok').get(`${API}/regions/stats?parent=32.76.02`)).items;
    expect(kel.length).toBeGreaterThan(3);
    expect(kel[0]).toMatchObject({ level: 'kelurahan' });
    const total = expectOk(await api('korkot.depok').get(`${API}/families?region=32.76.02&limit=1`)).total;
    expect(kel.reduce((n: number, r: any) => n + r.families, 0)).toBe(total);
    expect(Math.max(...kel.map((r: any) => r.pendamping))).toBeGreaterThan(0);
    const own = expectOk(await api('pendamping01').get(`${API}/regions/stats?parent=32.76.02`)).items;
    const ownTotal = expectOk(await api('pendamping01').get(`${API}/families?limit=1`)).total;
    expect(own.reduce((n: number, r: any) => n + r.families, 0)).toBe(ownTotal);
    expect(Math.max(...own.map((r: any) => r.pendamping))).toBe(1);
    const kec = expectOk(await api('admin').get(`${API}/regions/stats?parent=32.76`)).items;
    expect(kec.find((r: any) => r.code === '32.76.02').families).toBeGreaterThanOrEqual(total);
    expectError(await api('admin').get(`${API}/regions/stats?parent=32.99`), 404);
  });

  it('the deployment values survive a second migrate (shipped rows refreshed, deployment ones kept)', async () => {
    await prepareDatabase(t.ctx.database);
    t.ctx.invalidateBenefitRules();
    const c = expectOk(await api('admin').get(`${API}/config`));
    expect(c.benefitIndex.rows.find((r: any) => r.year === 2026 && r.component === 'sd')).toMatchObject({ annualRupiah: 1_000_000, origin: 'deployment' });
    expect(c.benefitIndex.rows.find((r: any) => r.year === 2026 && r.component === 'smp')).toMatchObject({ annualRupiah: 1_500_000, origin: 'shipped' });
    expect(c.complianceRules.current.attendanceThresholdPct).toBe(90);
    expect(c.programSettings.current.lansiaMinAge).toBe(60);
    expect(c.graduationTriggers.values.decileMin).toBe(6);
    expect(c.sanctionLadder.steps.find((x: any) => x.code === 'penangguhan').thresholds.total).toBe(4);
    expect((await entitlement()).annualTotal).toBe(1_000_000);
  });
});

describe.each(ENGINES)('configuration, the current year (%s)', (engine) => {
  let t: TestApp;
  let admin: Session;
  // 31 December 2026, 18:00 UTC: already 1 January 2027, 01:00, in Jakarta.
  beforeAll(async () => {
    t = await createTestApp(engine, { seedFamilies: 5, now: () => new Date('2026-12-31T18:00:00Z') });
    admin = await loginAs(t.app, 'admin');
  });
  afterAll(async () => t?.close());

  it('is the year in Jakarta, not in UTC (1 January before 07:00 WIB)', async () => {
    const c = expectOk(await as(t.app, admin).get(`${API}/config`));
    expect(c.year).toBe(2027);
  });
});
