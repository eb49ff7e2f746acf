/** The details of the selected row, live: it re-reads the row whenever the table changes. */
import type { AppServices } from '../app/app-services.js';
import { useStore } from '../app/use-store.js';
import { detailSections } from './detail-fields.js';

/** The panel named "Details" beside the grid. */
export function DetailsPanel({ services, onClose }: { services: AppServices; onClose: () => void }) {
  const { view, session } = services;
  const key = useStore(view, (s) => s.selectedKey);
  // Subscribing to the table's version re-renders the panel on every change, so counters stay live.
  useStore(view, (s) => s.tableVersion);
  const shown = key === null ? undefined : session.row(key);
  return (
    <aside className="details" aria-label="Details">
      <div className="details-head">
        <h2>Details</h2>
        <button type="button" className="icon-button" aria-label="Hide panel" onClick={onClose}>
          ×
        </button>
      </div>
      {key === null && <p className="muted">Select a row to see its details.</p>}
      {key !== null && shown === undefined && <p className="notice">This connection is gone.</p>}
      {shown !== undefined && (
        <>
          {shown.removed && (
            <p className="notice" role="note">
              This connection was removed. Its last values are shown.
            </p>
          )}
          {detailSections(shown.row).map((section) => (
            <section key={section.title}>
              <h3>{section.title}</h3>
              <dl>
                {section.fields.map((f) => (
                  <div key={f.label} className="detail-row">
                    <dt>{f.label}</dt>
                    <dd>{f.value}</dd>
                  </div>
                ))}
              </dl>
            </section>
          ))}
        </>
      )}
    </aside>
  );
}
