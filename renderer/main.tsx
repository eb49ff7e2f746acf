/** The renderer's entry: registers AG Grid's modules, starts the live session, renders the app. */
import { ModuleRegistry } from 'ag-grid-community';
import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { App } from './app/app.js';
import { startServices } from './app/app-services.js';
import { GRID_MODULES } from './grid/grid-modules.js';
import { urlWithoutToken } from './transport/strip-token.js';
import './theme/app.css';

const withoutToken = urlWithoutToken(window.location.href);
if (withoutToken !== null) window.history.replaceState(window.history.state, '', withoutToken);
ModuleRegistry.registerModules(GRID_MODULES);

const services = startServices();
const root = document.getElementById('root');
if (root === null) throw new Error('index.html has no #root element');
createRoot(root).render(
  <StrictMode>
    <App services={services} />
  </StrictMode>,
);
