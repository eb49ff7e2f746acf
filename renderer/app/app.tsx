/** The whole view: toolbar, banners, the grid with its details panel, the status bar, and dialogs. */
import { useCallback, useEffect } from 'react';
import { AboutDialog } from '../dialogs/about-dialog.js';
import { CloseConnectionDialog } from '../dialogs/close-connection-dialog.js';
import { ColumnChooser } from '../dialogs/column-chooser.js';
import { KillDialog } from '../dialogs/kill-dialog.js';
import { DetailsPanel } from '../details/details-panel.js';
import { EndpointGrid } from '../grid/endpoint-grid.js';
import { RowMenu } from '../grid/row-menu.js';
import { closeTargetOf } from '../model/close-flow.js';
import { killTargetOf } from '../model/kill-flow.js';
import { Banners } from '../status/banners.js';
import { StatusBar } from '../status/status-bar.js';
import { useResolvedTheme } from '../theme/use-resolved-theme.js';
import { Toolbar } from '../toolbar/toolbar.js';
import type { AppServices } from './app-services.js';
import { useStore } from './use-store.js';

/** The root component; `services` are made once, before the first render. */
export function App({ services }: { services: AppServices }) {
  const { prefs, view, transport, actions } = services;
  const theme = useResolvedTheme(useStore(prefs, (p) => p.theme));
  const detailsOpen = useStore(prefs, (p) => p.detailsOpen);
  const dialog = useStore(view, (s) => s.dialog);
  const dialogRow = useStore(view, (s) => s.dialogRow);
  const rowMenu = useStore(view, (s) => s.rowMenu);

  // Ctrl+F anywhere goes to the filter box, as a browser's find would.
  useEffect(() => {
    const onKey = (event: KeyboardEvent) => {
      if ((event.ctrlKey || event.metaKey) && !event.altKey && event.key.toLowerCase() === 'f') {
        event.preventDefault();
        actions.focusFilter();
      }
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, [actions]);

  // The desktop app's menu.
  useEffect(() => transport.on('menu', actions.menu), [transport, actions]);

  const closeDialog = useCallback(() => view.set({ dialog: null, dialogRow: null }), [view]);
  const closeDetails = useCallback(() => prefs.set({ detailsOpen: false }), [prefs]);
  const grid = dialog === 'columns' ? services.grid.get() : null;
  const killTarget = dialog === 'kill' && dialogRow !== null ? killTargetOf(dialogRow) : null;
  const closeTarget = dialog === 'close-connection' && dialogRow !== null ? closeTargetOf(dialogRow) : null;
  // Focus goes back to the row acted on, found again by key: the grid may have redrawn it meanwhile.
  const rowKey = dialogRow?.key;
  const returnToRow = () => (rowKey !== undefined && services.grid.get()?.focusRow(rowKey)) === true;

  return (
    <div className="app">
      <Toolbar services={services} />
      <Banners view={view} />
      <main className="content">
        <EndpointGrid services={services} theme={theme} />
        {detailsOpen && <DetailsPanel services={services} onClose={closeDetails} />}
      </main>
      <StatusBar view={view} />
      {grid !== null && <ColumnChooser grid={grid} onClose={closeDialog} />}
      {dialog === 'about' && <AboutDialog transport={transport} onClose={closeDialog} />}
      {killTarget !== null && (
        <KillDialog
          key={dialogRow!.key}
          services={services}
          target={killTarget}
          onClose={closeDialog}
          returnFocus={returnToRow}
        />
      )}
      {closeTarget !== null && (
        <CloseConnectionDialog
          key={dialogRow!.key}
          transport={transport}
          target={closeTarget}
          onClose={closeDialog}
          returnFocus={returnToRow}
        />
      )}
      {rowMenu !== null && <RowMenu services={services} at={rowMenu} />}
    </div>
  );
}
