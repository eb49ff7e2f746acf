/**
 * A modal dialog on the native <dialog>: focus stays inside, Escape closes
 * it, and focus goes back where it was when it closes.
 */
import { useEffect, useRef, type KeyboardEvent, type ReactNode } from 'react';

/** A dialog's title (its accessible name), its content, and what closing it does. */
export interface ModalDialogProps {
  title: string;
  onClose: () => void;
  children: ReactNode;
  className?: string;
  /** Whether the head has a × button named "Close" (dialogs with their own Cancel or Close go without). */
  closeButton?: boolean;
  /** While true the dialog is busy: Escape and the backdrop do not close it, and it says so (aria-busy). */
  busy?: boolean;
  /**
   * Where focus goes when it closes, if not back to the element that had it
   * when it opened: returns false to fall back to that element. Read once,
   * when the dialog opens.
   */
  returnFocus?: () => boolean;
}

/**
 * A modal <dialog> that opens when mounted and closes on Escape, × or a
 * backdrop click. Focus starts on the element marked `data-autofocus`, if
 * any (the browser's own choice otherwise).
 */
export function ModalDialog({
  title,
  onClose,
  children,
  className,
  closeButton = true,
  busy = false,
  returnFocus,
}: ModalDialogProps) {
  const ref = useRef<HTMLDialogElement>(null);
  const returnFocusAtOpen = useRef(returnFocus);
  useEffect(() => {
    const dialog = ref.current;
    if (dialog === null) return;
    const opener = document.activeElement as HTMLElement | null;
    const returnTo = returnFocusAtOpen.current;
    if (!dialog.open) dialog.showModal();
    dialog.querySelector<HTMLElement>('[data-autofocus]')?.focus();
    return () => {
      if (dialog.open) dialog.close();
      if (returnTo?.() !== true) opener?.focus();
    };
  }, []);
  return (
    <dialog
      ref={ref}
      className={`modal ${className ?? ''}`}
      aria-label={title}
      aria-modal="true"
      aria-busy={busy}
      onCancel={(event) => {
        // Escape: let React unmount the dialog rather than the browser close it behind React's back.
        event.preventDefault();
        if (!busy) onClose();
      }}
      onClose={(event) => {
        // The browser closed it on its own (Chrome does on a second Escape that was refused): follow it.
        if (!event.currentTarget.open) onClose();
      }}
      onKeyDown={(event) => {
        if (event.key === 'Tab') keepFocusInside(event.currentTarget, event);
      }}
      onClick={(event) => {
        // A click on the backdrop (the dialog element itself, outside its content) closes it.
        if (event.target === event.currentTarget && !busy) onClose();
      }}
    >
      <div className="modal-body">
        <div className="modal-head">
          <h2>{title}</h2>
          {closeButton && (
            <button type="button" className="icon-button" aria-label="Close" onClick={onClose}>
              ×
            </button>
          )}
        </div>
        {children}
      </div>
    </dialog>
  );
}

const FOCUSABLE =
  'button:not(:disabled), [href], input:not(:disabled), select:not(:disabled), textarea, [tabindex]:not([tabindex="-1"])';

/**
 * Tab from the last control goes to the first, Shift+Tab from the first to
 * the last: a modal <dialog> keeps the page inert, but would let focus leave
 * for the browser's own controls.
 */
function keepFocusInside(dialog: HTMLDialogElement, event: KeyboardEvent): void {
  const focusable = [...dialog.querySelectorAll<HTMLElement>(FOCUSABLE)].filter(
    (e) => e.offsetParent !== null,
  );
  const first = focusable[0];
  const last = focusable.at(-1);
  if (first === undefined || last === undefined) {
    event.preventDefault();
    return;
  }
  const active = document.activeElement;
  if (event.shiftKey && (active === first || !dialog.contains(active))) {
    event.preventDefault();
    last.focus();
  } else if (!event.shiftKey && (active === last || !dialog.contains(active))) {
    event.preventDefault();
    first.focus();
  }
}
