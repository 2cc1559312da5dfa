/** The caseload filters of GET /families: group, component, readiness, compliance, graduation; combinable, within scope. */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { eligibleComponents } from '../../../src/domain/components';
import { COMPONENT_CODES, type Member } from '../../../src/domain/types';
import { bornOnOrBefore } from '../../../src/server/db/repositories/families.repository';
import { as, createTestApp, loginAs, type Session, type TestApp } from '../../support/app';
import { ENGINES } from '../../support/engines';
import { API, expectError, expectOk } from './helpers';

const TODAY = '2026-07-15';

interface Detail {
  id: string;
  status: string;
  members: Array<Member & { id: string; schoolLevel: string }>;
}

describe('bornOnOrBefore', () => {
  it('is the date someone turns the age on, as ageOn counts it', () => {
    expect(bornOnOrBefore('2026-07-15', 7)).toBe('2019-07-15');
    // A 29 February birthday is reached on 1 March in common years: 2019-02-29 is not a date, but compares right.
    expect(bornOnOrBefore('2026-02-28', 7) < '2019-02-29').toBe(true);
    expect(bornOnOrBefore('2026-03-01', 6) > '2020-02-29').toBe(true);
  });
});

describe.each(ENGINES)('GET /families caseload filters (%s)', (engine) => {
  let t: TestApp;
  const s: Record<string, Session> = {};
  let details: Detail[] = [];
  let groupId = '';
  let grouped: string[] = [];
  let candidate = '';
  const assessed = new Map<string, boolean>();
  beforeAll(async () => {
    t = await createTestApp(engine, { seedFamilies: 48, now: () => new Date('2026-07-15T03:00:00Z') });
    for (const u of ['pendamping01', 'pendamping02', 'korcam.cimanggis', 'peneliti']) s[u] = await loginAs(t.app, u);
    const p = as(t.app, s.pendamping01!);
    const list = expectOk(await p.get(`${API}/families?limit=200`)).items as Array<{ id: string; kelurahanCode: string }>;
    expect(list.length).toBeGreaterThan(4);
    details = [];
    for (const f of list) details.push(expectOk(await p.get(`${API}/families/${f.id}`)));
    // A kelompok of two families.
    grouped = [list[0]!.id, list[1]!.id];
    groupId = expectOk(await p.post(`${API}/groups`, { name: 'Kelompok Anggrek', kelurahanCode: list[0]!.kelurahanCode, familyIds: grouped, startDate: '2026-06-01' }), 201).id;
    // Assessments: two families; the second is assessed twice, the later one counts.
    for (const [id, date] of [
      [list[2]!.id, '2026-06-01'],
      [list[3]!.id, '2026-05-01'],
      [list[3]!.id, '2026-07-01'],
    ] as const) {
      const a = expectOk(await p.post(`${API}/families/${id}/assessments`, { criteriaSet: 'pkh-default', answers: {}, date }), 201);
      assessed.set(id, Boolean(a.ready ?? a.result === 'ready'));
    }
    candidate = list[4]!.id;
    expectOk(await p.post(`${API}/families/${candidate}/graduation/transitions`, { to: 'candidate', type: 'sejahtera_mandiri' }));
    // A closed compliance period for the whole kecamatan.
    expectOk(await as(t.app, s['korcam.cimanggis']!).post(`${API}/compliance/close`, { period: '2026-Q2' }));
  });
  afterAll(async () => t?.close());

  const ids = async (query: string, u = 'pendamping01') => {
    const page = expectOk(await as(t.app, s[u]!).get(`${API}/families?limit=500&${query}`));
    expect(page.total).toBe(page.items.length);
    return (page.items as Array<{ id: string }>).map((f) => f.id).sort();
  };
  const all = () => details.map((d) => d.id).sort();

  it('group: the families of a kelompok', async () => {
    expect(await ids(`group=${groupId}`)).toEqual([...grouped].sort());
    // Another pendamping's scope holds none of them.
    expect(await ids(`group=${groupId}`, 'pendamping02')).toEqual([]);
    expect(await ids('group=0190a000-0000-7000-8000-00000000abcd')).toEqual([]);
  });

  it('component: a current member is eligible for it on today’s date, as the domain rules say', async () => {
    let nonEmpty = 0;
    for (const code of COMPONENT_CODES) {
      const expected = details
        .filter((d) =>
          d.members.some((m) => eligibleComponents({ ...m, birthDate: m.birthDate }, TODAY, { lansiaMinAge: 70, earlyChildhoodMaxAgeExclusive: 7 }).components.includes(code)),
        )
        .map((d) => d.id)
        .sort();
      if (expected.length) nonEmpty++;
      expect(await ids(`component=${code}`), code).toEqual(expected);
    }
    expect(nonEmpty).toBeGreaterThan(2);
  });

  it('readiness: the latest assessment decides; none lists the families never assessed', async () => {
    const ready = await ids('readiness=ready');
    const notReady = await ids('readiness=not_ready');
    const none = await ids('readiness=none');
    for (const [id, r] of assessed) {
      expect(ready.includes(id), id).toBe(r);
      expect(notReady.includes(id), id).toBe(!r);
      expect(none).not.toContain(id);
    }
    expect([...ready, ...notReady, ...none].sort()).toEqual(all());
  });

  it('compliance: the verdict of the latest closed period; a family that owed nothing is neither (as the dashboard counts)', async () => {
    const ok = await ids('compliance=compliant');
    const not = await ids('compliance=non_compliant');
    const nothingOwed = await ids('compliance=no_obligation');
    expect(ok.filter((id) => not.includes(id) || nothingOwed.includes(id))).toEqual([]);
    expect(not.filter((id) => nothingOwed.includes(id))).toEqual([]);
    expect([...ok, ...not, ...nothingOwed].sort()).toEqual(all());
    // No observations were recorded: a family with a pupil cannot be compliant; one without any component owed nothing.
    const pupil = details.find((d) => d.members.some((m) => ['sd', 'smp', 'sma'].includes(m.schoolLevel)));
    if (pupil) expect(not).toContain(pupil.id);
    const none = details.find((d) => d.members.every((m) => eligibleComponents(m, '2026-06-30', { lansiaMinAge: 70, earlyChildhoodMaxAgeExclusive: 7 }).components.length === 0));
    if (none) {
      expect(nothingOwed).toContain(none.id);
      expect(ok).not.toContain(none.id);
    }
    expect(not.length).toBeGreaterThan(0);
  });

  it('graduation: the current case’s state', async () => {
    expect(await ids('graduation=candidate')).toEqual([candidate]);
    expect(await ids('graduation=approved')).toEqual([]);
  });

  it('filters combine (and keep the contract’s q, kelurahan and status)', async () => {
    const withSd = await ids('component=sd');
    const aktif = await ids('status=aktif');
    expect(await ids('component=sd&status=aktif')).toEqual(withSd.filter((id) => aktif.includes(id)));
    expect(await ids(`group=${groupId}&graduation=candidate`)).toEqual(grouped.includes(candidate) ? [candidate] : []);
    const k = details[0]!;
    const kel = expectOk(await as(t.app, s.pendamping01!).get(`${API}/families/${k.id}`)).kelurahanCode;
    const inKel = await ids(`kelurahan=${kel}`);
    expect(await ids(`kelurahan=${kel}&group=${groupId}`)).toEqual(grouped.filter((id) => inKel.includes(id)).sort());
    // Empty values mean "not given" (an HTML form sends them).
    expect(await ids('group=&component=&readiness=&compliance=&graduation=')).toEqual(all());
  });

  it('researchers can filter too (pseudonymised list)', async () => {
    const page = expectOk(await as(t.app, s.peneliti!).get(`${API}/families?limit=5&component=sd`));
    for (const f of page.items) expect(f.headName).toMatch(/^KPM-/);
  });

  it('refuses unknown values with 400 and a field message', async () => {
    for (const q of ['component=sekolah', 'readiness=maybe', 'compliance=yes', 'graduation=graduated', 'group=abc']) {
      const e = expectError(await as(t.app, s.pendamping01!).get(`${API}/families?${q}`), 400);
      expect(Object.keys(e.fields ?? {})).toContain(q.split('=')[0]);
    }
    const en = expectError(await as(t.app, s.pendamping01!).get(`${API}/families?component=x`, { 'accept-language': 'en' }), 400);
    expect(en.fields!.component).toMatch(/^Component must be one of/);
  });
});
