import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { hariTanggal, jumlahDenganKata, namaHari, pembukaanBeritaAcara, tanggalDalamKata, tanggalIndonesia, terbilang } from './graduation-words';

/** An independent reader of Indonesian number words (the inverse of terbilang), for the property tests. */
function baca(text: string): number {
  const unit: Record<string, number> = { nol: 0, satu: 1, dua: 2, tiga: 3, empat: 4, lima: 5, enam: 6, tujuh: 7, delapan: 8, sembilan: 9 };
  const scale: Record<string, number> = { ribu: 1e3, juta: 1e6, miliar: 1e9, triliun: 1e12 };
  let total = 0;
  let group = 0;
  let last = 0;
  for (const w of text.split(' ')) {
    if (w in unit) last = unit[w]!;
    else if (w === 'sepuluh') group += 10;
    else if (w === 'sebelas') group += 11;
    else if (w === 'seratus') group += 100;
    else if (w === 'seribu') total += 1000;
    else if (w === 'belas') (group += 10 + last), (last = 0);
    else if (w === 'puluh') (group += last * 10), (last = 0);
    else if (w === 'ratus') (group += last * 100), (last = 0);
    else if (w in scale) {
      total += (group + last) * scale[w]!;
      group = 0;
      last = 0;
    } else throw new Error(`unknown word ${w} in "${text}"`);
  }
  return total + group + last;
}

describe('terbilang', () => {
  it.each([
    [0, 'nol'],
    [1, 'satu'],
    [10, 'sepuluh'],
    [11, 'sebelas'],
    [12, 'dua belas'],
    [15, 'lima belas'],
    [20, 'dua puluh'],
    [21, 'dua puluh satu'],
    [99, 'sembilan puluh sembilan'],
    [100, 'seratus'],
    [101, 'seratus satu'],
    [111, 'seratus sebelas'],
    [200, 'dua ratus'],
    [1000, 'seribu'],
    [1001, 'seribu satu'],
    [1945, 'seribu sembilan ratus empat puluh lima'],
    [2026, 'dua ribu dua puluh enam'],
    [10_000, 'sepuluh ribu'],
    [11_000, 'sebelas ribu'],
    [100_000, 'seratus ribu'],
    [1_000_000, 'satu juta'],
    [2_500_000, 'dua juta lima ratus ribu'],
    [1_000_000_000, 'satu miliar'],
    [-5, 'minus lima'],
  ])('%i → %s', (n, words) => {
    expect(terbilang(n)).toBe(words);
  });

  it('refuses what is not a whole number', () => {
    expect(() => terbilang(1.5)).toThrow(RangeError);
    expect(() => terbilang(Number.NaN)).toThrow(RangeError);
    expect(() => terbilang(1e15)).toThrow(RangeError);
  });

  it('reads back to the number, for every number 0..9999', () => {
    const seen = new Set<string>();
    for (let n = 0; n <= 9999; n++) {
      const w = terbilang(n);
      expect(baca(w), w).toBe(n);
      expect(w).toMatch(/^[a-z]+( [a-z]+)*$/);
      // Never "satu ratus", "satu ribu", "satu puluh", "satu belas": those are seratus, seribu, sepuluh, sebelas.
      expect(w).not.toMatch(/\bsatu (ratus|ribu|puluh|belas)\b/);
      seen.add(w);
    }
    expect(seen.size).toBe(10_000);
  });

  it('reads back for any whole number below 10^15 (property)', () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: Number.MAX_SAFE_INTEGER }).map((n) => n % 1e15), (n) => {
        const w = terbilang(n);
        expect(baca(w)).toBe(n);
        expect(w).not.toMatch(/ {2}|^ | $/);
      }),
    );
  });
});

describe('dates in Indonesian', () => {
  it('names the day and writes the date', () => {
    expect(namaHari('2026-07-13')).toBe('Senin');
    expect(namaHari('2026-07-15')).toBe('Rabu');
    expect(namaHari('2026-07-19')).toBe('Minggu');
    expect(namaHari('2024-02-29')).toBe('Kamis');
    expect(namaHari('0099-12-31')).toBe('Kamis');
    expect(tanggalIndonesia('2026-07-13')).toBe('13 Juli 2026');
    expect(hariTanggal('2026-07-13')).toBe('Senin, 13 Juli 2026');
  });

  it('writes the opening of a berita acara in words', () => {
    expect(pembukaanBeritaAcara('2026-07-13')).toBe('Pada hari ini Senin tanggal tiga belas bulan Juli tahun dua ribu dua puluh enam');
    expect(tanggalDalamKata('2026-12-01')).toBe('Selasa tanggal satu bulan Desember tahun dua ribu dua puluh enam');
    expect(tanggalDalamKata('2030-01-31')).toBe('Kamis tanggal tiga puluh satu bulan Januari tahun dua ribu tiga puluh');
  });

  it('agrees with the platform calendar for any date (property)', () => {
    const days = ['Minggu', 'Senin', 'Selasa', 'Rabu', 'Kamis', 'Jumat', 'Sabtu'];
    fc.assert(
      fc.property(fc.date({ min: new Date('1900-01-01T00:00:00Z'), max: new Date('2999-12-31T00:00:00Z'), noInvalidDate: true }), (d) => {
        const iso = d.toISOString().slice(0, 10);
        expect(namaHari(iso)).toBe(days[d.getUTCDay()]);
        const [y, , day] = iso.split('-').map(Number);
        const words = tanggalDalamKata(iso);
        expect(words).toContain(` tanggal ${terbilang(day!)} bulan `);
        expect(words.endsWith(` tahun ${terbilang(y!)}`)).toBe(true);
      }),
    );
  });

  it('refuses what is not a date', () => {
    expect(() => tanggalDalamKata('2026-02-30')).toThrow(RangeError);
    expect(jumlahDenganKata(3)).toBe('3 (tiga)');
  });
});
