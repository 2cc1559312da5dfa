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

  it('leaves any other refusal alone', () => {
    expect(syncRefusalFields(new ApiError(422, 'sync.refused', 'Keluarga atau data tidak ditemukan, atau di luar wilayah tugas Anda.'))).toBeNull();
    expect(syncRefusalFields(new ApiError(422, 'validation', 'Invalid data: Date: x.'))).toBeNull();
  });
});
