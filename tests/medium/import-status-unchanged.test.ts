/**
 * The registry import and the family's status, on both engines. The contract's registry CSV has no status
 * column (../shared/spec/contract.md, "Registry CSV"), so the import never changes a stored family's status
 * nor its graduation case: a status changes only through PATCH /families, a confirmed data update or the
 * workflow, where judgeStatusChange applies. What a coordinator may well try: export the families with
 * `columns=extended` (which appends `status`), edit the status and the address, import the file. The address
 * changes; the status column is named as ignored and changes nothing, in the dry run and in the real run:
 * an open case is not ended by a `keluar` typed into the file, a `graduasi` family does not come back,
 * a `keluar` family is not brought back.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { parse } from 'csv-parse/sync';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SYSTEM_ACTOR } from '../../src/server/db/repositories/audit.repository';
import { SYSTEM_SCOPE } from '../../src/server/services/graduation.service';
import { applyDryRun, importRegistryFile } from '../../src/server/services/registry-import.service';
import { as, createTestApp, loginAs, type Session, type TestApp } from '../support/app';
import { ENGINES } from '../support/engines';
import { API, expectOk } from './api/helpers';

const TODAY = '2026-07-15';
const ACTOR = { ...SYSTEM_ACTOR, username: 'korkot.depok' };
const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'titian-import-status-'));
afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

const cell = (v: string) => (/[",;\r\n]/.test(v) ? `"${v.replace(/"/g, '""')}"` : v);

describe.each(ENGINES)('the registry import leaves the family’s status and graduation case alone (%s)', (engine) => {
  let t: TestApp;
  const s: Record<string, Session> = {};
  beforeAll(async () => {
    t = await createTestApp(engine, { seedFamilies: 60, now: () => new Date(`${TODAY}T03:00:00Z`) });
    t.ctx.config = { ...t.ctx.config, dataDir: fs.mkdtempSync(path.join(dir, `data-${engine}-`)) };
    for (const u of ['pendamping01', 'korcam.cimanggis', 'admin']) s[u] = await loginAs(t.app, u);
  }, 120_000);
  afterAll(async () => t?.close());

  const api = (u: string) => as(t.app, s[u]!);
  const moves = (id: string) => `${API}/families/${id}/graduation/transitions`;
  const db = () => t.ctx.database.db;

  /** Status, version and address of the families; their current case (state, version); their transitions and status audits. */
  const snapshot = async (ids: string[]) => {
    const families = await db().selectFrom('families').select(['id', 'status', 'address']).where('id', 'in', ids).orderBy('id').execute();
    const cases = await db().selectFrom('graduation_cases').select(['family_id', 'id', 'state', 'version', 'open', 'exit_applied']).where('family_id', 'in', ids).orderBy('id').execute();
    const transitions = await db().selectFrom('graduation_transitions').select(['family_id', 'to_state']).where('family_id', 'in', ids).orderBy('id').execute();
    const statusAudits = await db().selectFrom('audit_log').select(['family_id', 'after_data']).where('action', '=', 'family.status').where('family_id', 'in', ids).execute();
    return { families, cases, transitions, statusAudits };
  };

  it('a status typed into an imported file changes nothing: the dry run and the real run name the column as ignored, update the address and keep status and case', async () => {
    // pendamping01's families in PKH without a case: one keeps an open case, one graduates, one leaves PKH.
    const free = (
      await db()
        .selectFrom('families')
        .innerJoin('users', 'users.id', 'families.pendamping_id')
        .select('families.id')
        .where('families.status', '=', 'aktif')
        .where('users.username', '=', 'pendamping01')
        .where((eb) => eb.not(eb.exists(eb.selectFrom('graduation_cases').select('graduation_cases.id').whereRef('graduation_cases.family_id', '=', 'families.id'))))
        .orderBy('families.id')
        .execute()
    ).map((r) => r.id);
    expect(free.length).toBeGreaterThanOrEqual(3);
    const [open, graduated, left] = free as [string, string, string];
    for (const id of [open, graduated, left]) {
      expectOk(await api('pendamping01').post(moves(id), { to: 'candidate', type: 'alamiah' }));
      expectOk(await api('pendamping01').post(moves(id), { to: 'proposed' }));
    }
    expectOk(await api('korcam.cimanggis').post(moves(graduated), { to: 'approved' }));
    expectOk(await api('korcam.cimanggis').post(moves(graduated), { to: 'exited', evidence: { effectiveDate: TODAY } }));
    // Leaving PKH ends its case (rejected) through PATCH, as the rules say.
    expectOk(await api('korcam.cimanggis').patch(`${API}/families/${left}`, { status: 'keluar' }));
    const ids = [open, graduated, left];
    const before = await snapshot(ids);
    expect(Object.fromEntries(before.families.map((f) => [f.id, f.status]))).toEqual({ [open]: 'aktif', [graduated]: 'graduasi', [left]: 'keluar' });
    expect(Object.fromEntries(before.cases.map((c) => [c.family_id, c.state]))).toEqual({ [open]: 'proposed', [graduated]: 'exited', [left]: 'rejected' });

    // The extended export (whole identifiers: admin), the three families' rows, their status and address edited.
    const res = await api('admin').get(`${API}/exports/families?columns=extended`);
    expect(res.statusCode, res.body.slice(0, 300)).toBe(200);
    const rows = parse(res.body, { columns: true, bom: true, skip_empty_lines: true }) as Array<Record<string, string>>;
    const header = Object.keys(rows[0]!);
    expect(header).toContain('status');
    const wanted = { [open]: 'keluar', [graduated]: 'aktif', [left]: 'aktif' };
    const mine = rows.filter((r) => r.id_keluarga! in wanted);
    expect(new Set(mine.map((r) => r.id_keluarga)).size).toBe(3);
    for (const r of mine) {
      r.status = wanted[r.id_keluarga!]!;
      r.alamat = `${r.alamat} (diperbarui)`;
    }
    const file = path.join(dir, `status-${engine}.csv`);
    fs.writeFileSync(file, `${header.join(',')}\n${mine.map((r) => header.map((h) => cell(r[h] ?? '')).join(',')).join('\n')}\n`);

    const dry = await importRegistryFile(t.ctx, SYSTEM_SCOPE, ACTOR, { filePath: file, fileName: path.basename(file), dryRun: true });
    expect(dry).toMatchObject({ status: 'done', dryRun: true, updated: 3, refused: 0, rowsRefused: 0 });
    expect(dry.ignoredColumns).toContain('status');
    expect(await snapshot(ids)).toEqual(before);

    const real = await applyDryRun(t.ctx, dry.jobId, ACTOR);
    expect(real).toMatchObject({ status: 'done', dryRun: false, updated: 3, refused: 0, rowsRefused: 0 });
    const after = await snapshot(ids);
    // The import ran (the addresses changed) ...
    expect(after.families.map((f) => f.address)).toEqual(before.families.map((f) => `${f.address} (diperbarui)`));
    // ... and changed neither a status, nor a case (state, version, open, exit), nor added a move or a status audit.
    expect(after.families.map((f) => f.status)).toEqual(before.families.map((f) => f.status));
    expect(after.cases).toEqual(before.cases);
    expect(after.transitions).toEqual(before.transitions);
    expect(after.statusAudits).toEqual(before.statusAudits);

    // The same file again: nothing to change.
    const again = await importRegistryFile(t.ctx, SYSTEM_SCOPE, ACTOR, { filePath: file, fileName: `again-${path.basename(file)}`, dryRun: false });
    expect(again).toMatchObject({ updated: 0, unchanged: 3, refused: 0 });
  }, 120_000);
});
