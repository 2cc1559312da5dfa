/**
 * The audit trail through the API (every change, sensitive reads, family history, scoped export, verify),
 * identifiers encrypted at rest and absent from logs, and decisions frozen as snapshots.
 */
import { Writable } from 'node:stream';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { auditHash } from '../../../src/server/audit/chain';
import { as, createTestApp, loginAs, type Session, type TestApp } from '../../support/app';
import { ENGINES } from '../../support/engines';
import { API, anon, expectError, expectOk, member, newFamilyBody, nikFor } from './helpers';

/** Splits CSV text into rows of cells (quotes, doubled quotes, CRLF). */
function parseCsv(text: string): string[][] {
  const rows: string[][] = [];
  let row: string[] = [];
  let cell = '';
  let quoted = false;
  for (let i = 0; i < text.length; i++) {
    const c = text[i]!;
    if (quoted) {
      if (c === '"' && text[i + 1] === '"') {
        cell += '"';
        i++;
      } else if (c === '"') quoted = false;
      else cell += c;
    } else if (c === '"') quoted = true;
    else if (c === ',') {
      row.push(cell);
      cell = '';
    } else if (c === '\n') {
      row.push(cell.replace(/\r$/, ''));
      rows.push(row);
      row = [];
      cell = '';
    } else cell += c;
  }
  if (cell || row.length) rows.push([...row, cell]);
  return rows;
}

