/** The monthly report: generated from the recorded work, as PDF and XLSX, own or named by a coordinator. */
import ExcelJS from 'exceljs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { as, createTestApp, loginAs, type Session, type TestApp } from '../../support/app';
import { ENGINES } from '../../support/engines';
import { API, expectError, expectOk, newFamilyBody } from './helpers';

/** One sheet of a monthly report's XLSX, as rows of cell values (the report asked as `cookie`'s user). */
async function sheetRows(t: TestApp, cookie: string, month: string, sheet: string): Promise<unknown[][]> {
  const res = await t.app.inject({ method: 'GET', url: `${API}/reports/monthly?month=${month}&format=xlsx`, headers: { cookie } });
  expect(res.statusCode).toBe(200);
  const wb = new ExcelJS.Workbook();
  await wb.xlsx.load(res.rawPayload as never);
  const rows: unknown[][] = [];
  wb.getWorksheet(sheet)!.eachRow((row) => rows.push((row.values as unknown[]).slice(1)));
  return rows;
}

describe.each(ENGINES)('monthly report (%s)', (engine) => {
  let t: TestApp;
  const s: Record<string, Session> = {};
  beforeAll(async () => {
    t = await createTestApp(engine, { seedFamilies: 40, now: () => new Date('2026-07-20T03:00:00Z') });
    for (const u of ['pendamping01', 'pendamping02', 'korcam.cimanggis', 'peneliti']) s[u] = await loginAs(t.app, u);
    const fams = expectOk(await as(t.app, s.pendamping01!).get(`${API}/families?limit=3`)).items;
    for (const f of fams) {
      expectOk(
        await as(t.app, s.pendamping01!).post(`${API}/families/${f.id}/activities`, {
          type: 'kunjungan_rumah',
          date: '2026-07-10',
          roles: ['animasi_sosial', 'konfrontasi'],
          factors: ['kesadaran_kpm'],
          notes: 'Kunjungan rutin',
        }),
        201,
      );
    }
  });
  afterAll(async () => t?.close());
  const get = (u: string, q: string) => t.app.inject({ method: 'GET', url: `${API}/reports/monthly?${q}`, headers: { cookie: s[u]!.cookie } });

  it('a pendamping downloads their own report as a PDF that opens', async () => {
    const res = await get('pendamping01', 'month=2026-07&format=pdf');
    expect(res.statusCode, res.body.slice(0, 300)).toBe(200);
    expect(res.headers['content-type']).toBe('application/pdf');
    expect(res.headers['content-disposition']).toContain('laporan-bulanan-pendamping01-2026-07.pdf');
    expect(res.rawPayload.subarray(0, 5).toString()).toBe('%PDF-');
    expect(res.rawPayload.subarray(-8).toString()).toContain('%%EOF');
  });

  it('the XLSX holds the month’s activities by type and by Ife role group', async () => {
    const res = await get('pendamping01', 'month=2026-07&format=xlsx');
    expect(res.statusCode).toBe(200);
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(res.rawPayload as never);
    const names = wb.worksheets.map((w) => w.name);
    expect(names).toEqual(expect.arrayContaining(['Ringkasan', 'Kegiatan']));
    const values: unknown[] = [];
    wb.getWorksheet('Kegiatan')!.eachRow((row) => values.push(...(row.values as unknown[])));
    expect(values).toContain('Kunjungan rumah');
    expect(values).toContain(3);
    // The daily log names each activity's Ife roles, not their codes.
    const log: unknown[] = [];
    wb.getWorksheet('Rincian Kegiatan')!.eachRow((row) => log.push(...(row.values as unknown[])));
    expect(log).toContain('Animasi sosial, Konfrontasi');
    expect(log.some((v) => typeof v === 'string' && v.includes('animasi_sosial'))).toBe(false);
  });

  it('a P2K2 session counts once in the recap, whatever the families present; the daily log has a line per family', async () => {
    const typeRows = async () => {
      const rows = await sheetRows(t, s.pendamping01!.cookie, '2026-07', 'Kegiatan');
      const count = (label: string) => (rows.find((r) => r[0] === label)?.[1] as number | undefined) ?? 0;
      return { p2k2: count('Sesi P2K2'), visits: count('Kunjungan rumah') };
    };
    const logLines = async () => (await sheetRows(t, s.pendamping01!.cookie, '2026-07', 'Rincian Kegiatan')).filter((r) => r.includes('Sesi P2K2')).length;
    const before = await typeRows();
    const linesBefore = await logLines();
    const all = expectOk(await as(t.app, s.pendamping01!).get(`${API}/families?limit=100&status=aktif`)).items as Array<{ id: string; kelurahanCode: string }>;
    const byKel = new Map<string, string[]>();
    for (const x of all) byKel.set(x.kelurahanCode, [...(byKel.get(x.kelurahanCode) ?? []), x.id]);
    const [kel, ids] = [...byKel].sort((a, b) => b[1].length - a[1].length)[0]!;
    const members = ids.slice(0, 3);
    expect(members.length).toBe(3);
    const groupId = expectOk(await as(t.app, s.pendamping01!).post(`${API}/groups`, { name: 'Kelompok Rekap', kelurahanCode: kel, familyIds: members, startDate: '2026-01-05' }), 201).id;
    expectOk(
      await as(t.app, s.pendamping01!).post(`${API}/groups/${groupId}/sessions`, {
        module: 'keuangan_usaha',
        session: 1,
        date: '2026-07-12',
        roles: ['animasi_sosial'],
        attendance: members.map((familyId) => ({ familyId, status: 'hadir' })),
      }),
      201,
    );
    const after = await typeRows();
    expect(after.p2k2).toBe(before.p2k2 + 1);
    expect(after.visits).toBe(before.visits);
    expect(await logLines()).toBe(linesBefore + 3);
  });

  it('coordinators name a pendamping in scope; a pendamping naming another is refused', async () => {
    expect((await get('korcam.cimanggis', 'month=2026-07&format=pdf&pendamping=pendamping01')).statusCode).toBe(200);
    expectError(await get('korcam.cimanggis', 'month=2026-07&format=pdf'), 422);
    expect([403, 404]).toContain((await get('pendamping02', 'month=2026-07&format=pdf&pendamping=pendamping01')).statusCode);
    expectError(await get('korcam.cimanggis', 'month=2026-07&format=pdf&pendamping=nobody.here'), 404);
    expectError(await get('pendamping01', 'month=2026-13&format=pdf'), 400);
    expect(expectError(await get('pendamping01', 'month=0000-01&format=pdf'), 400).fields?.month).toMatch(/2007/);
    expectError(await get('peneliti', 'month=2026-07&format=pdf&pendamping=pendamping01'), 403);
  });
});

