/**
 * The Electron preload (bundled to dist/preload/index.cjs; runs sandboxed with context
 * isolation). It exposes exactly one frozen object, `window.carerelay`, built from the contract
 * over the Electron IPC transport. No ipcRenderer, no event objects, no Node objects cross over.
 */
import { contextBridge, ipcRenderer } from 'electron';
import { buildApi } from './api-builder';
import { createElectronTransport } from './electron-transport';

export const EXPOSED_API_KEY = 'carerelay';

contextBridge.exposeInMainWorld(EXPOSED_API_KEY, buildApi(createElectronTransport(ipcRenderer)));
