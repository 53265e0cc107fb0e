// Lint, with the process-boundary rules that keep the architecture honest (SEC-IPC-04,
// SEC-WIN-01, SEC-EXT-01, SEC-API-01/02, SEC-FLAGS-01). A boundary break is an error.
import js from '@eslint/js';
import tseslint from 'typescript-eslint';
import { builtinModules } from 'node:module';

const nodeBuiltins = [...builtinModules, ...builtinModules.map((m) => `node:${m}`)];
const up = (dirs) => `^(\\.\\./)+(${dirs.join('|')})(/|$)`;

const IPC_MAIN = { name: 'electron', importNames: ['ipcMain'], message: 'Only main/ipc/ may import ipcMain: register channels through the IPC router.' };
const PRELOAD_ONLY = {
  name: 'electron',
  importNames: ['ipcRenderer', 'contextBridge'],
  message: 'ipcRenderer and contextBridge belong in preload/ only.',
};

/** no-restricted-imports options for one area; later blocks replace, so each area states all it forbids. */
function boundary({ paths = [], patterns = [] }) {
  return ['error', { paths, patterns }];
}

const noElectron = { name: 'electron', message: 'This layer must not use Electron.' };
const noNode = nodeBuiltins.map((name) => ({ name, message: 'This layer must not use Node.js modules.' }));

const areas = {
  shared: boundary({
    paths: [noElectron, ...noNode],
    patterns: [
      { regex: up(['main', 'preload', 'renderer']), message: 'shared/ is imported by every process and imports none of them.' },
      { regex: '^(react|react-dom|@mui/.*|@emotion/.*|ws|electron-updater|@napi-rs/keyring)(/|$)', message: 'shared/ holds pure logic: no UI, network or native packages.' },
    ],
  }),
  renderer: boundary({
    paths: [noElectron, ...noNode],
    patterns: [
      { regex: up(['main', 'preload']), message: 'The renderer reaches main only through window.carerelay.' },
      { regex: '^(ws|electron-updater|@napi-rs/keyring)(/|$)', message: 'Not a renderer package.' },
    ],
  }),
  preload: boundary({
    paths: [IPC_MAIN, ...noNode],
    patterns: [{ regex: up(['main', 'renderer']), message: 'preload/ builds the API from shared/ only.' }],
  }),
  main: boundary({
    paths: [IPC_MAIN, PRELOAD_ONLY],
    patterns: [{ regex: up(['renderer', 'preload']), message: 'main/ never imports the renderer or preload.' }],
  }),
  mainIpc: boundary({
    paths: [PRELOAD_ONLY],
    patterns: [{ regex: up(['renderer', 'preload']), message: 'main/ never imports the renderer or preload.' }],
  }),
};

const bannedSyntax = [
  { selector: "NewExpression[callee.name='BrowserWindow']", message: 'Create windows through main/windows/ (the secure window factory).' },
  { selector: "CallExpression[callee.object.name='shell'][callee.property.name='openExternal']", message: 'Open links through main/security/open-external.ts (the allowlist).' },
  { selector: "MemberExpression[property.name=/^(executeJavaScript|insertCSS|enableRemoteModule)$/]", message: 'Banned Electron API (SEC-API-02).' },
  { selector: "Property[key.name='enableRemoteModule']", message: 'The remote module is banned (SEC-API-01).' },
  { selector: "Property[key.name=/^(nodeIntegration|nodeIntegrationInWorker|nodeIntegrationInSubFrames|allowRunningInsecureContent|experimentalFeatures|webviewTag)$/][value.value=true]", message: 'Insecure webPreferences (SEC-WIN-04/05/06).' },
  { selector: "Property[key.name=/^(contextIsolation|sandbox|webSecurity)$/][value.value=false]", message: 'Insecure webPreferences (SEC-WIN-02/03/05).' },
  { selector: "CallExpression[callee.property.name='appendSwitch'] > Literal[value=/disable-web-security|remote-debugging|js-flags|inspect|ignore-certificate-errors/]", message: 'Dangerous Chromium switch (SEC-FLAGS-01).' },
  { selector: "CallExpression[callee.property.name='setCertificateVerifyProc']", message: 'Certificate checks are never overridden (SEC-TLS-01).' },
  { selector: "ImportDeclaration[source.value='@electron/remote']", message: 'The remote module is banned (SEC-API-01).' },
];

export default tseslint.config(
  { ignores: ['dist/**', 'node_modules/**', 'test-results/**', 'playwright-report/**'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    languageOptions: { ecmaVersion: 2023, sourceType: 'module' },
    rules: {
      'no-eval': 'error',
      'no-implied-eval': 'error',
      'no-new-func': 'error',
      'no-restricted-syntax': ['error', ...bannedSyntax],
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      '@typescript-eslint/consistent-type-imports': ['error', { fixStyle: 'inline-type-imports' }],
    },
  },
  { files: ['shared/**/*.{ts,tsx}'], rules: { 'no-restricted-imports': areas.shared } },
  { files: ['renderer/**/*.{ts,tsx}'], ignores: ['renderer/e2e/**'], rules: { 'no-restricted-imports': areas.renderer } },
  { files: ['preload/**/*.ts'], rules: { 'no-restricted-imports': areas.preload } },
  { files: ['main/**/*.ts'], rules: { 'no-restricted-imports': areas.main } },
  { files: ['main/ipc/**/*.ts'], rules: { 'no-restricted-imports': areas.mainIpc } },
  {
    // The secure window factory and the link allowlist are the one place for what they own.
    files: ['main/windows/**/*.ts', 'main/security/open-external.ts'],
    rules: {
      'no-restricted-syntax': ['error', ...bannedSyntax.filter((b) => !/BrowserWindow|openExternal/.test(b.selector))],
    },
  },
  {
    // Tests may stand in for anything; the boundary applies to the code they test.
    files: ['**/*.test.ts', '**/*.test.tsx', 'renderer/e2e/**', 'main/testing/**', 'build/**'],
    rules: {
      'no-restricted-imports': 'off',
      'no-restricted-syntax': 'off',
      '@typescript-eslint/no-explicit-any': 'off',
      '@typescript-eslint/no-non-null-assertion': 'off',
    },
  },
  {
    files: ['build/**/*.mjs'],
    languageOptions: { globals: { process: 'readonly', console: 'readonly', URL: 'readonly', setTimeout: 'readonly', clearTimeout: 'readonly', Buffer: 'readonly', performance: 'readonly', setInterval: 'readonly', clearInterval: 'readonly' } },
  },
  {
    // electron-builder loads its hooks with require(): CommonJS.
    files: ['build/**/*.cjs'],
    languageOptions: { sourceType: 'commonjs', globals: { require: 'readonly', module: 'writable', process: 'readonly', console: 'readonly' } },
    rules: { '@typescript-eslint/no-require-imports': 'off' },
  },
);
