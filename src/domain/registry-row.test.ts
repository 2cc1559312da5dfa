import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { composeKkNumber, composeNik } from './nik';
import { checkRegistryFamily, checkRegistryRow, normaliseDate, normaliseKelurahanCode, type RawRegistryRow, REGISTRY_COLUMNS } from './registry-row';

const ctx = { provinceCodes: new Set(['32', '31', '12']), today: '2026-06-15', maxYear: 2026 };

function raw(over: Partial<RawRegistryRow> = {}): RawRegistryRow {
  return {
    no_kk: composeKkNumber({ regionCode6: '327602', issueDate: '2015-05-12', serial: 7 }),
    nik: composeNik({ regionCode6: '327602', birthDate: '1984-07-01', sex: 'P', serial: 12 }),
    nama: ' Siti  Aminah ',
    hubungan: 'istri',
    jenis_kelamin: 'P',
    tanggal_lahir: '1984-07-01',
    pengurus: '1',
    jenjang: 'tidak_sekolah',
    hamil: '0',
    nifas: '',
    disabilitas_berat: '0',
    kode_kelurahan: '32.76.02.1009',
    alamat: 'Jl. Raya Bogor, Gg. Mawar',
    rt: '1',
    rw: '02',
    tahun_mulai_pkh: '2018',
    desil: '2',
    pendamping: 'Pendamping01',
    ...over,
  };
}

describe('checkRegistryRow', () => {
  it('normalises a good row: names trimmed, RT/RW padded, codes and flags read', () => {
    const { row, issues } = checkRegistryRow(raw(), ctx);
    expect(issues).toEqual([]);
    expect(row).toMatchObject({ name: 'Siti Aminah', relation: 'istri', sex: 'P', caretaker: true, schoolLevel: 'none', postpartum: false, rt: '001', rw: '002', joinedYear: 2018, decile: 2, pendamping: 'pendamping01' });
  });

  it('accepts the forms spreadsheets write', () => {
    const { row, issues } = checkRegistryRow(raw({ tanggal_lahir: '01/07/1984', kode_kelurahan: '3276021009', jenis_kelamin: 'perempuan', hubungan: 'Istri', pengurus: 'ya', desil: '', tahun_mulai_pkh: '', pendamping: '' }), ctx);
    expect(issues).toEqual([]);
    expect(row).toMatchObject({ birthDate: '1984-07-01', kelurahanCode: '32.76.02.1009', sex: 'P', relation: 'istri', caretaker: true, decile: null, joinedYear: null, pendamping: null });
  });

  it('names each bad cell with a code', () => {
    const cases: Array<[Partial<RawRegistryRow>, string, string]> = [
      [{ no_kk: '' }, 'no_kk', 'import.required'],
      [{ no_kk: '3276' }, 'no_kk', 'kk.length'],
      [{ nik: '32760241078400X2' }, 'nik', 'nik.not_digits'],
      [{ nama: '' }, 'nama', 'import.required'],
      [{ hubungan: 'sepupu' }, 'hubungan', 'import.relation_invalid'],
      [{ jenis_kelamin: 'X' }, 'jenis_kelamin', 'import.sex_invalid'],
      [{ tanggal_lahir: '1984-02-30' }, 'tanggal_lahir', 'import.date_invalid'],
      [{ tanggal_lahir: '2027-01-01' }, 'tanggal_lahir', 'import.birth_date_future'],
      [{ pengurus: '2' }, 'pengurus', 'import.flag_invalid'],
      [{ jenjang: 'kuliah' }, 'jenjang', 'import.school_level_invalid'],
      [{ jenis_kelamin: 'L', hamil: '1', nik: '' }, 'hamil', 'import.pregnant_male'],
      [{ kode_kelurahan: '32.76.02' }, 'kode_kelurahan', 'import.kelurahan_code_invalid'],
      [{ rt: 'satu' }, 'rt', 'import.rt_rw_invalid'],
      [{ tahun_mulai_pkh: '2005' }, 'tahun_mulai_pkh', 'import.year_invalid'],
      [{ desil: '11' }, 'desil', 'import.decile_invalid'],
      [{ pendamping: 'a b' }, 'pendamping', 'import.username_invalid'],
    ];
    for (const [over, field, code] of cases) {
      const { row, issues } = checkRegistryRow(raw(over), ctx);
      expect(row, JSON.stringify(over)).toBeUndefined();
      expect(issues.map((i) => `${i.field}:${i.code}`), JSON.stringify(over)).toContain(`${field}:${code}`);
    }
  });

  it('never throws and always either returns a row or issues, whatever the cells (property)', () => {
    const cell = fc.oneof(fc.string({ maxLength: 30 }), fc.constantFrom('', '0', '1', 'L', 'P', 'sd', 'anak', '2020-01-01', '32.76.02.1009'));
    fc.assert(
      fc.property(fc.record(Object.fromEntries(REGISTRY_COLUMNS.map((c) => [c, cell])) as Record<(typeof REGISTRY_COLUMNS)[number], fc.Arbitrary<string>>), (cells) => {
        const r = checkRegistryRow(cells as RawRegistryRow, ctx);
        expect(r.row === undefined).toBe(r.issues.length > 0);
        for (const i of r.issues) expect(REGISTRY_COLUMNS as readonly string[]).toContain(i.field);
      }),
      { seed: 8, numRuns: 500 },
    );
  });

  it('dates and codes normalise only to real dates and codes', () => {
    expect(normaliseDate('29/02/2024')).toBe('2024-02-29');
    expect(normaliseDate('29/02/2023')).toBeNull();
    expect(normaliseDate('2024-13-01')).toBeNull();
    expect(normaliseKelurahanCode('32.76.02.1009')).toBe('32.76.02.1009');
    expect(normaliseKelurahanCode('32760210')).toBeNull();
  });
});

describe('checkRegistryFamily', () => {
  const ok = (over: Partial<RawRegistryRow>) => checkRegistryRow(raw(over), ctx).row!;
  it('wants one head, at most one pengurus, no NIK twice and the family columns equal on every row', () => {
    const head = { line: 2, row: ok({ hubungan: 'kepala_keluarga', jenis_kelamin: 'L', nik: '', pengurus: '0' }) };
    const wife = { line: 3, row: ok({}) };
    expect(checkRegistryFamily([head, wife]).size).toBe(0);
    expect([...checkRegistryFamily([wife]).values()].flat().map((i) => i.code)).toEqual(['import.no_head']);
    const second = { line: 4, row: { ...head.row } };
    expect(checkRegistryFamily([head, second]).get(4)?.map((i) => i.code)).toContain('import.many_heads');
    const twoCaretakers = { line: 4, row: { ...wife.row, relation: 'anak' as const, nik: null } };
    expect(checkRegistryFamily([head, wife, twoCaretakers]).get(4)?.map((i) => i.code)).toEqual(['import.many_caretakers']);
    const sameNik = { line: 4, row: { ...wife.row, caretaker: false, relation: 'anak' as const } };
    expect(checkRegistryFamily([head, wife, sameNik]).get(3)?.map((i) => i.code)).toEqual(['import.nik_twice_in_family']);
    const elsewhere = { line: 4, row: { ...ok({ nik: '', pengurus: '0', hubungan: 'anak' }), address: 'Jl. Lain' } };
    expect(checkRegistryFamily([head, wife, elsewhere]).get(4)).toEqual([{ field: 'alamat', code: 'import.family_field_differs', params: { column: 'alamat', line: 2 } }]);
  });
});
