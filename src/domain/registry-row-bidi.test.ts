/** Registry names with invisible text-direction controls are refused with an import row error. */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { composeKkNumber, composeNik } from './nik';
import { checkRegistryRow, type RawRegistryRow } from './registry-row';
import { registryImportMessages } from '../shared/i18n/catalog/registry-import';

const ctx = { provinceCodes: new Set(['32']), today: '2026-06-15', maxYear: 2026 };
const raw = (nama: string): RawRegistryRow => ({
  no_kk: composeKkNumber({ regionCode6: '327602', issueDate: '2015-05-12', serial: 7 }),
  nik: composeNik({ regionCode6: '327602', birthDate: '1984-07-01', sex: 'P', serial: 12 }),
  nama,
  hubungan: 'istri',
  jenis_kelamin: 'P',
  tanggal_lahir: '1984-07-01',
  pengurus: '1',
  jenjang: 'tidak_sekolah',
  hamil: '0',
  nifas: '',
  disabilitas_berat: '0',
  kode_kelurahan: '32.76.02.1009',
  alamat: 'Jl. Raya Bogor',
  rt: '1',
  rw: '2',
  tahun_mulai_pkh: '2018',
  desil: '2',
  pendamping: '',
});
const CONTROLS = ['\u202A', '\u202B', '\u202C', '\u202D', '\u202E', '\u2066', '\u2067', '\u2068', '\u2069', '\u200E', '\u200F', '\u061C'];

describe('registry names with bidi controls', () => {
  it('refuses each control anywhere in the name, with a message in both languages', () => {
    for (const c of CONTROLS) {
      const { row, issues } = checkRegistryRow(raw(`Siti ${c}Aminah`), ctx);
      expect(row, c.codePointAt(0)!.toString(16)).toBeUndefined();
      expect(issues).toContainEqual({ field: 'nama', code: 'import.bidi_control' });
    }
    expect(registryImportMessages['import.bidi_control']!.id).toMatch(/^Nama berisi karakter kendali arah/);
    expect(registryImportMessages['import.bidi_control']!.en).toMatch(/^The name contains invisible/);
  });

  it('keeps names without them, Arabic and accented letters included (property)', () => {
    expect(checkRegistryRow(raw('Siti Aminah'), ctx).issues).toEqual([]);
    expect(checkRegistryRow(raw('عائشة Ngadiyem Séré'), ctx).issues).toEqual([]);
    fc.assert(
      fc.property(fc.string({ minLength: 1, maxLength: 40 }), fc.constantFrom(...CONTROLS), fc.nat(40), (name, control, at) => {
        const i = Math.min(at, name.length);
        const issues = checkRegistryRow(raw(`A${name.slice(0, i)}${control}${name.slice(i)}`), ctx).issues;
        expect(issues.map((x) => x.code)).toContain('import.bidi_control');
      }),
    );
  });
});
