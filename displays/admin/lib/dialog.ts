/** Modal dialogs that take focus when they open and give it back to what opened them when they close. */

/** The focused element, looking through open shadow roots. */
export function deepActiveElement(root: Document | ShadowRoot = document): HTMLElement | null {
  const el = root.activeElement;
  if (!(el instanceof HTMLElement)) return null;
  return el.shadowRoot ? (deepActiveElement(el.shadowRoot) ?? el) : el;
}

/**
 * Open `dialog` as a modal with focus on `initial` (else its first control); when it closes
 * (button, Esc), focus returns to the element that had it before.
 */
export function openModal(dialog: HTMLDialogElement, initial?: HTMLElement | null): void {
  const opener = deepActiveElement();
  dialog.addEventListener(
    'close',
    () => {
      if (opener?.isConnected) opener.focus();
    },
    { once: true },
  );
  dialog.showModal();
  initial?.focus();
}
