import { act, useState } from 'react';
import { createRoot, type Root } from 'react-dom/client';
import { afterEach, describe, expect, it } from 'vitest';
import { useConfirmFocus } from './confirm-focus';

const mounted: Array<() => void> = [];
afterEach(() => {
  while (mounted.length) mounted.pop()?.();
});

/**
 * An item with "Hapus" that opens an inline confirm (the button goes while it is open, as in the screens),
 * "Ya, hapus" deletes the item (its component goes), a way to make the step busy, and a heading to fall back on.
 */
function Item({ busy, titleFocus }: { busy: boolean; titleFocus: boolean }) {
  const [open, setOpen] = useState(false);
  const f = useConfirmFocus(open, () => setOpen(false), { canClose: !busy, fallback: () => document.getElementById('list-h') });
  return (
    <div>
      {!open && (
        <button ref={f.openerRef} type="button" onClick={() => setOpen(true)}>
          Hapus
        </button>
      )}
      {open && (
        <div ref={f.boxRef} role="alertdialog" aria-labelledby="t" onKeyDown={f.onKeyDown}>
          <p id="t" {...(titleFocus ? { tabIndex: -1, 'data-confirm-focus': '' } : {})}>
            Hapus ini?
          </p>
          <button type="button" disabled={busy}>
            Ya, hapus
          </button>
          <button type="button" onClick={() => setOpen(false)}>
            Batal
          </button>
        </div>
      )}
    </div>
  );
}

function Page({ busy = false, titleFocus = true }: { busy?: boolean; titleFocus?: boolean }) {
  const [there, setThere] = useState(true);
  return (
    <section>
      <h2 id="list-h" tabIndex={-1}>
        Daftar
      </h2>
      {there && <Item busy={busy} titleFocus={titleFocus} />}
      <button type="button" onClick={() => setThere(false)}>
        Hapus item
      </button>
      <button type="button">Lain</button>
    </section>
  );
}

async function render(props: { busy?: boolean; titleFocus?: boolean } = {}) {
  const container = document.createElement('div');
  document.body.appendChild(container);
  let root: Root | undefined;
  await act(async () => {
    root = createRoot(container);
    root.render(<Page {...props} />);
  });
  const rerender = (p: { busy?: boolean; titleFocus?: boolean }) =>
    act(async () => {
      root?.render(<Page {...p} />);
    });
  mounted.push(() => {
    act(() => root?.unmount());
    container.remove();
  });
  return { container, rerender };
}

const buttonNamed = (root: ParentNode, name: string) => [...root.querySelectorAll<HTMLButtonElement>('button')].find((b) => b.textContent?.trim() === name) ?? null;

async function click(el: HTMLElement | null) {
  if (!el) throw new Error('nothing to click');
  await act(async () => {
    el.focus();
    el.click();
  });
}

async function press(el: Element | null, key: string) {
  await act(async () => {
    (el ?? document.body).dispatchEvent(new KeyboardEvent('keydown', { key, bubbles: true, cancelable: true }));
  });
}

describe('useConfirmFocus', () => {
  it('opened, the focus goes to the marked title in the box, though the opening button is gone', async () => {
    const { container } = await render();
    await click(buttonNamed(container, 'Hapus'));
    expect(buttonNamed(container, 'Hapus')).toBeNull();
    expect(document.activeElement).toBe(container.querySelector('#t'));
  });

  it('without a marked element, the focus goes to the box’s first control that takes it', async () => {
    const { container } = await render({ titleFocus: false });
    await click(buttonNamed(container, 'Hapus'));
    expect(document.activeElement).toBe(buttonNamed(container, 'Ya, hapus'));
  });

  it('Escape closes the box and the focus returns to the button that opened it', async () => {
    const { container } = await render();
    await click(buttonNamed(container, 'Hapus'));
    await press(document.activeElement, 'Escape');
    expect(container.querySelector('[role="alertdialog"]')).toBeNull();
    expect(document.activeElement).toBe(buttonNamed(container, 'Hapus'));
  });

  it('other keys do nothing; Escape while the step is under way (canClose false) keeps the box', async () => {
    const { container, rerender } = await render();
    await click(buttonNamed(container, 'Hapus'));
    await press(document.activeElement, 'Enter');
    expect(container.querySelector('[role="alertdialog"]')).not.toBeNull();
    await rerender({ busy: true });
    await press(document.activeElement, 'Escape');
    expect(container.querySelector('[role="alertdialog"]')).not.toBeNull();
    await rerender({ busy: false });
    await press(document.activeElement, 'Escape');
    expect(container.querySelector('[role="alertdialog"]')).toBeNull();
  });

  it('"Batal" closes the box and the focus returns to the button that opened it, not to <body>', async () => {
    const { container } = await render();
    await click(buttonNamed(container, 'Hapus'));
    await click(buttonNamed(container, 'Batal'));
    expect(container.querySelector('[role="alertdialog"]')).toBeNull();
    expect(document.activeElement).not.toBe(document.body);
    expect(document.activeElement).toBe(buttonNamed(container, 'Hapus'));
  });

  it('when the item goes with the box open (deleted), the focus goes to the fallback', async () => {
    const { container } = await render();
    await click(buttonNamed(container, 'Hapus'));
    // The item is removed without the focus being taken elsewhere first (as a list refetched after a delete).
    const remove = buttonNamed(container, 'Hapus item')!;
    await act(async () => {
      remove.click();
    });
    expect(buttonNamed(container, 'Hapus')).toBeNull();
    expect(document.activeElement).toBe(container.querySelector('#list-h'));
  });

  it('a focus the user put elsewhere meanwhile is left there', async () => {
    const { container } = await render();
    await click(buttonNamed(container, 'Hapus'));
    // Another control takes the focus (a tap outside), then the box closes.
    await click(buttonNamed(container, 'Lain'));
    await press(container.querySelector('[role="alertdialog"]'), 'Escape');
    expect(container.querySelector('[role="alertdialog"]')).toBeNull();
    expect(document.activeElement).toBe(buttonNamed(container, 'Lain'));
  });
});