describe.each(ENGINES)('monthly report, RHK 4 graduasi (%s)', (engine) => {
  let t: TestApp;
  const s: Record<string, Session> = {};
  beforeAll(async () => {
    t = await createTestApp(engine, { seedFamilies: 40, now: () => new Date('2026-07-20T03:00:00Z') });
    for (const u of ['pendamping01', 'korcam.cimanggis']) s[u] = await loginAs(t.app, u);
  });
  afterAll(async () => t?.close());
  const api = (u: string) => as(t.app, s[u]!);

  /** The RHK 4 sheet's counts and family rows, as the XLSX gives them. */
  async function rhk4(month: string) {
    const rows = await sheetRows(t, s.pendamping01!.cookie, month, 'RHK4 Graduasi');
    const count = (label: RegExp) => rows.find((r) => typeof r[0] === 'string' && label.test(r[0]))?.[1];
    return { proposed: count(/^Usulan graduasi/), graduated: count(/^KPM graduasi/), candidates: count(/^(Calon|Kandidat)/), rows };
  }

  it('counts the month’s proposals and exits of the pendamping’s families, and names them', async () => {
    const families = expectOk(await api('pendamping01').get(`${API}/families?limit=100&status=aktif`)).items as Array<{ id: string; headName: string }>;
    let family: { id: string; headName: string } | undefined;
    for (const f of families) {
      if (expectOk(await api('pendamping01').get(`${API}/families/${f.id}/graduation`)).state === null) {
        family = f;
        break;
      }
    }
    expect(family, 'a family with no graduation case').toBeDefined();
    const before = await rhk4('2026-07');
    const url = `${API}/families/${family!.id}/graduation/transitions`;
    expectOk(await api('pendamping01').post(url, { to: 'candidate', type: 'sejahtera_mandiri' }));
    const assessment = expectOk(await api('pendamping01').post(`${API}/families/${family!.id}/assessments`, { criteriaSet: 'pkh-default', answers: {}, date: '2026-07-10' }), 201);
    expectOk(await api('pendamping01').post(url, { to: 'assessed', evidence: { assessmentId: assessment.id } }));
    // The assessment (nothing answered) found the family not ready: the statement goes as an exception, with its reason.
    expectOk(await api('pendamping01').post(url, { to: 'statement_signed', evidence: { statementSignedAt: '2026-07-14', readinessOverride: { reason: 'Keluarga menyatakan siap keluar' } } }));
    expectOk(await api('pendamping01').post(url, { to: 'proposed' }));
    expect((await rhk4('2026-07')).proposed).toBe(Number(before.proposed ?? 0) + 1);
    expectOk(await api('korcam.cimanggis').post(url, { to: 'approved', note: 'Layak' }));
    expectOk(await api('korcam.cimanggis').post(url, { to: 'exited', evidence: { effectiveDate: '2026-07-20' } }));

    const after = await rhk4('2026-07');
    expect(after.proposed).toBe(Number(before.proposed ?? 0) + 1);
    expect(after.graduated).toBe(Number(before.graduated ?? 0) + 1);
    // Listed once, at the furthest stage it reached this month.
    const listed = after.rows.filter((r) => r.includes(family!.headName));
    expect(listed).toHaveLength(1);
    expect(listed[0]).toEqual(expect.arrayContaining(['Graduasi sejahtera mandiri', 'Graduasi']));
    // Another month does not count them.
    const june = await rhk4('2026-06');
    expect(june.rows.some((r) => r.includes(family!.headName))).toBe(false);
  });
});

