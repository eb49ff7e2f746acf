// @ts-check
import js from '@eslint/js';
import tseslint from 'typescript-eslint';
import globals from 'globals';
import reactHooks from 'eslint-plugin-react-hooks';

export default tseslint.config(
  { ignores: ['dist/', 'node_modules/', 'build/', 'out/', 'tmp-exp/', 'artifacts/'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    languageOptions: { globals: { ...globals.node } },
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      'no-constant-condition': ['error', { checkLoops: false }],
    },
  },
  {
    files: ['shared/**/*.ts', 'renderer/**/*.{ts,tsx}'],
    languageOptions: { globals: { ...globals.browser } },
    rules: {
      // Code in shared/ and renderer/ runs in the sandboxed renderer: no Node.
      'no-restricted-imports': [
        'error',
        { patterns: ['node:*', 'fs', 'path', 'os', 'child_process', 'electron'] },
      ],
    },
  },
  {
    // The React components: the rules of hooks (and the React Compiler's checks of them).
    files: ['renderer/**/*.tsx'],
    ...reactHooks.configs.flat.recommended,
  },
  {
    // The renderer's build config runs in Node, not in the renderer.
    files: ['renderer/vite.config.ts'],
    languageOptions: { globals: { ...globals.node } },
    rules: { 'no-restricted-imports': 'off' },
  },
  {
    // One typed IPC: electron/ipc.ts wraps ipcMain, ipcRenderer and webContents.send with the
    // contract's types and checks, and the preload exposes it. Nothing else touches raw IPC.
    files: ['**/*.{ts,tsx,js,mjs,cjs}'],
    ignores: ['electron/ipc.ts', 'electron/preload.ts'],
    rules: {
      'no-restricted-syntax': [
        'error',
        {
          selector: 'MemberExpression[object.name=/^ipc(Main|Renderer)$/]',
          message: 'Use the typed wrappers in electron/ipc.ts, not raw IPC.',
        },
        {
          selector: 'MemberExpression[object.property.name=/^ipc(Main|Renderer)$/]',
          message: 'Use the typed wrappers in electron/ipc.ts, not raw IPC.',
        },
        {
          selector:
            "MemberExpression[object.property.name='webContents'][property.name=/^(send|sendToFrame|postMessage)$/]",
          message: "Send events with sendEvent (electron/ipc.ts) through the window's event queue.",
        },
      ],
    },
  },
  {
    // main.ts hands ipcMain to electron/ipc.ts; the preload hands it ipcRenderer. No one else imports them.
    files: ['electron/**/*.ts', 'test/**/*.ts', 'scripts/**/*.{ts,js,mjs}'],
    ignores: ['electron/main.ts', 'electron/preload.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          paths: [
            {
              name: 'electron',
              importNames: ['ipcMain', 'ipcRenderer'],
              message:
                'Only electron/main.ts and electron/preload.ts import these, to hand them to electron/ipc.ts.',
            },
          ],
        },
      ],
    },
  },
);
