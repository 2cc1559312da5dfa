import { describe, expect, it } from 'vitest';
import { hasMessage } from '../../shared/i18n/index';
import { uniqueViolationAnswer } from './errors';

const pg = (constraint: string) => Object.assign(new Error(`duplicate key value violates unique constraint "${constraint}"`), { code: '23505', constraint });
const sqlite = (columns: string, code = 'SQLITE_CONSTRAINT_UNIQUE') => Object.assign(new Error(`UNIQUE constraint failed: ${columns}`), { code });

describe('errors: a unique key lost in a race answers as the route does', () => {
  it('maps each engine’s name of a checked key to the route’s own code', () => {
    for (const [err, code] of [
      [pg('families_kk_hash_uq'), 'error.kk_duplicate'],
      [sqlite('families.kk_hash'), 'error.kk_duplicate'],
      [pg('persons_nik_hash_uq'), 'error.nik_in_other_family'],
      [sqlite('persons.nik_hash'), 'error.nik_in_other_family'],
      [pg('family_members_open_person_uq'), 'error.nik_in_other_family'],
      [sqlite('family_members.person_id'), 'error.nik_in_other_family'],
      [pg('users_username_key'), 'error.username_taken'],
      [sqlite('users.username'), 'error.username_taken'],
    ] as const) {
      expect(uniqueViolationAnswer(err)?.code, err.message).toBe(code);
    }
    expect(uniqueViolationAnswer(pg('families_kk_hash_uq'))?.fields).toEqual({ kkNumber: 'error.kk_duplicate' });
  });

  it('a NIK given to a member already there answers as the family change’s own check: nik_taken, at `members`', () => {
    const nik = '3276014101900001';
    const update = { members: { update: [{ id: 'a', nik }] } };
    for (const err of [pg('persons_nik_hash_uq'), sqlite('persons.nik_hash')]) {
      expect(uniqueViolationAnswer(err, update)).toEqual({ code: 'error.nik_taken', message: 'error.nik_taken', fields: { members: 'error.nik_taken' } });
      // A new member's NIK (a new person, then in the other family), or a new family's: nik_in_other_family.
      expect(uniqueViolationAnswer(err, { members: { add: [{ name: 'x', nik }] } })?.code).toBe('error.nik_in_other_family');
      expect(uniqueViolationAnswer(err, { members: { update: [{ id: 'a', nik }], add: [{ name: 'x', nik: '3276014101900002' }] } })?.code).toBe('error.nik_in_other_family');
      expect(uniqueViolationAnswer(err, { members: [{ name: 'x', nik }] })?.code).toBe('error.nik_in_other_family');
      // An update that gives no NIK, or none at all: not the member's.
      expect(uniqueViolationAnswer(err, { members: { update: [{ id: 'a', name: 'y' }, { id: 'b', nik: ' ' }] } })?.code).toBe('error.nik_in_other_family');
      expect(uniqueViolationAnswer(err)?.code).toBe('error.nik_in_other_family');
    }
    // The membership key is never about a NIK given to a member already there.
    expect(uniqueViolationAnswer(pg('family_members_open_person_uq'), update)?.code).toBe('error.nik_in_other_family');
    expect(JSON.stringify(uniqueViolationAnswer(pg('persons_nik_hash_uq'), update))).not.toContain(nik);
  });

  it('says the username taken without the name it cannot know, in a sentence of both languages', () => {
    const a = uniqueViolationAnswer(sqlite('users.username'))!;
    expect(a.message).toBe('error.username_taken_unnamed');
    expect(hasMessage(a.message)).toBe(true);
  });

  it('keeps the generic conflict for other keys, and is undefined for anything but a unique violation', () => {
    expect(uniqueViolationAnswer(pg('graduation_cases_open_uq'))).toEqual({ code: 'error.conflict', message: 'error.conflict', fields: {} });
    expect(uniqueViolationAnswer(sqlite('research_codes.code'))?.code).toBe('error.conflict');
    expect(uniqueViolationAnswer(sqlite('activities.id', 'SQLITE_CONSTRAINT_PRIMARYKEY'))?.code).toBe('error.conflict');
    // A PostgreSQL error is read by its constraint only, never by a message that might hold a value.
    expect(uniqueViolationAnswer(Object.assign(new Error('UNIQUE constraint failed: users.username'), { code: '23505' }))?.code).toBe('error.conflict');
    expect(uniqueViolationAnswer(Object.assign(new Error('x'), { code: '23503', constraint: 'families_kk_hash_uq' }))).toBeUndefined();
    expect(uniqueViolationAnswer(new Error('UNIQUE constraint failed: users.username'))).toBeUndefined();
    expect(uniqueViolationAnswer(null)).toBeUndefined();
  });
});
