/**
 * The AG Grid modules the table uses, and no more. Not AllCommunityModule:
 * its column auto-size module queues a timer for every row update (1,000
 * timers a second under load) and its auto-height module measures rows, both
 * for features this grid does not use.
 */
import {
  CellStyleModule,
  ClientSideRowModelApiModule,
  ClientSideRowModelModule,
  ColumnApiModule,
  EventApiModule,
  ExternalFilterModule,
  HighlightChangesModule,
  LocaleModule,
  NumberFilterModule,
  RenderApiModule,
  RowApiModule,
  RowSelectionModule,
  RowStyleModule,
  ScrollApiModule,
  TextFilterModule,
  TooltipModule,
  type Module,
} from 'ag-grid-community';

/** Registered once in main.tsx, before the grid is made. */
export const GRID_MODULES: Module[] = [
  ClientSideRowModelModule,
  ClientSideRowModelApiModule,
  TextFilterModule,
  NumberFilterModule,
  ExternalFilterModule,
  RowSelectionModule,
  RowStyleModule,
  CellStyleModule,
  HighlightChangesModule,
  TooltipModule,
  LocaleModule,
  ColumnApiModule,
  RowApiModule,
  ScrollApiModule,
  RenderApiModule,
  EventApiModule,
];
