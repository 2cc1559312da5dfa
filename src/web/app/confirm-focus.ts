import { type KeyboardEvent, type RefObject, useEffect, useRef } from 'react';

/**
 * The focus of an inline box opened by a button (a "Really delete?" confirm, a small form shown in place):
 *
 * - opened, the focus goes into the box: to its element marked `data-confirm-focus` (a title with
 *   `tabIndex={-1}`, or a first field), else its first control that takes the focus, else the box itself;
 * - Escape in the box closes it (`onKeyDown` on the box), unless `canClose` says not now (a step under way);
 * - closed (Escape, "Batal", or done), the focus goes back to the button that opened it (`openerRef`, which
 *   may be rendered anew once the box is gone), or, when that button is no more (the thing was deleted), to
 *   `fallback()` (e.g. the section's heading with `tabIndex={-1}`); the same when the box's component goes
 *   with the thing. The focus is only moved back when it was lost (on `<body>`) or still in the box: a user
 *   who clicked elsewhere meanwhile keeps it there.
 */
export interface ConfirmFocus<B extends HTMLElement, O extends HTMLElement> {
  /** On the box. */
  boxRef: RefObject<B | null>;
  /** On the button that opens the box. */
  openerRef: RefObject<O | null>;
  /** On the box: Escape closes it. */
  onKeyDown: (e: KeyboardEvent) => void;
}

export interface ConfirmFocusOptions {
  /** False while the box must stay (its step is under way): Escape does nothing then. */
  canClose?: boolean;
  /** Where the focus goes when the opener is gone. */
  fallback?: () => HTMLElement | null;
}

const FOCUSABLE = [
  '[data-confirm-focus]',
  'button:not([disabled])',
  'input:not([disabled]):not([type="hidden"])',
  'select:not([disabled])',
  'textarea:not([disabled])',
  'a[href]',
  '[tabindex]:not([tabindex^="-"])',
];

/** The element of `box` to take the focus when it opens. */
export function firstFocusTarget(box: HTMLElement): HTMLElement {
  const marked = box.querySelector<HTMLElement>('[data-confirm-focus]');
  if (marked) return marked;
  const first = box.querySelector<HTMLElement>(FOCUSABLE.slice(1).join(', '));
  if (first) return first;
  if (!box.hasAttribute('tabindex')) box.tabIndex = -1;
  return box;
}

/** The focus was lost (on `<body>`, or on an element no longer in the page) or is inside `box`. */
function focusLostOrIn(box: HTMLElement | null): boolean {
  const active = document.activeElement;
  if (!active || active === document.body || !active.isConnected) return true;
  return !!box && box.contains(active);
}

function usable(el: HTMLElement | null | undefined): el is HTMLElement {
  return !!el && el.isConnected && !(el as HTMLButtonElement).disabled;
}

export function useConfirmFocus<B extends HTMLElement = HTMLDivElement, O extends HTMLElement = HTMLButtonElement>(
  open: boolean,
  onClose: () => void,
  options: ConfirmFocusOptions = {},
): ConfirmFocus<B, O> {
  const boxRef = useRef<B | null>(null);
  const openerRef = useRef<O | null>(null);
  /** The box as last seen open: on closing it is already out of the page, but the focus may still be in it. */
  const lastBox = useRef<B | null>(null);
  const wasOpen = useRef(open);
  const latest = useRef({ onClose, options });
  latest.current = { onClose, options };

  useEffect(() => {
    if (open && !wasOpen.current) {
      const box = boxRef.current;
      lastBox.current = box;
      if (box) firstFocusTarget(box).focus();
    } else if (!open && wasOpen.current) {
      if (focusLostOrIn(lastBox.current)) {
        const opener = openerRef.current;
        const target = usable(opener) ? opener : latest.current.options.fallback?.();
        if (usable(target)) target.focus();
      }
      lastBox.current = null;
    }
    wasOpen.current = open;
  }, [open]);

  // The box's component goes while the box is open (what it asked about was deleted): the fallback.
  useEffect(
    () => () => {
      if (!wasOpen.current) return;
      const target = latest.current.options.fallback?.();
      if (usable(target) && focusLostOrIn(lastBox.current)) target.focus();
    },
    [],
  );

  return {
    boxRef,
    openerRef,
    onKeyDown(e: KeyboardEvent) {
      if (e.key !== 'Escape' || e.defaultPrevented) return;
      if (latest.current.options.canClose === false) return;
      e.preventDefault();
      e.stopPropagation();
      latest.current.onClose();
    },
  };
}