describe.each(ENGINES)('monthly report, RHK 3 verifikasi (%s)', (engine) => {
  let t: TestApp;
  const s: Record<string, Session> = {};
  beforeAll(async () => {
    t = await createTestApp(engine, { seedFamilies: 40, now: () => new Date('2026-07-20T03:00:00Z') });
    for (const u of ['pendamping01', 'admin']) s[u] = await loginAs(t.app, u);
  });
  afterAll(async () => t?.close());
  const api = (u: string) => as(t.app, s[u]!);
  const KINDS = ['pendidikan', 'kesehatan', 'kesos'] as const;

  /** The RHK 3 sheet's rows (verified, compliant, not compliant), in the kinds' order. */
  async function rhk3(month: string) {
    const rows = await sheetRows(t, s.pendamping01!.cookie, month, 'RHK3 Verifikasi Komitmen');
    const counts = rows.filter((r) => typeof r[0] === 'string' && typeof r[1] === 'number').map((r) => [r[1], r[2], r[3]] as number[]);
    // Three kinds and the total; an empty table has only the total.
    return counts.length === 4 ? counts.slice(0, 3) : KINDS.map(() => [0, 0, 0]);
  }

  /** What the compliance screens say of the month, summed over the pendamping's families. */
  async function fromComplianceApi(month: string) {
    const families = expectOk(await api('pendamping01').get(`${API}/families?limit=500`)).items as Array<{ id: string }>;
    const tally = new Map(KINDS.map((k) => [k, [0, 0, 0]]));
    for (const f of families) {
      const r = expectOk(await api('pendamping01').get(`${API}/families/${f.id}/compliance?period=2026-Q3`));
      for (const item of r.items as Array<{ kind: (typeof KINDS)[number]; months: Array<{ month: string; compliant: boolean | null }> }>) {
        const m = item.months.find((x) => x.month === month);
        if (!m || m.compliant === null) continue;
        const t = tally.get(item.kind)!;
        t[0]!++;
        t[m.compliant ? 1 : 2]!++;
      }
    }
    return { families, counts: KINDS.map((k) => tally.get(k)) };
  }

  it('counts every kind as the compliance rules judge the month, with the configured threshold', async () => {
    const { families } = await fromComplianceApi('2026-07');
    // Observations of July for the first pupil, a posyandu child or mother, and a kesos member found.
    let pupil: { familyId: string; memberId: string } | undefined;
    const seen = new Set<string>();
    for (const f of families) {
      const r = expectOk(await api('pendamping01').get(`${API}/families/${f.id}/compliance?period=2026-Q3`));
      for (const item of r.items as Array<{ memberId: string; kind: string }>) {
        if (seen.has(item.kind)) continue;
        seen.add(item.kind);
        const body =
          item.kind === 'pendidikan'
            ? { memberId: item.memberId, kind: 'pendidikan', month: '2026-07', observation: { attendancePct: 82 } }
            : item.kind === 'kesos'
              ? { memberId: item.memberId, kind: 'kesos', month: '2026-07', observation: { serviceContacts: 0 } }
              : null;
        if (item.kind === 'pendidikan') pupil = { familyId: f.id, memberId: item.memberId };
        if (body) expectOk(await api('pendamping01').post(`${API}/families/${f.id}/compliance/observations`, body), 201);
      }
    }
    expect(pupil, 'a pupil among the caseload').toBeDefined();
    const expected = await fromComplianceApi('2026-07');
    const report = await rhk3('2026-07');
    expect(report).toEqual(expected.counts);
    // The pupil at 82 % is not compliant under the shipped 85 %; at a configured 80 % they are.
    expect(report[0]![0]).toBeGreaterThan(0);
    const before = report[0]!;
    expectOk(await api('admin').put(`${API}/config/compliance-rules`, { fromYear: 2026, key: 'attendanceThresholdPct', value: 80, reason: 'Uji laporan' }));
    const after = await rhk3('2026-07');
    expect(after).toEqual((await fromComplianceApi('2026-07')).counts);
    expect(after[0]![1]).toBeGreaterThan(before[1]!);
    expect(after[0]![0]).toBe(before[0]);
  });
});

