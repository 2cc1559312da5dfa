import { afterEach, describe, expect, it } from 'vitest';
import { ApiError } from '../../api/client';
import { caseworkState, fakeCaseworkData } from '../../test/fake-casework';
import { FakeData, penelitiUser } from '../../test/fake-data';
import { byLabel, cleanup, click, findByText, getByText, queryByText, renderApp, submit, type, waitFor } from '../../test/helpers';

afterEach(cleanup);

const norm = (s: string | null | undefined) => (s ?? '').replace(/\s+/g, ' ').trim();

async function section(container: HTMLElement, cls: string) {
  return waitFor(() => {
    const s = container.querySelector<HTMLElement>(`section.${cls}`);
    if (!s || s.querySelector('.loading')) throw new Error(`no ${cls} yet`);
    return s;
  });
}

describe('the case plan on the family page', () => {
  it('adds a goal with tasks, marks the overdue one, ticks a task done and closes the goal', async () => {
    const data = new FakeData();
    const state = caseworkState({ today: '2026-07-15' });
    Object.assign(data, fakeCaseworkData(state));
    const { container } = await renderApp({ data, path: '/keluarga/fam-0001' });
    const s = await section(container, 'case-plan');
    getByText(s, 'Belum ada tujuan dalam rencana.');
    await click(getByText(s, 'Tambah tujuan', 'button'));
    const form = s.querySelector<HTMLFormElement>('form.goal-form')!;
    // Typing starts in the form that opened.
    await waitFor(() => expect(document.activeElement).toBe(byLabel(form, 'Tujuan')));
    // No title: said next to it, nothing sent.
    await submit(form);
    expect(norm(byLabel(form, 'Tujuan').parentElement?.querySelector('.field-error')?.textContent)).toBe('Wajib diisi.');
    expect(state.calls.some((c) => c.method === 'addGoal')).toBe(false);

    await type(byLabel(form, 'Tujuan'), 'Anak kembali bersekolah');
    await type(byLabel(form, 'Target tanggal'), '2026-12-31');
    await type(byLabel(form, 'Langkah 1'), 'Urus KIP');
    await type(form.querySelector('input[name="due0"]')!, '2026-07-01');
    await click(getByText(form, 'Tambah baris langkah', 'button'));
    // The new row takes the focus.
    await waitFor(() => expect(document.activeElement).toBe(byLabel(form, 'Langkah 2')));
    await type(byLabel(form, 'Langkah 2'), 'Daftar ke SMP');
    await type(form.querySelector('input[name="due1"]')!, '2026-08-01');
    await click(getByText(form, 'Tambah baris langkah', 'button'));
    await submit(form);
    await waitFor(() => expect(state.calls.find((c) => c.method === 'addGoal')?.args).toEqual([
      'fam-0001',
      { title: 'Anak kembali bersekolah', targetDate: '2026-12-31', tasks: [{ title: 'Urus KIP', dueDate: '2026-07-01' }, { title: 'Daftar ke SMP', dueDate: '2026-08-01' }] },
    ]));
    const goal = await waitFor(() => s.querySelector<HTMLElement>('li.goal') ?? (() => { throw new Error('no goal'); })());
    // Saved: the focus goes back to "Tambah tujuan", not to the page's body.
    await waitFor(() => expect(document.activeElement).toBe(getByText(s, 'Tambah tujuan', 'button')));
    expect(norm(goal.textContent)).toContain('Berjalan');
    expect(norm(goal.textContent)).toContain('Target 31 Desember 2026');
    const tasks = Array.from(goal.querySelectorAll<HTMLElement>('li.task'));
    expect(tasks.map((t) => t.classList.contains('overdue'))).toEqual([true, false]);
    expect(norm(tasks[0].textContent)).toContain('Tenggat 1 Juli 2026 Terlambat');
    expect(norm(tasks[1].textContent)).not.toContain('Terlambat');

    await click(tasks[0].querySelector('input[type="checkbox"]')!);
    await waitFor(() => expect(s.querySelector('li.task')?.classList.contains('done')).toBe(true));
    expect(s.querySelector('li.task')?.classList.contains('overdue')).toBe(false);
    expect(state.calls.find((c) => c.method === 'changeTask')?.args).toEqual(['fam-0001', 'task-2', { done: true }]);

    // Another task, then the goal is reached.
    await click(getByText(goal, 'Tambah langkah', 'button'));
    await type(byLabel(goal, 'Langkah'), 'Beli seragam');
    await type(goal.querySelector('form.task-form input[name="taskDue"]')!, '2026-07-10');
    await submit(goal.querySelector<HTMLFormElement>('form.task-form')!);
    await waitFor(() => expect(s.querySelectorAll('li.task')).toHaveLength(3));
    await waitFor(() => expect(document.activeElement).toBe(getByText(goal, 'Tambah langkah', 'button')));
    expect(norm(s.querySelector('li.goal')?.textContent)).toContain('Terlambat');
    await type(byLabel(s, 'Status tujuan'), 'achieved');
    await waitFor(() => expect(norm(s.querySelector('li.goal .casework-item-head')?.textContent)).toContain('Tercapai'));
    expect(state.calls.find((c) => c.method === 'changeGoal')?.args).toEqual(['fam-0001', 'goal-1', { status: 'achieved' }]);
    // A goal reached has no late tasks any more.
    expect(norm(s.querySelector('li.goal')?.textContent)).not.toContain('Terlambat');
  });

  it('shows a 422 on a task row next to that row', async () => {
    const data = new FakeData();
    const state = caseworkState();
    state.errors.addGoal = new ApiError(422, 'validation', 'Data tidak valid.', { 'tasks.0.dueDate': 'Tanggal tidak valid.' });
    Object.assign(data, fakeCaseworkData(state));
    const { container } = await renderApp({ data, path: '/keluarga/fam-0001' });
    const s = await section(container, 'case-plan');
    await click(getByText(s, 'Tambah tujuan', 'button'));
    const form = s.querySelector<HTMLFormElement>('form.goal-form')!;
    await type(byLabel(form, 'Tujuan'), 'Usaha warung');
    // The first row is left empty: the server's tasks.0 is the second row.
    await click(getByText(form, 'Tambah baris langkah', 'button'));
    await type(byLabel(form, 'Langkah 2'), 'Ajukan KUR');
    await submit(form);
    await findByText(form, 'Periksa isian yang ditandai.');
    const row2 = byLabel(form, 'Langkah 2').closest('.task-row')!;
    expect(norm(row2.querySelector('.field-error')?.textContent)).toBe('Tanggal tidak valid.');
    expect(byLabel(form, 'Langkah 1').closest('.task-row')!.querySelector('.field-error')).toBeNull();
  });

  it('marks an open goal past its target, and says so in the form before saving one', async () => {
    const data = new FakeData();
    const goal = (id: string, status: 'open' | 'achieved', targetDate: string) => ({ id, title: `Tujuan ${id}`, description: null, status, targetDate, closedAt: null, version: 1, tasks: [] });
    const state = caseworkState({ goals: { 'fam-0001': [goal('late', 'open', '2020-01-31'), goal('done', 'achieved', '2020-01-31'), goal('ahead', 'open', '2999-12-31')] } });
    Object.assign(data, fakeCaseworkData(state));
    const { container } = await renderApp({ data, path: '/keluarga/fam-0001' });
    const s = await section(container, 'case-plan');
    await waitFor(() => expect(s.querySelectorAll('li.goal')).toHaveLength(3));
    const [late, done, ahead] = Array.from(s.querySelectorAll<HTMLElement>('li.goal'));
    expect(norm(late!.querySelector('.goal-overdue')?.textContent)).toBe('Target 31 Januari 2020 sudah lewat');
    expect(done!.querySelector('.goal-overdue')).toBeNull();
    expect(ahead!.querySelector('.goal-overdue')).toBeNull();
    getByText(ahead!, 'Target 31 Desember 2999');
    await click(getByText(s, 'Tambah tujuan', 'button'));
    const form = s.querySelector('form')!;
    expect(norm(form.textContent)).not.toContain('Tanggal target ini sudah lewat.');
    await type(byLabel(form, 'Target tanggal'), '2020-02-01');
    expect(norm(form.textContent)).toContain('Tanggal target ini sudah lewat.');
    await type(byLabel(form, 'Target tanggal'), '2999-02-01');
    expect(norm(form.textContent)).not.toContain('Tanggal target ini sudah lewat.');
  });

  it('is read-only for a researcher', async () => {
    const data = new FakeData({ user: penelitiUser });
    const state = caseworkState({
      goals: { 'fam-0001': [{ id: 'g1', title: 'Kesehatan ibu', description: null, status: 'open', targetDate: null, closedAt: null, version: 1, tasks: [{ id: 't1', title: 'Periksa ke puskesmas', dueDate: null, doneAt: null, version: 1, overdue: false }] }] },
    });
    Object.assign(data, fakeCaseworkData(state));
    const { container } = await renderApp({ data, path: '/keluarga/fam-0001' });
    const s = await section(container, 'case-plan');
    getByText(s, 'Periksa ke puskesmas');
    expect(s.querySelector('input[type="checkbox"]')).toBeNull();
    expect(queryByText(s, 'Tambah tujuan', 'button')).toBeNull();
    expect(s.querySelector('select')).toBeNull();
  });
});
