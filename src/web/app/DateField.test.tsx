import { act, useState } from 'react';
import { createRoot, type Root } from 'react-dom/client';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { byLabel, getByText, type } from '../test/helpers';
import { DateField, type DateFieldProps } from './DateField';

const mounted: Array<() => void> = [];
afterEach(() => {
  while (mounted.length) mounted.pop()?.();
});

async function render(props: Partial<DateFieldProps> = {}) {
  const container = document.createElement('div');
  document.body.appendChild(container);
  let root: Root | undefined;
  await act(async () => {
    root = createRoot(container);
    root.render(<DateField id="d-from" name="from" label="Dari tanggal" value="" onChange={() => {}} {...props} />);
  });
  mounted.push(() => {
    act(() => root?.unmount());
    container.remove();
  });
  return container;
}

describe('DateField', () => {
  it('is a date input named by its label, in a .field, neither invalid nor described when all is well', async () => {
    const container = await render({ value: '2026-03-01' });
    const input = byLabel(container, 'Dari tanggal') as HTMLInputElement;
    expect(input.id).toBe('d-from');
    expect(input.name).toBe('from');
    expect(input.type).toBe('date');
    expect(input.value).toBe('2026-03-01');
    expect(input.parentElement?.className).toBe('field');
    expect(input.hasAttribute('aria-invalid')).toBe(false);
    expect(input.hasAttribute('aria-describedby')).toBe(false);
    expect(container.querySelector('[role="alert"]')).toBeNull();
  });

  it('says its error as an alert, the input invalid and described by it', async () => {
    const container = await render({ error: 'Tanggal tidak valid.' });
    const input = byLabel(container, 'Dari tanggal');
    const alert = getByText(container, 'Tanggal tidak valid.', '[role="alert"]');
    expect(alert.className).toBe('field-error');
    expect(alert.id).toBe('d-from-error');
    expect(input.getAttribute('aria-invalid')).toBe('true');
    expect(input.getAttribute('aria-describedby')).toBe('d-from-error');
  });

  it('takes the error paragraph’s id, and other ids after it, with what is said inside the field', async () => {
    const container = await render({
      error: 'Tahun di luar rentang.',
      errorId: 'e1',
      describedBy: 'order',
      children: (
        <p id="order" role="alert">
          Urutan salah.
        </p>
      ),
    });
    const input = byLabel(container, 'Dari tanggal');
    expect(getByText(container, 'Tahun di luar rentang.', '[role="alert"]').id).toBe('e1');
    expect(input.getAttribute('aria-describedby')).toBe('e1 order');
    expect(input.parentElement?.querySelector('#order')?.textContent).toBe('Urutan salah.');
  });

  it('is invalid without an error of its own when told so (the dates in the wrong order), and described only as told', async () => {
    const container = await render({ invalid: true });
    const input = byLabel(container, 'Dari tanggal');
    expect(input.getAttribute('aria-invalid')).toBe('true');
    expect(input.hasAttribute('aria-describedby')).toBe(false);
    expect(container.querySelector('[role="alert"]')).toBeNull();
    const hinted = await render({ id: 'd-to', label: 'Sampai tanggal', invalid: true, describedBy: 'hint' });
    expect(byLabel(hinted, 'Sampai tanggal').getAttribute('aria-describedby')).toBe('hint');
  });

  it('calls onChange with the value typed', async () => {
    const onChange = vi.fn();
    const container = await render({ onChange });
    await type(byLabel(container, 'Dari tanggal'), '2026-02-14');
    expect(onChange).toHaveBeenCalledWith('2026-02-14');
  });

  it('shows the value it is given back (controlled)', async () => {
    function Controlled() {
      const [value, setValue] = useState('');
      return <DateField id="c" name="c" label="Tanggal" value={value} onChange={setValue} />;
    }
    const container = document.createElement('div');
    document.body.appendChild(container);
    const root = createRoot(container);
    await act(async () => root.render(<Controlled />));
    mounted.push(() => {
      act(() => root.unmount());
      container.remove();
    });
    const input = byLabel(container, 'Tanggal') as HTMLInputElement;
    await type(input, '2025-12-31');
    expect(input.value).toBe('2025-12-31');
  });

  it('sets min and max when given, and neither when not', async () => {
    const bounded = byLabel(await render({ min: '1800-01-01', max: '2026-07-15' }), 'Dari tanggal');
    expect(bounded.getAttribute('min')).toBe('1800-01-01');
    expect(bounded.getAttribute('max')).toBe('2026-07-15');
    const open = byLabel(await render({ id: 'd-open', label: 'Tanggal bebas' }), 'Tanggal bebas');
    expect(open.hasAttribute('min')).toBe(false);
    expect(open.hasAttribute('max')).toBe(false);
  });
});
