import { act } from 'react';
import { afterEach, describe, expect, it } from 'vitest';
import { ApiError } from '../../api/client';
import { demoUser, kotaUser } from '../../test/fake-data';
import { SAMPLE_TEXT } from '../../test/fake-research';
import { byLabel, cleanup, click, findByText, getByText, pickFiles, queryByText, renderApp, submit, type, waitFor } from '../../test/helpers';
import { findInText, norm, researchData, selectText } from './test-support';

afterEach(() => {
  cleanup();
  window.getSelection()?.removeAllRanges();
});

const textArea = (el: HTMLElement) => el.querySelector('textarea') as unknown as HTMLInputElement;
const button = (root: ParentNode, name: string) => getByText(root, name, 'button') as HTMLButtonElement;

describe('/riset: documents', () => {
  it('a peneliti sees the documents (title, source, segments, coders), the pseudonymisation note and filters by source', async () => {
    const { data, state } = researchData();
    const { container } = await renderApp({ data, path: '/riset' });
    await findByText(container, 'Riset kualitatif', 'h1');
    expect(norm(container.querySelector('.research-pseudonymised')?.textContent)).toContain('nama dan NIK di dalam teks sudah disamarkan');
    const first = await waitFor(() => {
      const li = container.querySelector<HTMLElement>('[data-document="doc-1"]');
      if (!li) throw new Error('loading');
      return li;
    });
    expect(first.querySelector('a')?.getAttribute('href')).toBe('/riset/dokumen/doc-1');
    expect(norm(first.textContent)).toContain('Wawancara KPM Tugu');
    expect(norm(first.textContent)).toContain('Transkrip wawancara');
    expect(norm(first.querySelector('[data-count="segments"]')?.textContent)).toBe('3 segmen berkode');
    expect(norm(first.textContent)).toContain('peneliti, peneliti2');
    expect(norm(container.querySelector('[data-document="doc-2"]')?.textContent)).toContain('belum dikodekan');
    // Links to the other screens.
    for (const href of ['/riset/kodebuku', '/riset/model', '/riset/tabel']) expect(container.querySelector(`nav a[href="${href}"]`)).not.toBeNull();

    await type(byLabel(container, 'Saring menurut sumber'), 'activity_note');
    await waitFor(() => expect(container.querySelector('[data-document="doc-1"]')).toBeNull());
    expect(container.querySelector('[data-document="doc-2"]')).not.toBeNull();
    expect(state.calls.filter((c) => c.method === 'researchDocuments').map((c) => c.args)).toEqual([
      [null, { limit: 20, offset: 0 }],
      ['activity_note', { limit: 20, offset: 0 }],
    ]);
    await type(byLabel(container, 'Saring menurut sumber'), 'case_note');
    await findByText(container, 'Tidak ada dokumen dari sumber ini.');
  });

  it('a long list shows 20 documents, then more on request', async () => {
    const { sampleDocument } = await import('../../test/fake-research');
    const documents = Array.from({ length: 25 }, (_, i) => sampleDocument({ id: `d${i + 1}`, title: `Catatan ${i + 1}`, segments: [] }));
    const { data, state } = researchData({ state: { documents } });
    const { container } = await renderApp({ data, path: '/riset' });
    await findByText(container, '20 dari 25 dokumen');
    // Only a page is asked of the server.
    expect(state.calls.filter((c) => c.method === 'researchDocuments').map((c) => c.args[1])).toEqual([{ limit: 20, offset: 0 }]);
    expect(container.querySelectorAll('li.research-doc').length).toBe(20);
    await click(button(container, 'Tampilkan lebih banyak'));
    await waitFor(() => expect(container.querySelectorAll('li.research-doc').length).toBe(25));
    getByText(container, '25 dari 25 dokumen');
    expect(queryByText(container, 'Tampilkan lebih banyak', 'button')).toBeNull();
  });

  it('an empty list says how to add documents', async () => {
    const { data } = researchData({ state: { documents: [] } });
    const { container } = await renderApp({ data, path: '/riset' });
    await findByText(container, 'Belum ada dokumen. Unggah transkrip');
  });

  it('uploads a .txt transcript with its title, showing the progress, then lists it; a refused upload shows the server’s message', async () => {
    let release: () => void = () => undefined;
    const { data, state } = researchData({ state: { uploadGate: new Promise<void>((r) => (release = r)) } });
    const { container } = await renderApp({ data, path: '/riset' });
    const form = await waitFor(() => {
      const f = container.querySelector<HTMLFormElement>('form.research-upload');
      if (!f) throw new Error('loading');
      return f;
    });
    // Not a transcript: refused before anything is sent.
    await pickFiles(byLabel(form, 'Berkas transkrip') as HTMLInputElement, [new File(['x'], 'foto.jpg', { type: 'image/jpeg' })]);
    await click(button(form, 'Unggah'));
    await findByText(form, 'Berkas "foto.jpg" bukan .txt atau .docx.');
    expect(state.calls.some((c) => c.method === 'uploadResearchDocument')).toBe(false);

    await type(byLabel(form, 'Judul'), 'Wawancara Bu Sri');
    await pickFiles(byLabel(form, 'Berkas transkrip') as HTMLInputElement, [new File(['Saya ikut P2K2 sejak 2021.'], 'sri.txt', { type: 'text/plain' })]);
    await click(button(form, 'Unggah'));
    const bar = await waitFor(() => {
      const b = form.querySelector('progress');
      if (!b) throw new Error('not yet');
      return b;
    });
    expect(bar.getAttribute('value')).toBe('50');
    getByText(form, 'Mengunggah 50%');
    await act(async () => release());
    await findByText(form, 'Dokumen "Wawancara Bu Sri" ditambahkan.');
    expect(state.calls.find((c) => c.method === 'uploadResearchDocument')?.args[0]).toEqual({ title: 'Wawancara Bu Sri', fileName: 'sri.txt', size: 26 });
    await findByText(container, 'Wawancara Bu Sri', 'a.research-doc-title');

    state.errors.uploadResearchDocument = new ApiError(422, 'empty_text', 'Berkas tidak berisi teks.', {}, null, { id: 'Berkas tidak berisi teks.', en: 'The file holds no text.' });
    await pickFiles(byLabel(form, 'Berkas transkrip') as HTMLInputElement, [new File([' '], 'kosong.txt', { type: 'text/plain' })]);
    await click(button(form, 'Unggah'));
    expect(norm((await findByText(form, 'Berkas tidak berisi teks.')).closest('[role="alert"]')?.textContent)).toContain('Berkas tidak berisi teks.');
  });

  it('adds pasted text and collects Titian’s notes (added of total)', async () => {
    const { data, state } = researchData();
    const { container } = await renderApp({ data, path: '/riset' });
    const paste = await waitFor(() => {
      const f = container.querySelector<HTMLFormElement>('form.research-paste');
      if (!f) throw new Error('loading');
      return f;
    });
    await submit(paste);
    getByText(paste, 'Isi judul dokumen.');
    await type(byLabel(paste, 'Judul'), 'Catatan FGD');
    const ta = textArea(paste);
    await act(async () => {
      Object.getOwnPropertyDescriptor(HTMLTextAreaElement.prototype, 'value')!.set!.call(ta, 'Peserta FGD bercerita.');
      ta.dispatchEvent(new Event('input', { bubbles: true }));
    });
    await submit(paste);
    await findByText(paste, 'Dokumen "Catatan FGD" ditambahkan.');
    expect(state.calls.find((c) => c.method === 'createResearchDocument')?.args[0]).toEqual({ title: 'Catatan FGD', text: 'Peserta FGD bercerita.' });

    const collect = container.querySelector<HTMLFormElement>('form.research-collect')!;
    await type(byLabel(collect, 'Dari tanggal'), '2026-01-01');
    await click(button(collect, 'Kumpulkan catatan'));
    await findByText(collect, '3 catatan baru ditambahkan (dari 12 catatan dalam cakupan).');
    expect(state.calls.find((c) => c.method === 'collectResearchNotes')?.args[0]).toEqual({ from: '2026-01-01', to: null });
    // Nothing corrected since: no word about it.
    expect(norm(collect.querySelector('.research-collected')?.textContent)).not.toContain('koreksi');

    // Copies whose notes were corrected or removed since are said, with the codes let go.
    state.collect = { added: 0, total: 12, refreshed: 2, withdrawn: 1, segmentsDropped: 3 };
    await click(button(collect, 'Kumpulkan catatan'));
    await findByText(
      collect,
      '0 catatan baru ditambahkan (dari 12 catatan dalam cakupan). Catatan yang sudah dikumpulkan mengikuti koreksi sumbernya: 2 diperbarui, 1 ditarik karena catatannya dihapus atau dikosongkan; 3 kode yang bagiannya tidak ada lagi dilepas.',
    );
  });

  it('pendamping and auditor: "not available for your role", and nothing is asked of the server', async () => {
    for (const user of [demoUser, { ...demoUser, username: 'auditor', role: 'auditor' as const }]) {
      const { data, state } = researchData({ user });
      const { container, unmount } = await renderApp({ data, path: '/riset/kodebuku' });
      await findByText(container, 'Modul riset tidak tersedia untuk peran Anda.');
      expect(state.calls).toEqual([]);
      unmount();
    }
  });

  it('complete in English; a koordinator sees no pseudonymisation note', async () => {
    const { data } = researchData({ user: kotaUser });
    const { container } = await renderApp({ data, path: '/riset', lang: 'en' });
    await findByText(container, 'Qualitative research', 'h1');
    await findByText(container, '3 coded segments');
    getByText(container, 'Upload a transcript', 'h2');
    getByText(container, 'Interview transcript');
    expect(container.querySelector('.research-pseudonymised')).toBeNull();
    expect(norm(container.textContent)).not.toMatch(/web\.research\./);
  });
});

