/**
 * A NIK taken in a race, through the sync push: a phone's change whose NIK check passed while another writer
 * took the NIK (the unique index then refuses the write) answers as the online route does, by the same rules
 * (http/errors.ts, uniqueViolationAnswer): a NIK given to a member already in the family is `nik_taken`, a new
 * member's NIK `nik_in_other_family`; in the same words as the check's answer without a race. Before, every
 * raced NIK answered `nik_in_other_family`. The race is made certain by letting the check see no holder once
 * and the write meet the unique index (as the loser of a race does). Both engines.
 */
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { uuidv7 } from '../../../src/domain/ids';
import type { Engine } from '../../../src/server/db/database';
import { DataUpdatesRepository } from '../../../src/server/db/repositories/data-updates.repository';
import { FamiliesRepository } from '../../../src/server/db/repositories/families.repository';
import { as, createTestApp, loginAs, type Session, type TestApp } from '../../support/app';
import { ENGINES } from '../../support/engines';
import { API, expectError, expectOk, member, newFamilyBody } from './helpers';

const NOW = new Date('2026-07-15T03:00:00Z');
const DEVICE = '0190c0de-0000-7000-8000-0000000000a7';

type PushResult = { id: string; status: string; code?: string; reason?: string };
interface Member {
  id: string;
  nik: string | null;
  relation: string;
}

/** The unique index on persons' NIK refusing a write, as each engine reports it. */
function nikIndexViolation(engine: Engine): Error {
  return engine === 'postgres'
    ? Object.assign(new Error('duplicate key value violates unique constraint "persons_nik_hash_uq"'), { code: '23505', constraint: 'persons_nik_hash_uq' })
    : Object.assign(new Error('UNIQUE constraint failed: persons.nik_hash'), { code: 'SQLITE_CONSTRAINT_UNIQUE' });
}

describe.each(ENGINES)('sync push: a NIK taken in a race answers as online (%s)', (engine) => {
  let t: TestApp;
  let s: Session;
  beforeAll(async () => {
    t = await createTestApp(engine, { seedFamilies: 1, now: () => NOW });
    s = await loginAs(t.app, 'pendamping01');
  });
  afterAll(async () => t?.close());
  const api = () => as(t.app, s);

  async function newFamily(): Promise<{ id: string; members: Member[] }> {
    const made = expectOk(await api().post(`${API}/families`, newFamilyBody()), 201);
    return expectOk(await api().get(`${API}/families/${made.id}`));
  }
  async function push(mutation: Record<string, unknown>, lang = ''): Promise<PushResult> {
    const res = await api().post(`${API}/sync/push${lang}`, { mutations: [mutation] }, { 'x-titian-device': DEVICE });
    return (expectOk(res).results as PushResult[])[0]!;
  }
  const proposal = (familyId: string, change: Record<string, unknown>) => ({
    id: uuidv7(),
    entity: 'data_update',
    op: 'create',
    recordId: uuidv7(),
    familyId,
    data: { kind: 'lainnya', reason: 'Dicatat luring', change },
  });
  /** One push whose NIK check sees no holder and whose write meets the unique index. */
  async function raced(send: () => Promise<PushResult>): Promise<PushResult> {
    const check = vi.spyOn(FamiliesRepository.prototype, 'personsByNikHash').mockResolvedValue([]);
    const write = vi.spyOn(DataUpdatesRepository.prototype, 'propose').mockRejectedValue(nikIndexViolation(engine));
    try {
      const answer = await send();
      expect(check).toHaveBeenCalled();
      expect(write).toHaveBeenCalled();
      return answer;
    } finally {
      check.mockRestore();
      write.mockRestore();
    }
  }
  /** The koordinator's inbox: what the service said when the mutation arrived. */
  const inboxReason = async (mutationId: string, lang: string) => {
    const korcam = as(t.app, await loginAs(t.app, 'korcam.cimanggis'));
    const inbox = expectOk(await korcam.get(`${API}/sync/conflicts?status=open&limit=100${lang.replace('?', '&')}`)).items as Array<{ mutationId: string; reason?: string | null }>;
    const entry = inbox.find((c) => c.mutationId === mutationId);
    expect(entry, `inbox entry of ${mutationId}`).toBeDefined();
    return entry!.reason;
  };

  it('a NIK given to a member already there: nik_taken, the online words, raced or not', async () => {
    const [a, b] = [await newFamily(), await newFamily()];
    const taken = a.members.find((m) => m.relation === 'anak')!.nik!;
    const child = b.members.find((m) => m.relation === 'anak')!;
    const change = { members: { update: [{ id: child.id, nik: taken }] } };
    for (const [lang, words] of [
      ['', 'NIK ini sudah dipakai orang lain.'],
      ['?lang=en', 'This NIK already belongs to someone else.'],
    ] as const) {
      // Online: the check's answer.
      const online = expectError(await api().patch(`${API}/families/${b.id}${lang}`, change), 409, 'nik_taken');
      expect(online.message).toBe(words);
      // The push without a race: the same check, a conflict saying so.
      const checkedMutation = proposal(b.id, change);
      const checked = await push(checkedMutation, lang);
      expect(checked, JSON.stringify(checked)).toMatchObject({ status: 'conflict' });
      expect(checked.reason).toContain(words);
      // The push that lost the race: the same answer, not nik_in_other_family.
      const racedMutation = proposal(b.id, change);
      const race = await raced(() => push(racedMutation, lang));
      expect(race, JSON.stringify(race)).toMatchObject({ status: 'conflict', code: checked.code });
      expect(race.reason).toBe(checked.reason);
      expect(race.reason).not.toContain(lang ? 'another family' : 'keluarga lain');
      expect(race.reason).not.toContain(taken);
      // The inbox says the same of both.
      const said = await inboxReason(checkedMutation.id, lang);
      expect(said).toBe(words);
      expect(await inboxReason(racedMutation.id, lang)).toBe(said);
    }
    // Nothing was changed.
    const after = expectOk(await api().get(`${API}/families/${b.id}`));
    expect(after.members.find((m: Member) => m.id === child.id).nik).toBe(child.nik);
  });

  it('a new member’s NIK: nik_in_other_family, the online words, raced or not', async () => {
    const [a, b] = [await newFamily(), await newFamily()];
    const taken = a.members.find((m) => m.relation === 'anak')!.nik!;
    const change = { members: { add: [member({ name: 'Anak Baru', sex: 'L', birthDate: '2016-01-30', nik: taken })] } };
    const online = expectError(await api().patch(`${API}/families/${b.id}`, change), 409, 'nik_in_other_family');
    const checked = await push(proposal(b.id, change));
    expect(checked, JSON.stringify(checked)).toMatchObject({ status: 'conflict' });
    expect(checked.reason).toContain(online.message);
    const race = await raced(() => push(proposal(b.id, change)));
    expect(race, JSON.stringify(race)).toMatchObject({ status: 'conflict', code: checked.code });
    expect(race.reason).toBe(checked.reason);
  });
});
