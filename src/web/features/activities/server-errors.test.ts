import { describe, expect, it } from 'vitest';
import { ApiError } from '../../api/client';
import { activityFieldErrors, syncRefusalFields } from './server-errors';

describe('the server’s refusal of an activity, by field', () => {
  it('takes the fields of an online 422 as they are', () => {
    expect(activityFieldErrors(new ApiError(422, 'validation', 'x', { date: 'Nope.' }))).toEqual({ date: 'Nope.' });
    expect(activityFieldErrors(new ApiError(500, 'server', 'x'))).toEqual({});
  });

  it('gives a sync refusal’s sentences back to their fields, in Indonesian too (a label the message opens with is left out)', () => {
    const e = new ApiError(422, 'sync.refused', 'Data tidak valid: Tanggal tidak boleh sebelum keluarga ini masuk PKH (tahun 2026). Peran: Peran "x" tidak dikenal. Catatan: Terlalu panjang.');
    expect(syncRefusalFields(e)).toEqual({
      date: 'Tanggal tidak boleh sebelum keluarga ini masuk PKH (tahun 2026).',
      roles: 'Peran "x" tidak dikenal.',
      notes: 'Terlalu panjang.',
    });
  });

  it('takes a sync refusal’s fields when the server sent them, never parsing its sentence', () => {
    // The sentence would name `roles` and `notes`; the fields name the item (`roles.1`) and no notes.
    const e = new ApiError(422, 'sync.refused', 'Data tidak valid: Peran: Peran "x" tidak dikenal. Catatan: Terlalu panjang.', { 'roles.1': 'Peran "x" tidak dikenal.', date: 'Tanggal kegiatan tidak boleh setelah hari ini.' });
    expect(activityFieldErrors(e)).toEqual({ 'roles.1': 'Peran "x" tidak dikenal.', date: 'Tanggal kegiatan tidak boleh setelah hari ini.' });
  });

  it('falls back to the sentence for an older server’s refusal, which has no fields', () => {
    const e = new ApiError(422, 'sync.refused', 'Invalid data: Date: The date cannot be after today. Roles: Unknown role "x".');
    expect(e.fields).toEqual({});
    expect(activityFieldErrors(e)).toEqual({ date: 'The date cannot be after today.', roles: 'Unknown role "x".' });
  });

  it('leaves any other refusal alone', () => {
    expect(syncRefusalFields(new ApiError(422, 'sync.refused', 'Keluarga atau data tidak ditemukan, atau di luar wilayah tugas Anda.'))).toBeNull();
    expect(syncRefusalFields(new ApiError(422, 'validation', 'Invalid data: Date: x.'))).toBeNull();
  });
});
