import { afterEach, describe, expect, it } from 'vitest';
import { ApiError } from '../../api/client';
import type { User } from '../../data/types';
import { auditEntry, auditState, FAMILY_ID, fakeAuditData, sampleAudit } from '../../test/fake-audit';
import { demoUser, FakeData, kotaUser } from '../../test/fake-data';
import { byLabel, cleanup, click, findByText, getByText, queryByText, renderApp, type, waitFor } from '../../test/helpers';

afterEach(cleanup);

const auditor: User = { ...kotaUser, id: 'u-auditor', username: 'auditor', displayName: 'Hendra Wijaya', role: 'auditor', regionCode: '32.76', regionName: 'Kota Depok' };
const admin: User = { ...demoUser, id: 'u-admin', username: 'admin', displayName: 'Admin Dinsos', role: 'admin', regionCode: null, regionName: null };
const norm = (s: string | null | undefined) => (s ?? '').replace(/\s+/g, ' ').trim();

function setup(user: User, state = auditState()) {
  const data = new FakeData({ user });
  data.users = [...data.users, { id: 'u-korcam', username: 'korcam.cimanggis', displayName: 'Hendra Gunawan', role: 'koordinator_kecamatan', regionCode: '32.76.02', active: true }];
  Object.assign(data, fakeAuditData(state));
  return { data, state };
}

async function rows(container: HTMLElement, n: number) {
  return waitFor(() => {
    const tr = Array.from(container.querySelectorAll<HTMLTableRowElement>('tr.audit-entry'));
    if (tr.length !== n) throw new Error(`${tr.length} rows, not ${n}`);
    return tr;
  });
}

const listCalls = (state: ReturnType<typeof auditState>) => state.calls.filter((c) => c.method === 'listAudit').map((c) => c.args[0]);
const search = (router: { state: { location: { search: string } } }) => Object.fromEntries(new URLSearchParams(router.state.location.search));

