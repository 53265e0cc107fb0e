/**
 * The Electron entry (bundled to dist/main/index.cjs). Thin on purpose: everything it starts
 * lives in electron-main.ts, where tests can drive it with a stand-in `electron`.
 */
import { startElectronShell } from './electron-main';

startElectronShell({ mainDir: __dirname });
