/** AG Grid's Quartz theme in light and dark, compact enough for a dense table of sockets. */
import { colorSchemeDark, colorSchemeLight, themeQuartz } from 'ag-grid-community';

const base = themeQuartz.withParams({
  fontSize: 13,
  headerFontSize: 13,
  spacing: 5,
  rowHeight: 28,
  headerHeight: 32,
  wrapperBorderRadius: 0,
  cellHorizontalPadding: 8,
});

/** The grid theme for each resolved page theme. */
export const GRID_THEMES = {
  light: base.withPart(colorSchemeLight),
  dark: base.withPart(colorSchemeDark).withParams({ backgroundColor: '#1b1e23', foregroundColor: '#e4e6ea' }),
} as const;
