/**
 * The toolbar: search, filters and the selected row's actions on the first
 * row; monitor, export and view controls after.
 */
import type { AppServices } from '../app/app-services.js';
import { useStore } from '../app/use-store.js';
import { DisplayOptions } from './display-options.js';
import { FilterBox } from './filter-box.js';
import { MonitorControls } from './monitor-controls.js';
import { ProtocolToggles } from './protocol-toggles.js';
import { RowActionButtons } from './row-action-buttons.js';
import { ViewFilterControls } from './view-filter-controls.js';

/** Every toolbar control, in two wrapping rows. */
export function Toolbar({ services }: { services: AppServices }) {
  const { view, prefs, actions } = services;
  const detailsOpen = useStore(prefs, (p) => p.detailsOpen);
  // Whether the main side has said which row actions it allows (the browser tests wait for it).
  const actionsKnown = useStore(view, (s) => s.appInfo !== null);
  return (
    <header className="toolbar" data-actions={actionsKnown ? 'ready' : 'pending'}>
      <div className="toolbar-row">
        <FilterBox prefs={prefs} />
        <ProtocolToggles view={view} prefs={prefs} />
        <ViewFilterControls prefs={prefs} />
        <RowActionButtons services={services} />
      </div>
      <div className="toolbar-row">
        <MonitorControls view={view} actions={actions} />
        <span className="separator" aria-hidden="true" />
        <button type="button" onClick={() => actions.exportRows('csv')}>
          Export CSV
        </button>
        <button type="button" onClick={() => actions.exportRows('json')}>
          Export JSON
        </button>
        <button type="button" aria-haspopup="dialog" onClick={actions.openColumns}>
          Columns
        </button>
        <button type="button" aria-pressed={detailsOpen} onClick={actions.toggleDetails}>
          Details
        </button>
        <span className="separator" aria-hidden="true" />
        <DisplayOptions prefs={prefs} />
        <button type="button" className="about-button" aria-haspopup="dialog" onClick={actions.openAbout}>
          About
        </button>
      </div>
    </header>
  );
}