describe('the audit trail (/audit)', () => {
  it('lists the entries newest first in words: Jakarta time, who by name, the action, the family as a link, the area', async () => {
    const { data, state } = setup(auditor);
    const { container } = await renderApp({ data, path: '/audit' });
    await findByText(container, 'Jejak audit', 'h1');
    const list = await rows(container, 5);
    expect(listCalls(state)[0]).toEqual({ from: null, to: null, action: null, family: null, limit: 25, offset: 0 });
    getByText(container, 'Wilayah: Kota Depok (32.76).');
    expect(list.map((r) => r.dataset.seq)).toEqual(['5', '4', '3', '2', '1']);

    const [read, update, login, exported, created] = list;
    // Time in Jakarta (03:10 UTC is 10.10 WIB), as the row's header.
    const time = read.querySelector('th[scope="row"] time')!;
    expect(time.getAttribute('dateTime')).toBe('2026-07-15T03:10:00.000Z');
    expect(norm(time.textContent)).toMatch(/15 Jul 2026.*10[.:]10 WIB$/);
    // Who: the display name, the username as its tooltip, the role in words.
    const who = read.querySelector('.audit-who')!;
    await waitFor(() => expect(norm(who.querySelector('.audit-actor')?.textContent)).toBe('Hendra Gunawan'));
    expect(who.querySelector('.audit-actor')?.getAttribute('title')).toBe('korcam.cimanggis');
    getByText(who, 'Koordinator kecamatan');
    // The action in the family history's words, and what it opened.
    expect(norm(read.querySelector('.audit-action-cell')?.textContent)).toBe('Data pribadi dibuka Dibuka: NIK, No. KK');
    expect(norm(update.querySelector('.audit-action-cell')?.textContent)).toBe('Data keluarga diubah Diubah: alamat, RT');
    expect(norm(login.querySelector('.audit-action-name')?.textContent)).toBe('Masuk ke Titian');
    expect(norm(exported.querySelector('.audit-action-name')?.textContent)).toBe('Jejak audit diunduh');
    expect(norm(created.querySelector('.audit-action-name')?.textContent)).toBe('Keluarga didaftarkan');
    // A name the user list does not know stays the username, with no tooltip.
    expect(norm(created.querySelector('.audit-actor')?.textContent)).toBe('system');
    expect(created.querySelector('.audit-actor')?.getAttribute('title')).toBeNull();
    // The family: a link to its page (by id: never a NIK or No. KK), and to its own trail here.
    const family = read.querySelector<HTMLAnchorElement>('.audit-family a')!;
    expect(family.getAttribute('href')).toBe(`/keluarga/${FAMILY_ID}`);
    expect(norm(family.textContent)).toBe('Keluarga 0190b000');
    expect(read.querySelector('.audit-family-trail')?.getAttribute('href')).toBe(`/audit?keluarga=${FAMILY_ID}`);
    expect(norm(login.querySelector('.audit-family')?.textContent)).toBe('bukan data keluarga');
    expect(norm(login.querySelector('.audit-region')?.textContent)).toBe('32.76.02');
    // No action codes on screen, no identifiers anywhere (the masked No. KK of the creation included).
    const text = norm(container.querySelector('table.audit-table')?.textContent);
    expect(text).not.toMatch(/family\.read_sensitive|auth\.login|audit\.export|family\.create/);
    expect(container.innerHTML).not.toMatch(/3276\*+|\*{8}/);
    // Table semantics: a caption and column headers.
    expect(container.querySelector('table.audit-table caption')?.textContent).toBe('Entri jejak audit, yang terbaru di atas');
    expect(Array.from(container.querySelectorAll('table.audit-table > thead th')).map((th) => th.textContent)).toEqual(['Waktu', 'Oleh', 'Tindakan', 'Keluarga', 'Wilayah', 'Rincian']);
  }, 20_000);

  it('shows an entry’s details readably: a change as before and after, other data as field: value, never NIK or No. KK', async () => {
    const { data } = setup(auditor);
    const { container } = await renderApp({ data, path: '/audit' });
    const [, update, , exported, created] = await rows(container, 5);

    const details = update.querySelector('details')!;
    expect(norm(details.querySelector('summary')?.textContent)).toBe('Rincian entri #4');
    await click(details.querySelector('summary')!);
    const change = details.querySelector('table.audit-change')!;
    expect(Array.from(change.querySelectorAll('thead th')).map((th) => th.textContent)).toEqual(['Data', 'Sebelum', 'Sesudah']);
    const changeRows = Array.from(change.querySelectorAll('tbody tr')).map((r) => Array.from(r.children).map((c) => norm(c.textContent)));
    expect(changeRows).toEqual([
      ['alamat', 'Jl. Lama', 'Jl. Baru'],
      ['RT', '–', '003'],
    ]);
    // Who, from where, and the entry's hash.
    const meta = norm(details.querySelector('.audit-meta')?.textContent);
    expect(meta).toContain('Nomor entri#4');
    expect(meta).toContain('Nama penggunapendamping01');
    expect(meta).toContain('PeranPendamping');
    expect(meta).toContain('Alamat IP10.0.0.7');
    expect(meta).toContain(`Hash${'b2'.repeat(32)}`);

    // The export's own entry: its dates written out, the format as it is; an empty "to" as a dash.
    const exportFields = Array.from(exported.querySelectorAll('.audit-details-body > dl:not(.audit-meta) > div')).map((d) => norm(d.textContent));
    expect(exportFields).toEqual(['dari1 Juni 2026', 'sampai–', 'formatcsv']);

    // The registration: the address and the members' names, but neither the No. KK nor any NIK, and it says so.
    const body = created.querySelector('.audit-details-body')!;
    const fields = norm(body.textContent);
    expect(fields).toContain('alamatJl. Melati No. 5');
    expect(fields).toContain('Budi Santoso');
    expect(fields).not.toMatch(/No\. KK3276|NIK3276|\*{4}/);
    getByText(body, 'NIK dan No. KK tidak ditampilkan di sini.');
    // No raw JSON anywhere.
    expect(container.querySelector('table.audit-table')?.textContent).not.toMatch(/[{}"]/);
  }, 20_000);

  it('keeps the filters in the address, asks the server with them, and starts again at page 1 when one changes', async () => {
    const { data, state } = setup(auditor);
    const { container, router } = await renderApp({ data, path: '/audit?dari=2026-07-14&tindakan=family.update' });
    const [only] = await rows(container, 1);
    expect(only.dataset.action).toBe('family.update');
    expect(listCalls(state).at(-1)).toEqual({ from: '2026-07-14', to: null, action: 'family.update', family: null, limit: 25, offset: 0 });
    expect((byLabel(container, 'Dari tanggal') as HTMLInputElement).value).toBe('2026-07-14');
    const select = byLabel(container, 'Tindakan') as HTMLSelectElement;
    expect(select.value).toBe('family.update');
    // The select names actions in words, grouped.
    expect(select.querySelector('option[value="auth.login"]')?.textContent).toBe('Masuk ke Titian');
    expect(select.querySelector('option[value="auth.login"]')?.parentElement?.getAttribute('label')).toBe('Akun dan akses');
    expect(Array.from(select.options).some((o) => o.textContent?.startsWith('Tindakan:'))).toBe(false);

    await type(select, 'auth.login');
    await waitFor(() => expect(search(router)).toEqual({ dari: '2026-07-14', tindakan: 'auth.login' }));
    // The previous page stays on screen until the new one comes.
    await waitFor(() => expect(container.querySelector('tr.audit-entry')?.getAttribute('data-action')).toBe('auth.login'));
    await rows(container, 1);

    // Days are Jakarta's: the login at 23.30 UTC on the 13th was on the 14th there.
    await type(byLabel(container, 'Sampai tanggal'), '2026-07-14');
    await waitFor(() => expect(search(router)).toEqual({ dari: '2026-07-14', sampai: '2026-07-14', tindakan: 'auth.login' }));
    await waitFor(() => expect(listCalls(state).at(-1)).toEqual({ from: '2026-07-14', to: '2026-07-14', action: 'auth.login', family: null, limit: 25, offset: 0 }));
    await rows(container, 1);

    await type(select, 'family.create');
    await findByText(container, 'Tidak ada entri yang cocok dengan saringan ini.');
    expect(search(router)).toEqual({ dari: '2026-07-14', sampai: '2026-07-14', tindakan: 'family.create' });

    await click(getByText(container, 'Hapus semua saringan', 'button'));
    await waitFor(() => expect(search(router)).toEqual({}));
    await rows(container, 5);
  }, 20_000);

  it('says beside the field what is wrong with a date (years 1800–2999, from before to) and asks nothing meanwhile', async () => {
    const { data, state } = setup(auditor);
    const { container, router } = await renderApp({ data, path: '/audit' });
    await rows(container, 5);
    const calls = listCalls(state).length;

    const from = byLabel(container, 'Dari tanggal');
    await type(from, '0201-01-01');
    const error = await findByText(container, 'Tanggal harus antara tahun 1800 dan 2999.', 'p');
    expect(from.getAttribute('aria-invalid')).toBe('true');
    expect(from.getAttribute('aria-describedby')).toBe(error.id);
    expect(error.closest('.field')).toBe(from.closest('.field'));
    expect(search(router)).toEqual({ dari: '0201-01-01' });
    getByText(container, 'Perbaiki tanggal di atas untuk melihat entri.');
    expect(container.querySelector('tr.audit-entry')).toBeNull();
    expect(listCalls(state).length).toBe(calls);
    // No download of a file the server would refuse.
    expect(container.querySelector('.audit-download a')).toBeNull();
    expect(Array.from(container.querySelectorAll<HTMLButtonElement>('.audit-download button')).map((b) => b.disabled)).toEqual([true, true]);

    await type(from, '2026-07-15');
    await rows(container, 1);
    const before = listCalls(state).length;
    await type(byLabel(container, 'Sampai tanggal'), '2026-07-01');
    const order = await findByText(container, 'Tanggal akhir tidak boleh sebelum tanggal awal.', 'p');
    const to = byLabel(container, 'Sampai tanggal');
    expect(to.getAttribute('aria-invalid')).toBe('true');
    expect(to.getAttribute('aria-describedby')).toBe(order.id);
    expect(queryByText(container, 'Tanggal harus antara tahun 1800 dan 2999.')).toBeNull();
    expect(listCalls(state).length).toBe(before);
  }, 20_000);

  it('filters by family when it arrives with ?keluarga=, and can drop that filter', async () => {
    const other = '0190b000-0000-7000-8000-00000000f002';
    const state = auditState({ entries: [...sampleAudit(), auditEntry({ seq: 6, familyId: other, recordId: other })] });
    const { data } = setup(auditor, state);
    const { container, router } = await renderApp({ data, path: `/audit?keluarga=${FAMILY_ID}` });
    await rows(container, 3);
    expect(listCalls(state).at(-1)).toMatchObject({ family: FAMILY_ID });
    getByText(container, 'Hanya entri keluarga 0190b000.');
    // Already one family's trail: no link to it again.
    expect(container.querySelector('.audit-family-trail')).toBeNull();
    await click(getByText(container, 'Tampilkan semua keluarga', 'button'));
    await waitFor(() => expect(search(router)).toEqual({}));
    await rows(container, 6);
  }, 20_000);

  it('pages by 25: "x–y dari N", Sebelumnya and Berikutnya, the page in the address', async () => {
    const entries = Array.from({ length: 60 }, (_, i) => auditEntry({ seq: i + 1, at: new Date(Date.UTC(2026, 6, 1, 0, i)).toISOString() }));
    const { data, state } = setup(auditor, auditState({ entries }));
    const { container, router } = await renderApp({ data, path: '/audit' });
    let list = await rows(container, 25);
    expect(list[0].dataset.seq).toBe('60');
    const pager = () => container.querySelector<HTMLElement>('nav.audit-pager')!;
    expect(norm(pager().querySelector('.pager-pos')?.textContent)).toBe('1–25 dari 60');
    const prev = () => getByText(pager(), 'Sebelumnya', 'button') as HTMLButtonElement;
    const next = () => getByText(pager(), 'Berikutnya', 'button') as HTMLButtonElement;
    expect(prev().disabled).toBe(true);

    await click(next());
    await waitFor(() => expect(norm(pager().querySelector('.pager-pos')?.textContent)).toBe('26–50 dari 60'));
    expect(search(router)).toEqual({ halaman: '2' });
    expect(listCalls(state).at(-1)).toMatchObject({ offset: 25, limit: 25 });
    await waitFor(() => expect(container.querySelector<HTMLElement>('tr.audit-entry')?.dataset.seq).toBe('35'));
    list = await rows(container, 25);
    expect(list.at(-1)?.dataset.seq).toBe('11');

    await click(next());
    await waitFor(() => expect(norm(pager().querySelector('.pager-pos')?.textContent)).toBe('51–60 dari 60'));
    await rows(container, 10);
    expect(next().disabled).toBe(true);
    await click(prev());
    await waitFor(() => expect(search(router)).toEqual({ halaman: '2' }));

  }, 20_000);

  it('says that a page past the last does not exist (no other page in its place) and offers the last one', async () => {
    const entries = Array.from({ length: 60 }, (_, i) => auditEntry({ seq: i + 1, at: new Date(Date.UTC(2026, 6, 1, 0, i)).toISOString() }));
    const { data, state } = setup(auditor, auditState({ entries }));
    const { container, router } = await renderApp({ data, path: '/audit?halaman=99999' });
    const notice = await findByText(container, 'Halaman 99.999 tidak ada: entri ini hanya sampai halaman 3.', 'p');
    expect(notice.closest('[role="status"]')).not.toBeNull();
    // Not the first page passed off as the one asked for: no entries, no pager, and the address unchanged.
    expect(container.querySelector('tr.audit-entry, nav.audit-pager')).toBeNull();
    expect(search(router)).toEqual({ halaman: '99999' });
    expect(listCalls(state).at(-1)).toMatchObject({ offset: 99998 * 25, limit: 25 });

    await click(getByText(container, 'Ke halaman terakhir (3)', 'button'));
    await waitFor(() => expect(search(router)).toEqual({ halaman: '3' }));
    await rows(container, 10);
    expect(norm(container.querySelector('nav.audit-pager .pager-pos')?.textContent)).toBe('51–60 dari 60');
    expect(queryByText(container, 'Halaman 99.999 tidak ada: entri ini hanya sampai halaman 3.')).toBeNull();

    // A page beyond what the server takes (offset up to 10⁹) is asked for at that limit, and said missing all the same.
    cleanup();
    const far = setup(auditor, auditState({ entries }));
    const second = await renderApp({ data: far.data, path: '/audit?halaman=1e12', lang: 'en' });
    await findByText(second.container, 'There is no page 1,000,000,000: these entries end at page 3.', 'p');
    expect(listCalls(far.state).at(-1)).toMatchObject({ offset: 1_000_000_000 });
    getByText(second.container, 'Go to the last page (3)', 'button');
  }, 20_000);

  it('says beside the family filter that a family id in the address is not valid, and lists nothing meanwhile', async () => {
    const { data, state } = setup(auditor);
    const { container, router } = await renderApp({ data, path: '/audit?keluarga=not-a-uuid' });
    const message = await findByText(container, 'ID keluarga di alamat halaman ini tidak valid, jadi jejak tidak dapat disaring menurut keluarga.', 'p');
    expect(message.getAttribute('role')).toBe('alert');
    expect(message.closest('form.audit-filters')).not.toBeNull();
    getByText(container, 'Hapus saringan keluarga yang tidak valid di atas untuk melihat entri.', 'p');
    // No list of everything passing for the filtered one, and nothing asked.
    expect(container.querySelector('tr.audit-entry, nav.audit-pager')).toBeNull();
    expect(listCalls(state)).toEqual([]);

    const drop = getByText(message.parentElement!, 'Tampilkan semua keluarga', 'button');
    expect(drop.getAttribute('aria-describedby')).toBe(message.id);
    await click(drop);
    await waitFor(() => expect(search(router)).toEqual({}));
    await rows(container, 5);
    expect(queryByText(container, 'ID keluarga di alamat halaman ini tidak valid, jadi jejak tidak dapat disaring menurut keluarga.')).toBeNull();

    // In English too.
    cleanup();
    const en = setup(auditor);
    const second = await renderApp({ data: en.data, path: `/audit?keluarga=${FAMILY_ID.slice(0, 8)}`, lang: 'en' });
    await findByText(second.container, 'The family id in this page’s address is not valid, so the trail cannot be filtered by family.', 'p');
    expect(second.container.querySelector('tr.audit-entry')).toBeNull();
  }, 20_000);

  it('says that a date in the address is not a date, rather than drop it and list everything', async () => {
    const { data, state } = setup(auditor);
    const { container } = await renderApp({ data, path: '/audit?dari=kemarin' });
    await findByText(container, 'Tanggal tidak valid.', 'p');
    getByText(container, 'Perbaiki tanggal di atas untuk melihat entri.');
    expect(container.querySelector('tr.audit-entry')).toBeNull();
    expect(listCalls(state)).toEqual([]);
  }, 20_000);

  it('names a research document’s record and fields in words, and hides a NIK inside a value', async () => {
    const nik = '3276021503850091';
    const doc = auditEntry({
      seq: 6,
      actor: 'peneliti',
      actorRole: 'peneliti',
      action: 'research.document_create',
      entity: 'research_documents',
      recordId: '01a25092-985f-7bbf-9386-e974e7b3f2d6',
      familyId: null,
      after: { title: `t ${nik}`, source: 'manual', chars: 132, storylineDraft: 'x' },
    });
    const reason = auditEntry({ seq: 7, actor: 'pendamping01', actorRole: 'pendamping', action: 'activity.update', entity: 'activity', before: { date: '2026-07-01' }, after: { date: '2026-07-02', reason: `salah ketik NIK ${nik}` } });
    for (const lang of ['id', 'en'] as const) {
      const { data } = setup(auditor, auditState({ entries: [...sampleAudit(), doc, reason] }));
      const { container } = await renderApp({ data, path: '/audit', lang });
      const [changed, created] = await rows(container, 7);
      await click(created.querySelector('summary')!);
      await click(changed.querySelector('summary')!);
      const fields = Array.from(created.querySelectorAll('.audit-details-body > dl:not(.audit-meta) > div')).map((d) => norm(d.textContent));
      const meta = norm(created.querySelector('.audit-meta')?.textContent);
      if (lang === 'id') {
        expect(fields).toEqual(['judult (NIK/No. KK disembunyikan)', 'sumbermanual', 'jumlah karakter132', 'storyline draftx']);
        expect(meta).toContain('Yang dicatatdokumen riset 01a25092-985f-7bbf-9386-e974e7b3f2d6');
        getByText(created, 'NIK dan No. KK tidak ditampilkan di sini.');
        expect(norm(changed.querySelector('.audit-action-cell')?.textContent)).toContain('salah ketik NIK (NIK/No. KK disembunyikan)');
      } else {
        expect(fields).toEqual(['titlet (NIK/No. KK hidden)', 'sourcemanual', 'characters132', 'storyline draftx']);
        expect(meta).toContain('Recordresearch document 01a25092-985f-7bbf-9386-e974e7b3f2d6');
        getByText(created, 'NIK and No. KK are not shown here.');
      }
      // The NIK nowhere on the page, nor any raw key or entity code.
      expect(container.innerHTML).not.toContain(nik);
      expect(norm(container.querySelector('table.audit-table')?.textContent)).not.toMatch(/research_documents|storylineDraft|\bchars\b/);
      cleanup();
    }
  }, 20_000);

  it('verifies the chain on request and says plainly that it is intact, with how many entries were checked', async () => {
    const { data, state } = setup(admin);
    const { container } = await renderApp({ data, path: '/audit' });
    await rows(container, 5);
    getByText(container, 'Semua wilayah, termasuk entri tanpa wilayah.');
    expect(state.calls.some((c) => c.method === 'verifyAudit')).toBe(false);
    await click(getByText(container, 'Periksa keutuhan', 'button'));
    const ok = await waitFor(() => {
      const el = container.querySelector<HTMLElement>('.audit-verify-ok');
      if (!el) throw new Error('no result yet');
      return el;
    });
    expect(norm(ok.textContent)).toContain('Jejak utuh: 5 entri diperiksa. Tidak ada entri yang diubah, dihapus, ditukar, atau dipotong.');
    expect(norm(ok.textContent)).toContain(`Hash terakhir: ${'a1'.repeat(32)}.`);
    expect(container.querySelector('.audit-verify-broken')).toBeNull();
  }, 20_000);

  it('says where a broken chain breaks, in words, and what that means', async () => {
    const verification = { ok: false, entries: 38, lastHash: 'f0'.repeat(32), problem: { kind: 'hash' as const, seq: 39, message: 'isi entri #39 telah diubah (entry #39 was edited)' } };
    const { data } = setup(auditor, auditState({ verification }));
    const { container } = await renderApp({ data, path: '/audit' });
    await rows(container, 5);
    await click(getByText(container, 'Periksa keutuhan', 'button'));
    const broken = await waitFor(() => {
      const el = container.querySelector<HTMLElement>('.audit-verify-broken');
      if (!el) throw new Error('no result yet');
      return el;
    });
    expect(broken.getAttribute('role')).toBe('alert');
    expect(Array.from(broken.querySelectorAll('p')).map((p) => norm(p.textContent))).toEqual([
      'Jejak RUSAK mulai entri #39.',
      'Isi entri #39 diubah setelah dicatat.',
      '38 entri sebelum itu utuh.',
      expect.stringMatching(/^Artinya: seseorang yang dapat menulis langsung ke basis data telah mengubah jejak\./),
    ]);

    // A gap names the entry that is missing.
    cleanup();
    const gap = setup(auditor, auditState({ verification: { ok: false, entries: 11, lastHash: 'f0'.repeat(32), problem: { kind: 'gap', seq: 12, expectedSeq: 12 } } }));
    const second = await renderApp({ data: gap.data, path: '/audit' });
    await rows(second.container, 5);
    await click(getByText(second.container, 'Periksa keutuhan', 'button'));
    await findByText(second.container, 'Entri #12 hilang, atau urutan entri diubah.');
  }, 20_000);

  it('offers the export of the chosen dates as CSV and NDJSON links (the action filter does not apply to it)', async () => {
    const { data } = setup(auditor);
    const { container } = await renderApp({ data, path: '/audit?dari=2026-07-01&sampai=2026-07-15&tindakan=auth.login' });
    await rows(container, 1);
    const links = Array.from(container.querySelectorAll<HTMLAnchorElement>('.audit-download a'));
    expect(links.map((a) => [norm(a.textContent), a.getAttribute('href'), a.hasAttribute('download')])).toEqual([
      ['Unduh CSV', '/api/v1/audit/export?format=csv&from=2026-07-01&to=2026-07-15&lang=id', true],
      ['Unduh NDJSON', '/api/v1/audit/export?format=ndjson&from=2026-07-01&to=2026-07-15&lang=id', true],
    ]);
    getByText(container, 'Tanggal: 1 Juli 2026 sampai 15 Juli 2026.');
    getByText(container, 'Unduhan ini juga dicatat di jejak audit.', 'p');
  }, 20_000);

  it('tells roles that may not read the trail so, without asking the server; a refusal from the server is shown', async () => {
    const korcam: User = { ...kotaUser, username: 'korcam.cimanggis', role: 'koordinator_kecamatan', regionCode: '32.76.02' };
    for (const user of [korcam, kotaUser, demoUser]) {
      const { data, state } = setup(user);
      const { container } = await renderApp({ data, path: '/audit' });
      await findByText(container, 'Jejak audit hanya dapat dibuka oleh auditor dan admin. Riwayat satu keluarga ada di halaman keluarga itu.');
      expect(container.querySelector('table, .audit-verify, .audit-download')).toBeNull();
      expect(state.calls).toEqual([]);
      cleanup();
    }
    // The server decides: a 403 all the same is said, not hidden.
    const forbidden = new ApiError(403, 'forbidden', 'Anda tidak berwenang melakukan tindakan ini.', {}, null, { id: 'Anda tidak berwenang melakukan tindakan ini.', en: 'You are not allowed to do this.' });
    const { data } = setup(auditor, auditState({ errors: { listAudit: forbidden } }));
    const { container } = await renderApp({ data, path: '/audit' });
    await findByText(container, 'Anda tidak berwenang melakukan tindakan ini.', '.alert-error p');
  }, 20_000);

  it('says when the trail is empty, and when a page fails to load it offers to try again', async () => {
    const { data } = setup(auditor, auditState({ entries: [] }));
    const { container } = await renderApp({ data, path: '/audit' });
    await findByText(container, 'Belum ada entri di jejak wilayah ini.');
    cleanup();
    const failing = setup(auditor, auditState({ errors: { listAudit: new ApiError(500, 'internal', 'Terjadi kesalahan pada server.') } }));
    const second = await renderApp({ data: failing.data, path: '/audit' });
    const alert = await findByText(second.container, 'Terjadi kesalahan pada server.', '.alert-error p');
    failing.state.errors = {};
    await click(getByText(alert.closest('.alert-error')!, 'Coba lagi', 'button'));
    await rows(second.container, 5);
  }, 20_000);

  it('is complete in English (no message keys left), details and verification included', async () => {
    const { data } = setup(auditor, auditState({ verification: { ok: false, entries: 3, lastHash: 'f0'.repeat(32), problem: { kind: 'link', seq: 4 } } }));
    const { container } = await renderApp({ data, path: '/audit?dari=2026-01-01', lang: 'en' });
    await findByText(container, 'Audit trail', 'h1');
    const list = await rows(container, 5);
    for (const r of list) await click(r.querySelector('summary')!);
    await click(getByText(container, 'Verify integrity', 'button'));
    await findByText(container, 'The trail is BROKEN from entry #4.');
    getByText(container, 'Entry #4 does not link to the entry before it: entries were deleted or swapped.');
    getByText(container, 'The 3 entries before it are intact.');
    getByText(container, 'Personal data opened');
    getByText(container, 'Logged in to Titian');
    getByText(container, 'Dates: from 1 January 2026 on.');
    getByText(container, '1–5 of 5');
    expect(norm(container.textContent)).not.toMatch(/web\.(audit|history|role|paging)\.|\{\w+\}|Tindakan|Sebelum|Rincian/);
  }, 20_000);
});
