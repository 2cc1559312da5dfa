/**
 * API edges found by a fuzz walk, in the registry's writes:
 * - a compliance observation's body took an unknown key silently (a misspelt `replaces` dropped unnoticed):
 *   now a 400 naming the key, in the caller's language; what the web app sends is taken as before;
 * - a NIK taken in a race (the unique index, caught by the errors backstop) answered nik_in_other_family
 *   where the family change's own check answers nik_taken for the same NIK given to a member already in the
 *   family: the race now answers with the check's code, words and field. A new member's NIK keeps
 *   nik_in_other_family (the check's answer for that situation). The race is made certain by letting the
 *   check see no holder once (as when the other writer had not committed yet).
 */
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { FamiliesRepository } from '../../src/server/db/repositories/families.repository';
import { as, createTestApp, loginAs, type Session, type TestApp } from '../support/app';
import { ENGINES } from '../support/engines';
import { API, expectError, expectOk, member, newFamilyBody, nikFor } from './api/helpers';

const NOW = new Date('2026-07-15T03:00:00Z');

interface Member {
  id: string;
  nik: string | null;
  relation: string;
}

describe.each(ENGINES)('registry edges (%s)', (engine) => {
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
  /** One request with the NIK check seeing no holder: the write meets the unique index, as the loser of a race does. */
  async function raced<T>(send: () => Promise<T>): Promise<T> {
    const spy = vi.spyOn(FamiliesRepository.prototype, 'personsByNikHash').mockResolvedValue([]);
    try {
      const answer = await send();
      expect(spy).toHaveBeenCalled();
      return answer;
    } finally {
      spy.mockRestore();
    }
  }

  describe('a compliance observation’s keys', () => {
    it('an unknown key is a 400 naming it, in the caller’s language; the web app’s keys are taken', async () => {
      const fam = await newFamily();
      const url = `${API}/families/${fam.id}/compliance/observations`;
      const body = { memberId: fam.members[0]!.id, kind: 'kesos', month: '2026-06', observation: { serviceContacts: 1 } };
      const e = expectError(await api().post(url, { ...body, warna: 'merah' }), 400, 'validation');
      expect(e.fields).toEqual({ warna: 'Kolom "warna" tidak dikenal di sini; hapus kolom itu atau periksa ejaannya.' });
      const en = expectError(await api().post(`${url}?lang=en`, { ...body, replace: 'abcdef0123' }), 400, 'validation');
      expect(en.fields).toEqual({ replace: 'The field "replace" is not known here; remove it or check its spelling.' });
      // The keys the web app sends (its ObservationInput: memberId, kind, sub for health, month, observation, replaces).
      expectOk(await api().post(url, body), 201);
      const health = { memberId: fam.members[0]!.id, kind: 'kesehatan', sub: 'posyandu', month: '2026-06', observation: { visits: 1 } };
      expectOk(await api().post(url, health), 201);
      // Another value for the month needs `replaces` (the key spelt right): without it a 409 with the record there.
      const again = await api().post(url, { ...body, observation: { serviceContacts: 2 } });
      expectError(again, 409, 'compliance_observation_exists');
      const existing = JSON.parse(again.body).existing as { version: string; observation: unknown };
      expect(existing.observation).toEqual({ serviceContacts: 1 });
      expectOk(await api().post(url, { ...body, observation: { serviceContacts: 2 }, replaces: existing.version }), 201);
    });
  });

  describe('a NIK taken meanwhile', () => {
    it('given to a member already there: the race answers as the check does (nik_taken, same words, same field)', async () => {
      const [a, b] = [await newFamily(), await newFamily()];
      const taken = a.members.find((m) => m.relation === 'anak')!.nik!;
      const child = b.members.find((m) => m.relation === 'anak')!;
      const patch = (lang = '') => api().patch(`${API}/families/${b.id}${lang}`, { members: { update: [{ id: child.id, nik: taken }] } });
      for (const lang of ['', '?lang=en']) {
        const checked = await patch(lang);
        expectError(checked, 409, 'nik_taken');
        const race = await raced(() => patch(lang));
        expectError(race, 409, 'nik_taken');
        expect(JSON.parse(race.body)).toEqual(JSON.parse(checked.body));
        expect(JSON.parse(race.body).error.fields).toHaveProperty('members');
        expect(race.body).not.toContain(taken);
      }
      const after = expectOk(await api().get(`${API}/families/${b.id}`));
      expect(after.members.find((m: Member) => m.id === child.id).nik).toBe(child.nik);
    });

    it('given to a new member: the race answers as the check does (nik_in_other_family, same words)', async () => {
      const [a, b] = [await newFamily(), await newFamily()];
      const taken = a.members.find((m) => m.relation === 'anak')!.nik!;
      const add = () => api().patch(`${API}/families/${b.id}`, { members: { add: [member({ name: 'Anak Baru', sex: 'L', birthDate: '2016-01-30', nik: taken })] } });
      const checked = JSON.parse((await add()).body).error;
      expect(checked.code).toBe('nik_in_other_family');
      const race = await raced(add);
      const raceError = expectError(race, 409, 'nik_in_other_family');
      expect(JSON.parse(race.body).error.messages).toEqual(checked.messages);
      expect(raceError.message).toBe(checked.message);
      // A fresh NIK is taken as before.
      expectOk(await api().patch(`${API}/families/${b.id}`, { members: { add: [member({ name: 'Anak Lain', sex: 'L', birthDate: '2016-01-30', nik: nikFor('2016-01-30', 'L') })] } }));
    });
  });
});