describe.each(ENGINES)('audit trail and personal data (%s)', (engine) => {
  let t: TestApp;
  const logLines: string[] = [];
  const s: Record<string, Session> = {};
  const created: { id: string; kk: string; niks: string[] }[] = [];
  beforeAll(async () => {
    const stream = new Writable({
      write(chunk, _enc, cb) {
        logLines.push(String(chunk));
        cb();
      },
    });
    t = await createTestApp(engine, { seedFamilies: 60, now: () => new Date('2026-07-15T03:00:00Z'), logger: { stream, level: 'debug' } });
    for (const u of ['admin', 'korcam.cimanggis', 'korkot.depok', 'pendamping01', 'pendamping02', 'auditor', 'peneliti']) s[u] = await loginAs(t.app, u);
  });
  afterAll(async () => t?.close());
  const api = (u: string) => as(t.app, s[u]!);

  it('records a create and an update with who, when, where from, before and after; identifiers only masked', async () => {
    const body = newFamilyBody({ pregnantWife: true });
    const family = expectOk(await api('pendamping01').post(`${API}/families`, body), 201);
    created.push({ id: family.id, kk: body.kkNumber, niks: body.members.map((m) => m.nik!) });
    const child = nikFor('2019-02-03', 'P');
    expectOk(
      await api('pendamping01').patch(`${API}/families/${family.id}`, {
        address: 'Jl. Melati No. 9',
        members: { add: [member({ name: 'Putri Ujicoba', sex: 'P', birthDate: '2019-02-03', nik: child })] },
      }),
    );
    created[0]!.niks.push(child);
    const history = expectOk(await api('korcam.cimanggis').get(`${API}/families/${family.id}/history`));
    const actions = history.items.map((e: { action: string }) => e.action);
    expect(actions).toEqual(expect.arrayContaining(['family.create', 'family.update']));
    const update = history.items.find((e: { action: string }) => e.action === 'family.update');
    expect(update).toMatchObject({ actor: 'pendamping01', actorRole: 'pendamping', familyId: family.id, regionCode: '32.76.02.1007' });
    expect(update.clientIp).toBeTruthy();
    expect(update.before.address).toBe('Jl. Uji Coba No. 1');
    expect(update.after.address).toBe('Jl. Melati No. 9');
    expect(update.after.added[0]).toMatchObject({ name: 'Putri Ujicoba', nik: expect.stringMatching(/^\d{4}\*{8}\d{4}$/) });
    const text = JSON.stringify(history);
    for (const id of [body.kkNumber, ...created[0]!.niks]) expect(text).not.toContain(id);
  });

  it('records reads of whole identifiers and health facts, and searches by NIK, without the number', async () => {
    const { id, niks } = created[0]!;
    expectOk(await api('auditor').get(`${API}/families/${id}`));
    expectOk(await api('korcam.cimanggis').get(`${API}/families?q=${niks[0]}`));
    const history = expectOk(await api('admin').get(`${API}/families/${id}/history`));
    const read = history.items.find((e: { action: string; actor: string }) => e.action === 'family.read_sensitive' && e.actor === 'auditor');
    expect(read.after.fields).toEqual(expect.arrayContaining(['nik', 'kkNumber', 'pregnant']));
    // The entitlement of a family with a pregnant member reveals a health fact: an audited read too.
    expectOk(await api('pendamping01').get(`${API}/families/${id}/entitlement?year=2026`));
    const again = expectOk(await api('admin').get(`${API}/families/${id}/history`));
    expect(again.items.find((e: { action: string; actor: string; after: { via?: string } }) => e.actor === 'pendamping01' && e.after?.via === 'entitlement')).toMatchObject({
      action: 'family.read_sensitive',
      after: { fields: ['pregnant'] },
    });
    // A researcher's pseudonymised view of a family with no health fact: audited as a plain read, not as
    // personal data opened.
    const plain = (expectOk(await api('peneliti').get(`${API}/families?limit=50`)).items as Array<{ id: string }>).find((f) => f.id !== id)!;
    const seen = expectOk(await api('peneliti').get(`${API}/families/${plain.id}`));
    const healthy = !seen.members.some((m: { pregnant: boolean; postpartum: boolean; severeDisability: boolean }) => m.pregnant || m.postpartum || m.severeDisability);
    const trail = expectOk(await api('admin').get(`${API}/families/${plain.id}/history`));
    const mine = trail.items.find((e: { actor: string; action: string }) => e.actor === 'peneliti' && e.action.startsWith('family.read'));
    expect(mine).toMatchObject(healthy ? { action: 'family.read', after: { fields: [] } } : { action: 'family.read_sensitive' });
    const searches = expectOk(await api('admin').get(`${API}/audit?action=family.search_identifier`));
    expect(searches.items[0]).toMatchObject({ actor: 'korcam.cimanggis', familyId: id, regionCode: '32.76.02.1007', after: { found: 1 } });
    expect(JSON.stringify(searches)).not.toContain(niks[0]);
  });

  it('shows a family’s history to those who may see the family, not to researchers or other pendamping', async () => {
    const { id } = created[0]!;
    expectOk(await api('pendamping01').get(`${API}/families/${id}/history`));
    expectError(await api('pendamping02').get(`${API}/families/${id}/history`), 404);
    expectError(await api('peneliti').get(`${API}/families/${id}/history`), 403);
    expectError(await anon(t.app).get(`${API}/families/${id}/history`), 401);
  });

  it('lets auditors export the trail of their scope as CSV whose hashes anyone can recompute', async () => {
    expectError(await api('pendamping01').get(`${API}/audit/export`), 403);
    expectError(await api('korcam.cimanggis').get(`${API}/audit`), 403);
    const res = await api('auditor').get(`${API}/audit/export?format=csv`);
    expect(res.statusCode).toBe(200);
    expect(res.headers['content-type']).toMatch(/text\/csv/);
    expect(res.headers['content-disposition']).toMatch(/attachment/);
    const [header, ...rows] = parseCsv(res.body.replace(/^\ufeff/, '')).filter((r) => r.length > 1);
    expect(header).toEqual(['seq', 'at', 'actor_id', 'actor_username', 'actor_role', 'client_ip', 'action', 'entity', 'record_id', 'family_id', 'region_code', 'before_data', 'after_data', 'prev_hash', 'hash']);
    expect(rows.length).toBeGreaterThan(60);
    const col = (r: string[], name: string) => r[header!.indexOf(name)] ?? '';
    for (const r of rows) {
      expect(col(r, 'region_code').startsWith('32.76')).toBe(true);
      const v = (name: string) => (col(r, name) === '' ? null : col(r, name).replace(/^'(?=[=+\-@])/, ''));
      const recomputed = auditHash(col(r, 'prev_hash'), {
        seq: Number(col(r, 'seq')),
        at: col(r, 'at'),
        actorId: v('actor_id'),
        actorUsername: v('actor_username'),
        actorRole: v('actor_role'),
        clientIp: v('client_ip'),
        action: col(r, 'action'),
        entity: col(r, 'entity'),
        recordId: v('record_id'),
        familyId: v('family_id'),
        regionCode: v('region_code'),
        beforeData: v('before_data'),
        afterData: v('after_data'),
      });
      expect(recomputed, `entry ${col(r, 'seq')}`).toBe(col(r, 'hash'));
    }
    // Entries outside the auditor's region (a family in another city) are not exported.
    const nd = await api('admin').get(`${API}/audit/export?format=ndjson`);
    const all = nd.body.trim().split('\n').map((l) => JSON.parse(l));
    expect(all.length).toBeGreaterThanOrEqual(rows.length);
    const verify = expectOk(await api('auditor').get(`${API}/audit/verify`));
    expect(verify).toMatchObject({ ok: true, problem: null });
    expect(verify.entries).toBeGreaterThan(60);
  });

  it('stores NIK and No. KK encrypted; lists show the No. KK masked', async () => {
    const db = t.ctx.database.db;
    const persons = await db.selectFrom('persons').select('nik').where('nik', 'is not', null).execute();
    for (const p of persons) expect(p.nik).toMatch(/^enc:v1:/);
    const list = expectOk(await api('pendamping01').get(`${API}/families?limit=100`));
    for (const f of list.items) expect(f.kkNumber).toMatch(/^\d{4}\*{8}\d{4}$/);
    const detail = expectOk(await api('pendamping01').get(`${API}/families/${created[0]!.id}`));
    expect(detail.kkNumber).toBe(created[0]!.kk);
    const researcher = expectOk(await api('peneliti').get(`${API}/families/${created[0]!.id}`));
    expect(JSON.stringify(researcher)).not.toMatch(/\d{16}/);
  });

  it('freezes a tahap’s entitlement; later edits do not change it, and freezing again keeps it', async () => {
    expectError(await api('pendamping01').post(`${API}/entitlements/snapshots`, { year: 2026, tahap: 3 }), 403);
    const frozen = expectOk(await api('korcam.cimanggis').post(`${API}/entitlements/snapshots`, { year: 2026, tahap: 3 }));
    const active = expectOk(await api('korcam.cimanggis').get(`${API}/families?status=aktif&limit=1`)).total;
    expect(frozen.created).toBe(active);
    expect(active).toBeGreaterThan(30);
    const { id } = created[0]!;
    const before = expectOk(await api('pendamping01').get(`${API}/families/${id}/entitlement/tahap?year=2026&tahap=3`));
    expect(before.snapshot.period).toBe('2026-T3');
    // A new baby (anak usia dini) raises the live entitlement, not the frozen one.
    expectOk(
      await api('pendamping01').patch(`${API}/families/${id}`, {
        members: { add: [member({ name: 'Bayi Ujicoba', sex: 'L', birthDate: '2026-06-01', startDate: '2026-06-01' } as never)] },
      }),
    );
    const live = expectOk(await api('pendamping01').get(`${API}/families/${id}/entitlement?year=2026&asOf=2026-07-01`));
    expect(live.annualTotal).toBeGreaterThan(before.annualTotal);
    const after = expectOk(await api('pendamping01').get(`${API}/families/${id}/entitlement/tahap?year=2026&tahap=3`));
    expect(after).toEqual(before);
    const again = expectOk(await api('admin').post(`${API}/entitlements/snapshots`, { year: 2026, tahap: 3 }));
    expect(again.created).toBe(0);
    expect(again.existing).toBe(active);
    expect(expectOk(await api('pendamping01').get(`${API}/families/${id}/entitlement/tahap?year=2026&tahap=3`))).toEqual(before);
    expectError(await api('pendamping01').get(`${API}/families/${id}/entitlement/tahap?year=2026&tahap=4`), 404, 'snapshot_not_found');
    expectError(await api('pendamping02').get(`${API}/families/${id}/entitlement/tahap?year=2026&tahap=3`), 404, 'not_found');
  });

  it('two freezes at once store each snapshot once and audit only what was stored', async () => {
    await Promise.all([
      api('korcam.cimanggis').post(`${API}/entitlements/snapshots`, { year: 2026, tahap: 4 }),
      api('korkot.depok').post(`${API}/entitlements/snapshots`, { year: 2026, tahap: 4 }),
    ]);
    const db = t.ctx.database.db;
    const stored = await db.selectFrom('decision_snapshots').select('id').where('period', '=', '2026-T4').execute();
    const entries = (await db.selectFrom('audit_log').select(['record_id', 'after_data']).where('action', '=', 'snapshot.freeze').execute()).filter((e) =>
      (e.after_data ?? '').includes('"period":"2026-T4"'),
    );
    expect(stored.length).toBeGreaterThan(30);
    // One entry per stored snapshot, none for a snapshot the other request stored first.
    expect(entries.map((e) => e.record_id).sort()).toEqual(stored.map((x) => x.id).sort());
  });

  it('never writes a NIK or No. KK to the log, whatever the request', async () => {
    const { id, kk, niks } = created[0]!;
    // Identifiers in paths, queries, bodies, failed validations and unknown routes.
    await api('korcam.cimanggis').get(`${API}/families?q=${niks[1]}`);
    await api('korcam.cimanggis').get(`${API}/families?q=${kk}`);
    await api('korcam.cimanggis').get(`${API}/families/${niks[0]}`);
    await api('korcam.cimanggis').get(`/api/v1/nothing/${kk}`);
    await api('pendamping01').post(`${API}/families`, { ...newFamilyBody(), kkNumber: kk });
    await api('pendamping01').post(`${API}/families`, { kkNumber: 12345, members: [{ nik: niks[0] }] });
    await api('pendamping01').patch(`${API}/families/${id}`, { members: { update: [{ id: 'x', nik: niks[2] }] } });
    await anon(t.app).post(`${API}/auth/login`, { username: niks[0], password: kk });
    await anon(t.app).post(`${API}/rules/nik`, { nik: niks[0] });
    await api('pendamping01').get(`${API}/families/${id}`);
    const log = logLines.join('');
    expect(log.length).toBeGreaterThan(1000); // the debug log really captured the requests
    for (const secret of [kk, ...niks]) {
      expect(log, `log must not contain ${secret.slice(0, 4)}…`).not.toContain(secret);
      expect(log).not.toContain(`${secret.slice(0, 6)}-${secret.slice(6)}`);
    }
    // And no 16-digit number at all (demo identifiers included).
    const m = /(?<![\d.])\d{16}(?!\d)/.exec(log);
    expect(m ? log.slice(Math.max(0, m.index - 200), m.index + 30) : null).toBeNull();
  });
});
