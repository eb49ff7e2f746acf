/**
 * The row menu: AG Grid's own context menu is Enterprise-only, so this is a
 * small ARIA menu of its own, opened by a right-click on a row or by
 * Shift+F10 / the Menu key (see GridController). Arrow keys, Home/End and
 * first letters move, Enter/Space choose, Escape closes and puts focus back
 * on the row, and a click elsewhere closes it.
 */
import { useEffect, useLayoutEffect, useRef, useState } from 'react';
import type { AppServices } from '../app/app-services.js';
import { useRowActionStates } from '../app/use-row-action-states.js';
import { menuKeyResult, menuPosition, rowMenuItems, type RowMenuCommand } from '../model/row-menu.js';

/** The menu at `at` (page coordinates) for the selected row. */
export function RowMenu({ services, at }: { services: AppServices; at: { x: number; y: number } }) {
  const { actions } = services;
  const items = rowMenuItems(useRowActionStates(services));
  const [active, setActive] = useState(0);
  const [position, setPosition] = useState<{ left: number; top: number } | null>(null);
  const menu = useRef<HTMLDivElement>(null);
  /** The row the menu is for, and what had focus when it opened (that row's cell): they get focus back. */
  const [rowKey] = useState(() => services.view.get().selectedKey);
  const opener = useRef<HTMLElement | null>(null);

  // Measured before paint, so the menu never shows outside the window.
  useLayoutEffect(() => {
    const element = menu.current;
    if (element === null) return;
    const size = { width: element.offsetWidth, height: element.offsetHeight };
    setPosition(menuPosition(at, size, { width: window.innerWidth, height: window.innerHeight }));
  }, [at]);

  useEffect(() => {
    const focused = document.activeElement;
    if (focused instanceof HTMLElement && !menu.current?.contains(focused)) opener.current = focused;
    const close = () => actions.closeRowMenu();
    const onPointerDown = (event: PointerEvent) => {
      if (!menu.current?.contains(event.target as Node)) close();
    };
    window.addEventListener('pointerdown', onPointerDown, true);
    window.addEventListener('blur', close);
    window.addEventListener('resize', close);
    // The menu stays where it opened: once the rows scroll under it, it no longer points at its row.
    window.addEventListener('wheel', close, { capture: true, passive: true });
    return () => {
      window.removeEventListener('wheel', close, { capture: true });
      window.removeEventListener('pointerdown', onPointerDown, true);
      window.removeEventListener('blur', close);
      window.removeEventListener('resize', close);
    };
  }, [actions]);

  useEffect(() => {
    menu.current?.querySelectorAll<HTMLElement>('[role="menuitem"]')[active]?.focus();
  }, [active, position]);

  /** Closes the menu, with focus back on the row first so a dialog opened next returns it there. */
  const close = (restoreFocus: boolean) => {
    // By key first: the grid redraws its rows when it sorts, and the cell that had focus may be gone.
    if (restoreFocus && !(rowKey !== null && services.grid.get()?.focusRow(rowKey))) opener.current?.focus();
    actions.closeRowMenu();
  };
  const choose = (command: RowMenuCommand) => {
    const item = items.find((i) => i.command === command);
    if (item === undefined || item.disabled) return;
    close(true);
    if (command === 'kill') actions.openKill();
    else if (command === 'close-connection') actions.openCloseConnection();
    else if (command === 'copy') actions.copySelection();
    else actions.openDetails();
  };

  return (
    <div
      ref={menu}
      role="menu"
      aria-label="Row actions"
      className="row-menu"
      style={position === null ? { left: at.x, top: at.y, visibility: 'hidden' } : position}
      onKeyDown={(event) => {
        const result = menuKeyResult(
          event.key,
          active,
          items.map((i) => i.label),
        );
        if (result === undefined) return;
        if (result.type !== 'close' || result.restoreFocus) event.preventDefault();
        if (result.type === 'focus') setActive(result.index);
        else if (result.type === 'activate') choose(items[active]!.command);
        else close(result.restoreFocus);
      }}
      onContextMenu={(event) => event.preventDefault()}
    >
      {items.map((item, index) => (
        <div
          key={item.command}
          role="menuitem"
          tabIndex={index === active ? 0 : -1}
          aria-disabled={item.disabled || undefined}
          aria-description={item.reason}
          title={item.reason}
          className="row-menu-item"
          onClick={() => choose(item.command)}
          onPointerMove={() => setActive(index)}
        >
          {item.label}
        </div>
      ))}
    </div>
  );
}
