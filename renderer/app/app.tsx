/** The whole view: toolbar, banners, the grid with its details panel, the status bar, and dialogs. */
import { useCallback, useEffect } from 'react';
import { AboutDialog } from '../dialogs/about-dialog.js';
import { ColumnChooser } from '../dialogs/column-chooser.js';
import { DetailsPanel } from '../details/details-panel.js';
import { EndpointGrid } from '../grid/endpoint-grid.js';
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

  const closeDialog = useCallback(() => view.set({ dialog: null }), [view]);
  const closeDetails = useCallback(() => prefs.set({ detailsOpen: false }), [prefs]);
  const grid = dialog === 'columns' ? services.grid.get() : null;

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
    </div>
  );
}
