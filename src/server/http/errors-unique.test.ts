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