describe('English', () => {
  it('every research screen is complete in English (no message keys left)', async () => {
    for (const [path, heading] of [
      ['/riset', 'Qualitative research'],
      ['/riset/dokumen/doc-1', 'Wawancara KPM Tugu'],
      ['/riset/kodebuku', 'Codebook'],
      ['/riset/model', 'Model: categories and relations'],
      ['/riset/tabel', 'Tables and exports'],
    ] as const) {
      const { data } = researchData();
      const { container, unmount } = await renderApp({ data, path, lang: 'en' });
      await findByText(container, heading, 'h1');
      await waitFor(() => expect(container.querySelector('main .loading')).toBeNull());
      expect(norm(container.textContent), path).not.toMatch(/web\.research\.|\{\w+\}/);
      expect(norm(container.querySelector('.research-pseudonymised')?.textContent)).toContain('pseudonymised by the server');
      if (path === '/riset/dokumen/doc-1') {
        await waitFor(() => getByText(container, 'Moderate'));
        getByText(container, 'Apply code', 'button');
        getByText(container, 'Ife’s roles · Facilitative');
      }
      unmount();
    }
  });
});

describe('/riset/dokumen/:id: coding', () => {
  async function openDoc(opts: Parameters<typeof researchData>[0] = {}) {
    const r = researchData(opts);
    const app = await renderApp({ data: r.data, path: '/riset/dokumen/doc-1' });
    const text = await waitFor(() => {
      const el = app.container.querySelector<HTMLElement>('[data-testid="research-text"]');
      if (!el || !app.container.querySelector('input[name="codeId"]')) throw new Error('loading');
      return el;
    });
    return { ...r, ...app, text };
  }

  it('shows the raw text with coded passages highlighted, overlapping segments visible, and the segments with delete for own ones', async () => {
    const { container, text } = await openDoc();
    getByText(container, 'Wawancara KPM Tugu', 'h1');
    expect(text.textContent).toBe(SAMPLE_TEXT);
    const marks = [...text.querySelectorAll<HTMLElement>('mark')];
    expect(marks.map((m) => [m.textContent, m.dataset.codes])).toEqual([
      ['Pendamping datang ', 'c-animasi'],
      ['tiap bulan', 'c-animasi c-dukungan'],
      [' dan membantu ', 'c-dukungan'],
      ['usaha warung', 'c-dukungan c-usaha'],
    ]);
    expect(marks[1]!.classList.contains('research-overlap')).toBe(true);
    expect(marks[1]!.getAttribute('style')).toContain('linear-gradient');
    expect(marks[1]!.title).toBe('Dikodekan: Animasi sosial, Dukungan');
    // A colour per code: the codes of this document differ.
    expect(marks[0]!.getAttribute('style')).not.toBe(marks[2]!.getAttribute('style'));
    const own = container.querySelector('[data-segment="s-1"]')!;
    const other = container.querySelector('[data-segment="s-2"]')!;
    expect(norm(own.textContent)).toContain('Animasi sosial');
    expect(own.querySelector('button')?.textContent).toBe('Hapus');
    expect(other.querySelector('button')).toBeNull();
    expect(norm(other.textContent)).toContain('oleh peneliti2');
  });

  it('a passage selected with the mouse and a code chosen: "Terapkan kode" posts the offsets of the raw text and the passage is highlighted', async () => {
    const { container, text, state } = await openDoc();
    const apply = button(container, 'Terapkan kode');
    await click(apply);
    getByText(container, 'Pilih bagian teks dulu.');

    // "anak-anak bersekolah" lies after the last mark: a text node that starts at offset 99.
    const at = findInText(text, 'anak-anak bersekolah');
    await act(async () => selectText(text, at, { node: at.node, offset: at.offset + 'anak-anak bersekolah'.length }));
    const start = SAMPLE_TEXT.indexOf('anak-anak bersekolah');
    await waitFor(() => expect(norm(container.querySelector('.research-selected-text')?.textContent)).toBe('anak-anak bersekolah'));
    getByText(container, `karakter ${start}–${start + 20}`);

    await click(apply);
    getByText(container, 'Pilih kode dulu.');
    await type(byLabel(container, 'Cari kode'), 'kesadaran');
    expect(container.querySelectorAll('input[name="codeId"]').length).toBe(1);
    getByText(container, 'Faktor pendukung', '.research-group-label');
    await click(container.querySelector<HTMLInputElement>('input[name="codeId"][value="c-kesadaran"]')!);
    await click(apply);
    await findByText(container, 'Kode "Kesadaran KPM" diterapkan.');
    expect(state.calls.find((c) => c.method === 'createSegment')?.args).toEqual(['doc-1', { start, end: start + 20, codeId: 'c-kesadaran' }]);
    const mark = await waitFor(() => {
      const m = text.querySelector<HTMLElement>('mark[data-codes="c-kesadaran"]');
      if (!m) throw new Error('not highlighted yet');
      return m;
    });
    expect(mark.textContent).toBe('anak-anak bersekolah');
    expect(text.textContent).toBe(SAMPLE_TEXT);
    expect(container.querySelector('.research-selected-text')).toBeNull();
  });

  it('a selection across marks maps to the raw text; trailing spaces are dropped; a new open code is made inline and applied', async () => {
    const { container, text, state } = await openDoc();
    const from = findInText(text, 'bercerita');
    const to = findInText(text, 'tiap bulan');
    await act(async () => selectText(text, from, { node: to.node, offset: to.offset + 4 }));
    const start = SAMPLE_TEXT.indexOf('bercerita');
    const end = SAMPLE_TEXT.indexOf('tiap bulan') + 4;
    await waitFor(() => expect(container.querySelector('.research-selected-text')?.textContent).toBe(SAMPLE_TEXT.slice(start, end)));

    await type(byLabel(container, 'Kode terbuka baru'), 'Cerita keluarga');
    await click(button(container, 'Buat kode'));
    await waitFor(() => expect(container.querySelector<HTMLInputElement>('input[name="codeId"]:checked')?.value).toBe('c-new-1'));
    getByText(container, 'Kode terbuka', '.research-group-label');
    await click(button(container, 'Terapkan kode'));
    await findByText(container, 'Kode "Cerita keluarga" diterapkan.');
    expect(state.calls.find((c) => c.method === 'createSegment')?.args[1]).toEqual({ start, end, codeId: 'c-new-1' });
  });

  it('the keyboard way: a character range; an impossible range is refused', async () => {
    const { container, state } = await openDoc();
    await type(byLabel(container, 'Dari karakter'), '10');
    await type(byLabel(container, 'Sampai karakter'), '5');
    await click(button(container, 'Pilih rentang ini'));
    getByText(container, 'Rentang harus di antara 0 dan');
    await type(byLabel(container, 'Dari karakter'), '0');
    await type(byLabel(container, 'Sampai karakter'), '12');
    await click(button(container, 'Pilih rentang ini'));
    expect(container.querySelector('.research-selected-text')?.textContent).toBe('Ibu KPM-0001');
    await click(container.querySelector<HTMLInputElement>('input[name="codeId"][value="c-informasi"]')!);
    await click(button(container, 'Terapkan kode'));
    await findByText(container, 'diterapkan.');
    expect(state.calls.find((c) => c.method === 'createSegment')?.args[1]).toEqual({ start: 0, end: 12, codeId: 'c-informasi' });
  });

  it('deletes an own segment; the server’s refusal of a segment is shown', async () => {
    const { container, state } = await openDoc();
    await click(container.querySelector('[data-segment="s-1"] button')!);
    await waitFor(() => expect(container.querySelector('[data-segment="s-1"]')).toBeNull());
    expect(state.calls.find((c) => c.method === 'deleteSegment')?.args).toEqual(['s-1']);

    state.errors.createSegment = new ApiError(403, 'forbidden', 'Anda tidak berwenang.', {}, null, { id: 'Anda tidak berwenang.', en: 'Not allowed.' });
    await type(byLabel(container, 'Dari karakter'), '0');
    await type(byLabel(container, 'Sampai karakter'), '3');
    await click(button(container, 'Pilih rentang ini'));
    await click(container.querySelector<HTMLInputElement>('input[name="codeId"][value="c-akses"]')!);
    await click(button(container, 'Terapkan kode'));
    await findByText(container, 'Anda tidak berwenang.');
  });

  it('sends the text version the passage was chosen on; a 409 (the note was corrected meanwhile) says so and loads the new text', async () => {
    const r = researchData();
    const read = r.data.researchDocument.bind(r.data);
    let version = 'v1';
    r.data.researchDocument = async (id: string) => ({ ...(await read(id)), textVersion: version });
    const app = await renderApp({ data: r.data, path: '/riset/dokumen/doc-1' });
    const { container } = app;
    await waitFor(() => {
      if (!container.querySelector('input[name="codeId"]')) throw new Error('loading');
    });
    const reads = () => r.state.calls.filter((c) => c.method === 'researchDocument').length;
    const before = reads();
    version = 'v2';
    r.state.errors.createSegment = new ApiError(409, 'research_document_changed', 'Teks dokumen ini baru saja berubah.', {}, null, { id: 'Teks dokumen ini baru saja berubah.', en: 'This document’s text has just changed.' });
    await type(byLabel(container, 'Dari karakter'), '0');
    await type(byLabel(container, 'Sampai karakter'), '3');
    await click(button(container, 'Pilih rentang ini'));
    await click(container.querySelector<HTMLInputElement>('input[name="codeId"][value="c-akses"]')!);
    await click(button(container, 'Terapkan kode'));
    await findByText(container, 'Teks dokumen ini baru saja berubah.');
    expect(r.state.calls.find((c) => c.method === 'createSegment')?.args[1]).toEqual({ start: 0, end: 3, codeId: 'c-akses', textVersion: 'v1' });
    await waitFor(() => expect(reads()).toBeGreaterThan(before));
    // The passage chosen on the old text is let go: applying again asks for a new one, nothing is sent.
    expect(container.querySelector('.research-selected-text')).toBeNull();
    r.state.errors.createSegment = undefined;
    await click(button(container, 'Terapkan kode'));
    await findByText(container, 'Pilih bagian teks dulu.');
    expect(r.state.calls.filter((c) => c.method === 'createSegment')).toHaveLength(1);
  });

  it('the agreement panel: two coders → kappa, observed and expected agreement, n and the Landis & Koch reading', async () => {
    const { container, state } = await openDoc({ state: { agreement: { kappa: 0.72, observedAgreement: 0.9, expectedAgreement: 0.643, n: 58, coderA: 'peneliti', coderB: 'peneliti2' } } });
    const panel = container.querySelector<HTMLElement>('.research-agreement')!;
    const fact = (k: string) => norm(panel.querySelector(`[data-fact="${k}"] dd`)?.textContent);
    await waitFor(() => expect(fact('kappa')).toBe('0,72'));
    expect(fact('reading')).toBe('Baik');
    expect(fact('observed')).toBe('90%');
    expect(fact('expected')).toBe('64,3%');
    expect(fact('n')).toBe('58');
    expect(state.calls.find((c) => c.method === 'agreement')?.args).toEqual(['doc-1', 'peneliti', 'peneliti2']);
    await type(byLabel(panel, 'Pengode B'), 'peneliti');
    getByText(panel, 'Pilih dua pengode yang berbeda.');

    state.agreement = { kappa: 0.3, observedAgreement: 0.7, expectedAgreement: 0.57, n: 20, coderA: 'peneliti2', coderB: 'peneliti' };
    await type(byLabel(panel, 'Pengode A'), 'peneliti2');
    await waitFor(() => expect(fact('reading')).toBe('Cukup'));
  });

  it('the kappa is written with the language’s decimal sign: a comma in Indonesian, a point in English', async () => {
    const { container } = await openDoc({ state: { agreement: { kappa: 0.8571, observedAgreement: 0.905, expectedAgreement: 0.3333, n: 63, coderA: 'peneliti', coderB: 'peneliti2' } } });
    const panel = container.querySelector<HTMLElement>('.research-agreement')!;
    const fact = (k: string) => norm(panel.querySelector(`[data-fact="${k}"] dd`)?.textContent);
    await waitFor(() => expect(fact('kappa')).toBe('0,86'));
    expect(fact('observed')).toBe('90,5%');
    await click(container.querySelector('.lang-switch button[lang="en"]')!);
    await waitFor(() => expect(fact('kappa')).toBe('0.86'));
    expect(fact('observed')).toBe('90.5%');
  });

  it('a coder who has not coded the document: the server’s message, not a kappa', async () => {
    const { container, state } = await openDoc({
      state: {
        errors: {
          agreement: new ApiError(422, 'research_coder_not_coded', 'peneliti2 belum mengodekan dokumen ini, jadi kesepakatan belum dapat dihitung.', {}, null, {
            id: 'peneliti2 belum mengodekan dokumen ini, jadi kesepakatan belum dapat dihitung.',
            en: 'peneliti2 has not coded this document yet, so agreement cannot be computed.',
          }),
        },
      },
    });
    const panel = container.querySelector<HTMLElement>('.research-agreement')!;
    await waitFor(() => expect(norm(panel.querySelector('[role="alert"]')?.textContent)).toBe('peneliti2 belum mengodekan dokumen ini, jadi kesepakatan belum dapat dihitung.'));
    expect(panel.querySelector('[data-fact="kappa"]')).toBeNull();
    expect(state.calls.filter((c) => c.method === 'agreement')).toHaveLength(1);
    await click(container.querySelector('.lang-switch button[lang="en"]')!);
    await waitFor(() => expect(norm(panel.querySelector('[role="alert"]')?.textContent)).toBe('peneliti2 has not coded this document yet, so agreement cannot be computed.'));
  });

  it('a koordinator’s segments reach a peneliti under a pseudonym: shown as such, not deletable, and chosen by it for the agreement', async () => {
    const base = (await import('../../test/fake-research')).sampleDocument();
    const segments = base.segments.map((g) => (g.coder === 'peneliti2' ? { ...g, coder: 'PDP-1A2B3C4D' } : g));
    const memos = base.memos.map((m) => ({ ...m, author: 'PDP-1A2B3C4D' }));
    const { container, state } = await openDoc({ state: { documents: [{ ...base, segments, memos }] } });
    const other = container.querySelector('[data-segment="s-2"]')!;
    expect(norm(other.textContent)).toContain('oleh PDP-1A2B3C4D');
    expect(other.querySelector('button')).toBeNull();
    expect(norm(container.querySelector('.research-memo-list')?.textContent)).toContain('PDP-1A2B3C4D');
    const panel = container.querySelector<HTMLElement>('.research-agreement')!;
    expect([...panel.querySelectorAll<HTMLOptionElement>('select[name="coderA"] option')].map((o) => o.value)).toEqual(['PDP-1A2B3C4D', 'peneliti']);
    await waitFor(() => expect(state.calls.find((c) => c.method === 'agreement')?.args).toEqual(['doc-1', 'PDP-1A2B3C4D', 'peneliti']));
  });

  it('with one coder the panel says two are needed; memos of the document are listed and added', async () => {
    const { container, state } = await openDoc({ state: { documents: [{ ...(await import('../../test/fake-research')).sampleDocument(), segments: [] }] } });
    getByText(container, 'Kesepakatan dihitung bila dua orang mengodekan dokumen yang sama.');
    getByText(container, 'Belum ada segmen berkode di dokumen ini.');
    getByText(container, 'Peran pendamping menonjol.');
    const memoForm = container.querySelector<HTMLFormElement>('.research-memo-form')!;
    const ta = textArea(memoForm);
    await act(async () => {
      Object.getOwnPropertyDescriptor(HTMLTextAreaElement.prototype, 'value')!.set!.call(ta, 'Perlu dibandingkan dengan Curug.');
      ta.dispatchEvent(new Event('input', { bubbles: true }));
    });
    await click(button(memoForm, 'Simpan memo'));
    await findByText(container, 'Perlu dibandingkan dengan Curug.', 'li p');
    expect(state.calls.find((c) => c.method === 'createMemo')?.args[0]).toEqual({ text: 'Perlu dibandingkan dengan Curug.', documentId: 'doc-1' });
  });

  it('a document that does not exist, or a malformed id (400 on `id`): "not found", with the way back', async () => {
    const { data } = researchData();
    const { container } = await renderApp({ data, path: '/riset/dokumen/nope' });
    await findByText(container, 'Dokumen tidak ditemukan', 'h1');
    getByText(container, 'Dokumen ini tidak ada atau sudah dihapus. Periksa tautannya, atau pilih dokumen dari daftar.');
    cleanup();

    const malformed = researchData();
    malformed.data.researchDocument = async () => {
      throw new ApiError(400, 'validation', 'The data sent is not valid. Check the marked fields.', { id: 'Harus berupa UUID.' });
    };
    const m = await renderApp({ data: malformed.data, path: '/riset/dokumen/xyz' });
    await findByText(m.container, 'Dokumen tidak ditemukan', 'h1');
    getByText(m.container, 'Dokumen ini tidak ada atau sudah dihapus. Periksa tautannya, atau pilih dokumen dari daftar.');
    expect(queryByText(m.container, 'The data sent is not valid. Check the marked fields.')).toBeNull();
    expect(getByText(m.container, '← Kembali ke dokumen', 'a').getAttribute('href')).toBe('/riset');
  });

  it('a document the server refuses otherwise: its own message', async () => {
    const { data } = researchData();
    data.researchDocument = async () => {
      throw new ApiError(500, 'internal', 'Server sedang bermasalah.');
    };
    const { container } = await renderApp({ data, path: '/riset/dokumen/doc-1' });
    await findByText(container, 'Server sedang bermasalah.');
    expect(queryByText(container, 'Dokumen tidak ditemukan')).toBeNull();
  });
});

