/**
 * The page's theme: the user's choice, or the OS's (prefers-color-scheme)
 * under 'system', kept on <html data-theme> for the page's CSS.
 */
import { useEffect, useSyncExternalStore } from 'react';
import type { ThemeChoice } from '../model/preferences.js';

const DARK_QUERY = '(prefers-color-scheme: dark)';

function subscribeToScheme(onChange: () => void): () => void {
  const query = window.matchMedia(DARK_QUERY);
  query.addEventListener('change', onChange);
  return () => query.removeEventListener('change', onChange);
}

const systemPrefersDark = () => window.matchMedia(DARK_QUERY).matches;

/** 'light' or 'dark' for `choice`, following the OS live under 'system'; sets data-theme on <html>. */
export function useResolvedTheme(choice: ThemeChoice): 'light' | 'dark' {
  const systemDark = useSyncExternalStore(subscribeToScheme, systemPrefersDark);
  const resolved = choice === 'system' ? (systemDark ? 'dark' : 'light') : choice;
  useEffect(() => {
    document.documentElement.dataset.theme = resolved;
  }, [resolved]);
  return resolved;
}
