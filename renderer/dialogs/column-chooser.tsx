/** The column chooser: one checkbox per column, in the grid's order. */
import { useState } from 'react';
import type { GridHandle } from '../app/grid-handle.js';
import { ModalDialog } from './modal-dialog.js';

/** The "Columns" dialog: shows and hides grid columns (saved with the column state). */
export function ColumnChooser({ grid, onClose }: { grid: GridHandle; onClose: () => void }) {
  const [columns, setColumns] = useState(() => grid.columns());
  const visibleCount = columns.filter((c) => c.visible).length;
  return (
    <ModalDialog title="Columns" onClose={onClose} className="column-chooser">
      <fieldset className="column-list">
        <legend className="sr-only">Visible columns</legend>
        {columns.map((column) => (
          <label key={column.id} className="field check">
            <input
              type="checkbox"
              checked={column.visible}
              // The last visible column stays: a grid with none cannot be put back from the keyboard.
              disabled={column.visible && visibleCount === 1}
              onChange={(e) => {
                grid.setColumnVisible(column.id, e.target.checked);
                setColumns(grid.columns());
              }}
            />
            {column.header}
          </label>
        ))}
      </fieldset>
      <div className="modal-actions">
        <button type="button" className="primary" onClick={onClose}>
          Done
        </button>
      </div>
    </ModalDialog>
  );
}
