/**
 * The VERKOM upload's error for a form of another quarter, in both languages: every part Titian writes (the
 * row prefix, the month names of the period) is in the message's language, in `message` and in both texts
 * of `messages`; values quoted from the file may stay as written.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, loginAs, type Session, type TestApp } from '../../support/app';
import { ENGINES } from '../../support/engines';
import { API, expectError } from './helpers';

/** An April–June form (semicolons, `sep=;`, CRLF) with one student; the header's first row is line 5. */
function aprilToJune(): string {
  const header1 = ['NO', 'NIK PENGURUS', 'NAMA PENGURUS', 'NIK SISWA', 'NISN', 'NAMA SISWA', 'BENTUK PENDIDIKAN', 'TINGKAT PENDIDIKAN', 'APRIL', '', '', '', '', 'MEI', '', '', '', '', 'JUNI', '', '', '', '', 'KET', 'NAMA PENDAMPING'];
  const header2 = ['', '', '', '', '', '', '', '', ...Array(3).fill(['ALPA', 'IZIN', 'SAKIT', 'JML', 'PERSEN']).flat(), '', ''];
  const row = ['1', '', 'IBU', "'3276020101100001", '', 'SISWA', 'SD', 'Kelas 3', ...['90', '90', '90'].flatMap((p) => ['0', '0', '0', '0', p]), '', 'PENDAMPING'];
  const pad = (t: string) => `${t}${';'.repeat(24)}`;
  return `sep=;\r\n${[pad('FORM VERIFIKASI KOMITMEN PENDIDIKAN'), pad('NPSN : 20212345'), pad('Nama Sekolah : SD NEGERI UJI 1'), header1.join(';'), header2.join(';'), row.join(';')].join('\r\n')}\r\n`;
}

const INDONESIAN_MONTHS = /\b(JANUARI|FEBRUARI|MARET|MEI|JUNI|JULI|AGUSTUS|OKTOBER|DESEMBER)\b/i;

describe.each(ENGINES)('VERKOM upload errors in both languages (%s)', (engine) => {
  let t: TestApp;
  let s: Session;
  beforeAll(async () => {
    t = await createTestApp(engine, { seedFamilies: 2, now: () => new Date('2026-09-15T03:00:00Z') });
    s = await loginAs(t.app, 'pendamping01');
  });
  afterAll(async () => t?.close());

  const upload = (query: string, lang: 'id' | 'en') =>
    t.app.inject({
      method: 'POST',
      url: `${API}/compliance/verkom?${query}`,
      payload: aprilToJune(),
      headers: { cookie: s.cookie, 'x-csrf-token': s.csrf, 'content-type': 'text/csv', 'accept-language': lang },
    });

  it('refuses a form of another quarter with the months named in each language', async () => {
    const id = {
      whole: 'Berkas VERKOM tidak dapat dibaca: Baris 5: formulir berisi bulan APRIL, MEI, JUNI, padahal periode triwulan 3 2026 adalah JULI 2026, AGUSTUS 2026, SEPTEMBER 2026. Periksa periode atau berkasnya.',
    };
    const en = {
      whole: 'The VERKOM file cannot be read: Line 5: the form covers April, May, June, but the period quarter 3 of 2026 is July 2026, August 2026, September 2026. Check the period or the file.',
    };
    for (const lang of ['en', 'id'] as const) {
      const res = await upload('period=2026-Q3', lang);
      const e = expectError(res, 422, 'verkom_invalid');
      const body = JSON.parse(res.body) as { error: { message: string; messages: { id: string; en: string }; fields: Record<string, string> } };
      // Whatever the request's language, both texts of the pair are whole and in their own language.
      expect(body.error.messages).toEqual({ id: id.whole, en: en.whole });
      expect(e.message).toBe(lang === 'en' ? en.whole : id.whole);
      for (const field of Object.values(body.error.fields)) {
        if (lang === 'en') expect(field).not.toMatch(INDONESIAN_MONTHS);
        else expect(field).toMatch(/^Baris 5: /);
      }
      expect(body.error.messages.en).not.toMatch(/\bBaris\b/);
      expect(body.error.messages.en).not.toMatch(INDONESIAN_MONTHS);
    }
  });
});
