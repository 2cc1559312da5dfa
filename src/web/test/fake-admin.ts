/** In-memory AdminData for component tests (no network). */
import { ApiError } from '../api/client';
import type { AdminData, TaxonomyName, TaxonomyTerm } from '../data/admin';

/** What the fake holds and records; tests seed it and read it (`Object.assign(data, fakeAdminData(state))`). */
export interface AdminState {
  terms: Record<TaxonomyName, TaxonomyTerm[]>;
  /** Answered instead of doing the call (e.g. a 400 with `fields`), by method name. */
  errors: Partial<Record<keyof AdminData, ApiError>>;
  calls: Array<{ method: keyof AdminData; args: unknown[] }>;
}

const shipped = (code: string, id: string, en: string): TaxonomyTerm => ({ code, id, en, shipped: true, active: true, createdAt: null });

export function adminState(over: Partial<AdminState> = {}): AdminState {
  return {
    terms: {
      'activity-types': [shipped('kunjungan_rumah', 'Kunjungan rumah', 'Home visit'), shipped('rujukan', 'Rujukan', 'Referral')],
      supporting_factors: [shipped('kesadaran_kpm', 'Kesadaran KPM', 'Awareness of the KPM')],
      obstacles: [shipped('akses_pendamping_minim', 'Minimnya akses pendamping', 'The pendamping lacks access')],
    },
    errors: {},
    calls: [],
    ...over,
  };
}

const CODE = /^[a-z][a-z0-9_]{1,39}$/;

export function fakeAdminData(state: AdminState = adminState()): AdminData {
  const record = (method: keyof AdminData, args: unknown[]) => {
    state.calls.push({ method, args });
    const error = state.errors[method];
    if (error) throw error;
  };
  return {
    async listTaxonomy(taxonomy) {
      record('listTaxonomy', [taxonomy]);
      return { taxonomy, items: state.terms[taxonomy].map((t) => ({ ...t })) };
    },
    async addTaxonomyTerm(taxonomy, input) {
      record('addTaxonomyTerm', [taxonomy, input]);
      const fields: Record<string, string> = {};
      if (!CODE.test(input.code)) fields.code = 'Kode: 2-40 karakter, huruf kecil, angka atau garis bawah, diawali huruf.';
      if (!input.id.trim()) fields.id = 'Isi label.';
      if (!input.en.trim()) fields.en = 'Isi label.';
      if (Object.keys(fields).length) throw new ApiError(400, 'validation', 'Data tidak valid.', fields);
      const existing = state.terms[taxonomy].find((t) => t.code === input.code);
      if (existing) {
        const code = existing.shipped ? 'taxonomy_code_shipped' : 'taxonomy_code_taken';
        const message = existing.shipped ? `Kode "${input.code}" sudah ada dalam daftar bawaan; pilih kode lain.` : `Kode "${input.code}" sudah ditambahkan sebelumnya; pilih kode lain.`;
        throw new ApiError(409, code, message, { code: message });
      }
      const term: TaxonomyTerm = { code: input.code, id: input.id.trim(), en: input.en.trim(), shipped: false, active: true, createdAt: '2026-07-15T03:00:00.000Z' };
      state.terms[taxonomy].push(term);
      return { ...term };
    },
    async updateTaxonomyTerm(taxonomy, code, patch) {
      record('updateTaxonomyTerm', [taxonomy, code, patch]);
      const term = state.terms[taxonomy].find((t) => t.code === code);
      if (!term) throw new ApiError(404, 'not_found', 'Tidak ditemukan');
      if (term.shipped) throw new ApiError(409, 'taxonomy_shipped_readonly', `Istilah bawaan "${code}" tidak dapat diubah.`);
      if (patch.id !== undefined) term.id = patch.id.trim();
      if (patch.en !== undefined) term.en = patch.en.trim();
      if (patch.active !== undefined) term.active = patch.active;
      return { ...term };
    },
  };
}
