import { describe, expect, it } from 'vitest';
import { t } from '../../../shared/i18n';
import { summarise } from './labels';
import './messages';

const tr = (key: string, params?: Record<string, string | number | null | undefined>) => t('id', key, params);
const member = { name: 'Sumarni', relation: 'lainnya' as const, sex: 'P' as const, birthDate: '1954-03-15', schoolLevel: 'none' as const, pregnant: false, postpartum: false, severeDisability: false, caretaker: false };

describe('a data update in words', () => {
  it('names a new member with the NIK proposed, so the koordinator confirms who joins', () => {
    expect(summarise(tr, { members: { add: [{ ...member, nik: '3276025503540001' }] } })[0]).toMatch(/^Anggota baru: Sumarni \(.+, lahir 15 Maret 1954\), NIK 3276025503540001$/);
    // A newborn without a NIK yet: no NIK named.
    expect(summarise(tr, { members: { add: [member] } })[0]).toMatch(/^Anggota baru: Sumarni \(.+, lahir 15 Maret 1954\)$/);
  });

  it('shows a new RT/RW the way it will be stored and confirmed: three digits', () => {
    expect(summarise(tr, { address: 'Jl. Melati No. 7', rt: '4', rw: '09' })).toEqual(['Alamat baru: Jl. Melati No. 7, RT 004/RW 009']);
    expect(summarise(tr, { rt: '012' })).toEqual(['Alamat baru: RT 012/RW –']);
    expect(summarise(tr, { rw: ' 7 ' })).toEqual(['Alamat baru: RT –/RW 007']);
  });
});