describe('/riset/kodebuku, /riset/model, /riset/tabel', () => {
  it('the codebook by kind and group with frequencies; "lihat kutipan" lists passages with sources; an open code is added and edited', async () => {
    const { data, state } = researchData();
    const { container } = await renderApp({ data, path: '/riset/kodebuku' });
    await findByText(container, 'Peran Ife · Fasilitatif', 'h2');
    getByText(container, 'Peran Ife · Edukasional', 'h2');
    getByText(container, 'Hambatan · Sumber: pendamping', 'h2');
    getByText(container, 'Kode terbuka', 'h2');
    const animasi = container.querySelector<HTMLElement>('[data-code="animasi_sosial"]')!;
    getByText(animasi, 'Menggerakkan semangat warga.');
    await waitFor(() => expect(norm(animasi.querySelector('[data-frequency]')?.textContent)).toBe('1 segmen di 1 dokumen'));
    expect(queryByText(animasi, 'Ubah', 'button')).toBeNull();
    await click(button(animasi, 'Lihat kutipan'));
    const quote = await findByText(animasi, 'Pendamping datang tiap bulan', 'blockquote');
    const meta = norm(quote.parentElement?.querySelector('.hint')?.textContent);
    expect(meta).toContain('Wawancara KPM Tugu');
    expect(meta).toContain('Transkrip wawancara');
    expect(quote.parentElement?.querySelector('a')?.getAttribute('href')).toBe('/riset/dokumen/doc-1');

    const add = container.querySelector<HTMLFormElement>('form.research-add-code')!;
    await submit(add);
    getByText(add, 'Isi nama kode.');
    await type(byLabel(add, 'Nama kode'), 'Malu bertanya');
    await submit(add);
    await findByText(container, 'Malu bertanya', 'h3');
    expect(state.calls.find((c) => c.method === 'createResearchCode')?.args[0]).toEqual({ label: 'Malu bertanya', description: null });

    const usaha = container.querySelector<HTMLElement>('[data-code="open_usaha_warung"]')!;
    await click(button(usaha, 'Ubah'));
    await type(byLabel(usaha, 'Nama kode'), 'Usaha warung kelontong');
    await click(button(usaha, 'Simpan'));
    await findByText(container, 'Usaha warung kelontong', 'h3');
    expect(state.calls.find((c) => c.method === 'updateResearchCode')?.args).toEqual(['c-usaha', { label: 'Usaha warung kelontong', description: 'Usaha kecil keluarga.' }]);
  });

  it('creates a category from codes, links two categories, marks the core category with its storyline; retrieval per category', async () => {
    const { data, state } = researchData();
    const { container } = await renderApp({ data, path: '/riset/model' });
    const form = await waitFor(() => {
      const f = container.querySelector<HTMLFormElement>('form.research-category-form');
      if (!f || !f.querySelector('input[name="codeIds"]')) throw new Error('loading');
      return f;
    });
    await type(byLabel(form, 'Nama kategori'), 'Kemandirian ekonomi');
    await type(byLabel(form, 'Saring kode'), 'usaha');
    await click(form.querySelector<HTMLInputElement>('input[name="codeIds"][value="c-usaha"]')!);
    await type(byLabel(form, 'Saring kode'), '');
    await click(form.querySelector<HTMLInputElement>('input[name="codeIds"][value="c-kesadaran"]')!);
    await submit(form);
    await findByText(container, 'Kategori "Kemandirian ekonomi" dibuat.');
    // Codebook order, whatever the order of the clicks.
    expect(state.calls.find((c) => c.method === 'createCategory')?.args[0]).toEqual({ name: 'Kemandirian ekonomi', description: null, codeIds: ['c-kesadaran', 'c-usaha'] });
    const card = await waitFor(() => {
      const c = container.querySelector<HTMLElement>('[data-category="cat-new-1"]');
      if (!c) throw new Error('loading');
      return c;
    });
    expect([...card.querySelectorAll('.chip')].map((c) => norm(c.textContent))).toEqual(['Kesadaran KPM', 'Usaha warung']);

    // A relation between the two categories.
    const rel = await waitFor(() => {
      const f = container.querySelector<HTMLFormElement>('form.research-relation-form');
      if (!f) throw new Error('loading');
      return f;
    });
    await type(byLabel(rel, 'Dari kategori'), 'cat-1');
    await type(byLabel(rel, 'Hubungan (mis. "menyebabkan")'), 'mendorong');
    await type(byLabel(rel, 'Ke kategori'), 'cat-new-1');
    await submit(rel);
    await waitFor(() => expect(norm(container.querySelector('.research-relation-list li')?.textContent)).toContain('Peran fasilitatif — mendorong → Kemandirian ekonomi'));

    // Selective coding.
    const core = container.querySelector<HTMLFormElement>('form.research-core-form')!;
    await submit(core);
    getByText(core, 'Pilih kategori inti dan tulis alur ceritanya.');
    await type(byLabel(core, 'Kategori inti'), 'cat-new-1');
    const ta = textArea(core);
    await act(async () => {
      Object.getOwnPropertyDescriptor(HTMLTextAreaElement.prototype, 'value')!.set!.call(ta, 'Pendampingan yang tekun menumbuhkan kemandirian ekonomi keluarga.');
      ta.dispatchEvent(new Event('input', { bubbles: true }));
    });
    await submit(core);
    await waitFor(() => expect(container.querySelector('.research-core-summary')?.getAttribute('data-core')).toBe('cat-new-1'));
    expect(state.calls.find((c) => c.method === 'setCoreCategory')?.args[0]).toEqual({ categoryId: 'cat-new-1', storyline: 'Pendampingan yang tekun menumbuhkan kemandirian ekonomi keluarga.' });
    getByText(container.querySelector('.research-core-summary')!, 'Pendampingan yang tekun');
    await waitFor(() => getByText(container.querySelector<HTMLElement>('[data-category="cat-new-1"]')!, 'Kategori inti', '.badge'));

    // Retrieval per category: the passages of its codes.
    const cat1 = container.querySelector<HTMLElement>('[data-category="cat-1"]')!;
    await click(button(cat1, 'Lihat kutipan'));
    await findByText(cat1, 'Pendamping datang tiap bulan', 'blockquote');
    getByText(cat1, 'tiap bulan dan membantu usaha warung', 'blockquote');
    expect(state.calls.find((c) => c.method === 'retrieval')?.args[0]).toEqual({ categoryId: 'cat-1' });
    // The category's memos load after its passages.
    await findByText(cat1, 'Memo kategori', 'h3');
  });

  it('edits a category (name and codes) and deletes it', async () => {
    const { data, state } = researchData();
    const { container } = await renderApp({ data, path: '/riset/model' });
    const card = await waitFor(() => {
      const c = container.querySelector<HTMLElement>('[data-category="cat-1"]');
      if (!c) throw new Error('loading');
      return c;
    });
    await waitFor(() => expect([...card.querySelectorAll('.chip')].map((c) => norm(c.textContent))).toEqual(['Animasi sosial', 'Dukungan']));
    await click(button(card, 'Ubah'));
    await type(byLabel(card, 'Nama kategori'), 'Peran fasilitatif pendamping');
    await click(card.querySelector<HTMLInputElement>('input[name="codeIds"][value="c-dukungan"]')!);
    await click(card.querySelector<HTMLInputElement>('input[name="codeIds"][value="c-usaha"]')!);
    await click(button(card, 'Simpan'));
    await findByText(container, 'Peran fasilitatif pendamping', 'h3');
    expect(state.calls.find((c) => c.method === 'updateCategory')?.args).toEqual(['cat-1', { name: 'Peran fasilitatif pendamping', description: 'Pendamping menggerakkan warga.', codeIds: ['c-animasi', 'c-usaha'] }]);
    await waitFor(() => expect([...container.querySelectorAll('[data-category="cat-1"] .chip')].map((c) => norm(c.textContent))).toEqual(['Animasi sosial', 'Usaha warung']));

    const del = [...container.querySelectorAll<HTMLButtonElement>('[data-category="cat-1"] button')].find((b) => b.getAttribute('aria-label') === 'Hapus kategori "Peran fasilitatif pendamping"');
    await click(del!);
    // Asked first: nothing deleted until confirmed.
    getByText(container, 'Hapus kategori "Peran fasilitatif pendamping" beserta relasinya?');
    expect(state.calls.some((c) => c.method === 'deleteCategory')).toBe(false);
    await click(button(container, 'Ya, hapus'));
    await findByText(container, 'Belum ada kategori.');
    expect(state.calls.find((c) => c.method === 'deleteCategory')?.args).toEqual(['cat-1']);
  });

  it('deleting a category: the question takes the focus, Escape and "Batal" give it back to "Hapus", and once deleted the heading has it', async () => {
    const { data, state } = researchData();
    const { container } = await renderApp({ data, path: '/riset/model' });
    const card = await waitFor(() => {
      const c = container.querySelector<HTMLElement>('[data-category="cat-1"]');
      if (!c) throw new Error('loading');
      return c;
    });
    const label = card.querySelector('h3')!.textContent;
    const del = () => [...card.querySelectorAll<HTMLButtonElement>('button')].find((b) => b.getAttribute('aria-label') === `Hapus kategori "${label}"`) ?? null;
    await click(del()!);
    expect(del()).toBeNull();
    const dialog = card.querySelector<HTMLElement>('[role="alertdialog"]')!;
    const question = document.getElementById(dialog.getAttribute('aria-describedby')!)!;
    expect(norm(question.textContent)).toContain('beserta relasinya?');
    expect(document.activeElement).toBe(question);
    await act(async () => {
      question.dispatchEvent(new KeyboardEvent('keydown', { key: 'Escape', bubbles: true, cancelable: true }));
    });
    expect(card.querySelector('[role="alertdialog"]')).toBeNull();
    expect(document.activeElement).toBe(del());

    await click(del()!);
    await click(button(card, 'Batal'));
    expect(card.querySelector('[role="alertdialog"]')).toBeNull();
    expect(document.activeElement).toBe(del());
    expect(state.calls.some((c) => c.method === 'deleteCategory')).toBe(false);

    await click(del()!);
    await click(button(card, 'Ya, hapus'));
    await waitFor(() => expect(container.querySelector('[data-category="cat-1"]')).toBeNull());
    await waitFor(() => expect(document.activeElement).toBe(container.querySelector('#research-categories-h')));
    expect(state.calls.find((c) => c.method === 'deleteCategory')?.args).toEqual(['cat-1']);
  });

  it('tables: frequencies, the co-occurrence matrix as heat cells, and the export links with the language', async () => {
    const { data } = researchData();
    const { container } = await renderApp({ data, path: '/riset/tabel' });
    const row = await waitFor(() => {
      const r = container.querySelector<HTMLElement>('.research-freq tr[data-code="dukungan"]');
      if (!r) throw new Error('loading');
      return r;
    });
    expect([...row.children].map((c) => norm(c.textContent))).toEqual(['Dukungan', 'dukungan', '1', '1']);
    // Only codes in use.
    expect(container.querySelector('.research-freq tr[data-code="kesadaran_kpm"]')).toBeNull();
    const cell = await waitFor(() => {
      const c = container.querySelector<HTMLElement>('[data-cell="c-animasi:c-dukungan"]');
      if (!c) throw new Error('loading');
      return c;
    });
    expect(cell.textContent).toBe('1');
    expect(cell.getAttribute('style')).toContain('background');
    expect(container.querySelector('[data-cell="c-animasi:c-usaha"]')?.getAttribute('style') ?? '').not.toContain('background');
    const links = [...container.querySelectorAll<HTMLAnchorElement>('a[data-export]')].map((a) => [a.textContent, a.getAttribute('href'), a.hasAttribute('download')]);
    expect(links).toEqual([
      ['Kodebuku (CSV)', '/api/v1/research/export/codebook.csv?lang=id', true],
      ['Segmen berkode (CSV)', '/api/v1/research/export/segments.csv?lang=id', true],
      ['Laporan (PDF)', '/api/v1/research/export/report.pdf?lang=id', true],
    ]);

    // Switching to English: the links ask for English files.
    await click(container.querySelector('.lang-switch button[lang="en"]')!);
    await findByText(container, 'Code frequencies', 'h2');
    expect(container.querySelector('a[data-export="segments.csv"]')?.getAttribute('href')).toBe('/api/v1/research/export/segments.csv?lang=en');
    getByText(container, 'Coded segments (CSV)');
  });
});