describe.each(ENGINES)('monthly report, RHK 6 respon kasus (%s)', (engine) => {
  let t: TestApp;
  let s: Session;
  beforeAll(async () => {
    t = await createTestApp(engine, { seedFamilies: 40, now: () => new Date('2026-07-20T03:00:00Z') });
    s = await loginAs(t.app, 'pendamping01');
  });
  afterAll(async () => t?.close());

  it('names each case by its type and follows it up: referred, closed with an outcome, or in progress', async () => {
    const api = as(t.app, s);
    const families = (expectOk(await api.get(`${API}/families?limit=3`)).items as Array<{ id: string; headName: string }>).slice(0, 3);
    expect(families).toHaveLength(3);
    for (const [i, f] of families.entries()) {
      expectOk(await api.post(`${API}/families/${f.id}/activities`, { type: 'respon_kasus', date: '2026-07-0' + (i + 2), roles: ['animasi_sosial'], notes: `Kasus ${i}` }), 201);
    }
    // The first is referred (open), the second referred and done by the month's end, the third not referred.
    expectOk(await api.post(`${API}/families/${families[0]!.id}/referrals`, { program: 'pbi_jkn', referredOn: '2026-07-06' }), 201);
    const list = expectOk(await api.post(`${API}/families/${families[1]!.id}/referrals`, { program: 'pbi_jkn', referredOn: '2026-07-07' }), 201);
    const referral = (list.items as Array<{ id: string; referredOn: string }>).find((r) => r.referredOn === '2026-07-07')!;
    expectOk(await api.patch(`${API}/families/${families[1]!.id}/referrals/${referral.id}`, { status: 'selesai', outcome: 'KIS terbit', outcomeOn: '2026-07-15' }));

    const rows = await sheetRows(t, s.cookie, '2026-07', 'RHK6 Respon Kasus');
    const row = (name: string) => rows.find((r) => r.includes(name) && r.some((c) => typeof c === 'string' && c.startsWith('Kasus ')))!;
    const [a, b, c] = families.map((f) => row(f.headName));
    for (const r of [a, b, c]) expect(r).toContain('Respon kasus');
    expect(rows.flat()).not.toContain('respon_kasus');
    expect(a).toEqual(expect.arrayContaining(['Dirujuk', expect.stringMatching(/^Dirujuk ke /)]));
    expect(b).toContain('Selesai');
    expect(c).toContain('Diproses');
    expect(rows.find((r) => r[0] === 'Selesai')?.[1]).toBe(1);

    // A referral made in the month with no case response before it is a case handled in its own right.
    const others = (expectOk(await api.get(`${API}/families?limit=6`)).items as Array<{ id: string; headName: string }>).filter((f) => !families.some((x) => x.id === f.id));
    const alone = others[0]!;
    expectOk(await api.post(`${API}/families/${alone.id}/referrals`, { program: 'pbi_jkn', referredOn: '2026-07-09', notes: 'Belum punya KIS; dirujuk ke puskesmas' }), 201);
    const after = await sheetRows(t, s.cookie, '2026-07', 'RHK6 Respon Kasus');
    const own = after.find((r) => r.includes(alone.headName))!;
    expect(own).toEqual(expect.arrayContaining(['Rujukan', 'Dirujuk', expect.stringMatching(/^Dirujuk ke /)]));
    // Its notes are its description (Uraian).
    expect(own).toContain('Belum punya KIS; dirujuk ke puskesmas');
    // The earlier referrals follow their case responses, as before: no row of their own.
    expect(after.filter((r) => r.includes('Rujukan'))).toHaveLength(1);
    // A referral a koordinator made for a family of the caseload is the koordinator's work, not this report's.
    const korcam = as(t.app, await loginAs(t.app, 'korcam.cimanggis'));
    const theirs = others[1]!;
    expectOk(await korcam.post(`${API}/families/${theirs.id}/referrals`, { program: 'pbi_jkn', referredOn: '2026-07-10' }), 201);
    const last = await sheetRows(t, s.cookie, '2026-07', 'RHK6 Respon Kasus');
    expect(last.some((r) => r.includes(theirs.headName))).toBe(false);
    expect(last.filter((r) => r.includes('Rujukan'))).toHaveLength(1);
  });
});

