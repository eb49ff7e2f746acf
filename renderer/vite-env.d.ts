/// <reference types="vite/client" />
// Vite's types for the renderer: CSS and asset imports, import.meta.env.