describe.each(ENGINES)('monthly report, the caseload of the month (%s)', (engine) => {
  let t: TestApp;
  const s: Record<string, Session> = {};
  beforeAll(async () => {
    t = await createTestApp(engine, { seedFamilies: 40, now: () => new Date('2026-07-20T03:00:00Z') });
    for (const u of ['pendamping01', 'pendamping02', 'korcam.cimanggis']) s[u] = await loginAs(t.app, u);
  });
  afterAll(async () => t?.close());

  async function families(u: string, month: string) {
    const rows = await sheetRows(t, s[u]!.cookie, month, 'Ringkasan');
    return rows.find((r) => r[0] === 'Jumlah KPM (keluarga)')?.[1] as number;
  }

  it('counts the families assigned to the pendamping in that month: a family moved today stays in last month’s report', async () => {
    const mine = expectOk(await as(t.app, s.pendamping01!).get(`${API}/families?limit=500`));
    const [juneBefore, julyBefore, other] = [await families('pendamping01', '2026-06'), await families('pendamping01', '2026-07'), await families('pendamping02', '2026-07')];
    expect(julyBefore).toBe(mine.total);
    expectOk(await as(t.app, s['korcam.cimanggis']!).put(`${API}/families/${mine.items[0].id}/assignment`, { pendamping: 'pendamping02' }));
    expect(await families('pendamping01', '2026-07')).toBe(julyBefore - 1);
    expect(await families('pendamping02', '2026-07')).toBe(other + 1);
    // June ended before the move: the family was pendamping01's then.
    expect(await families('pendamping01', '2026-06')).toBe(juneBefore);
    expect(await families('pendamping02', '2026-06')).toBe(other);
  });

  it('a family registered today counts back to an earlier year it joined PKH; one joining this year only from today', async () => {
    const kelurahanCode = (expectOk(await as(t.app, s.pendamping01!).get(`${API}/families?limit=1`)).items[0] as { kelurahanCode: string }).kelurahanCode;
    const [june, july] = [await families('pendamping01', '2026-06'), await families('pendamping01', '2026-07')];
    expectOk(await as(t.app, s.pendamping01!).post(`${API}/families`, { ...newFamilyBody({ kelurahanCode }), joinedYear: 2024 }), 201);
    expect(await families('pendamping01', '2026-06')).toBe(june + 1);
    // No year given: it joins this year (2026), registered today.
    const { joinedYear: _, ...thisYear } = newFamilyBody({ kelurahanCode });
    expectOk(await as(t.app, s.pendamping01!).post(`${API}/families`, thisYear), 201);
    expect(await families('pendamping01', '2026-06')).toBe(june + 1);
    expect(await families('pendamping01', '2026-07')).toBe(july + 2);
  });
});
