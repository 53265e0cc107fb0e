/** The process-boundary lint rules: each forbidden import or API fails lint, allowed ones pass (SEC-IPC-04, SEC-WIN-01, SEC-EXT-01). */
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { ESLint } from 'eslint';
import { describe, expect, it } from 'vitest';

const root = fileURLToPath(new URL('..', import.meta.url));
const eslint = new ESLint({ cwd: root, overrideConfigFile: path.join(root, 'build/eslint.config.mjs') });

async function ruleIds(file: string, code: string): Promise<string[]> {
  const [result] = await eslint.lintText(code, { filePath: path.join(root, file) });
  return (result?.messages ?? []).filter((m) => m.severity === 2).map((m) => m.ruleId ?? m.message);
}

describe('process-boundary lint', () => {
  it.each([
    ['renderer/src/x.tsx', "import { ipcRenderer } from 'electron';\nexport const a = ipcRenderer;", 'no-restricted-imports'],
    ['renderer/src/x.tsx', "import { readFileSync } from 'node:fs';\nexport const a = readFileSync;", 'no-restricted-imports'],
    ['renderer/src/x.tsx', "import fs from 'fs';\nexport const a = fs;", 'no-restricted-imports'],
    ['renderer/src/pages/x.tsx', "import { createAppServices } from '../../../main/app-services';\nexport const a = createAppServices;", 'no-restricted-imports'],
    ['shared/rules/x.ts', "import { app } from 'electron';\nexport const a = app;", 'no-restricted-imports'],
    ['shared/rules/x.ts', "import path from 'node:path';\nexport const a = path;", 'no-restricted-imports'],
    ['shared/rules/x.ts', "import { useState } from 'react';\nexport const a = useState;", 'no-restricted-imports'],
    ['shared/rules/x.ts', "import { channels } from '../../main/ipc/ipc-router';\nexport const a = channels;", 'no-restricted-imports'],
    ['main/gateway/x.ts', "import { ipcMain } from 'electron';\nexport const a = ipcMain;", 'no-restricted-imports'],
    ['main/windows/x.ts', "import { contextBridge } from 'electron';\nexport const a = contextBridge;", 'no-restricted-imports'],
    ['main/gateway/x.ts', "import { App } from '../../renderer/src/App';\nexport const a = App;", 'no-restricted-imports'],
    ['preload/x.ts', "import { ipcMain } from 'electron';\nexport const a = ipcMain;", 'no-restricted-imports'],
    ['preload/x.ts', "import { createAppServices } from '../main/app-services';\nexport const a = createAppServices;", 'no-restricted-imports'],
    ['main/tray/x.ts', "import { BrowserWindow } from 'electron';\nexport const w = new BrowserWindow({});", 'no-restricted-syntax'],
    ['main/tray/x.ts', "import { shell } from 'electron';\nvoid shell.openExternal('https://x.test');", 'no-restricted-syntax'],
    ['main/tray/x.ts', "declare const wc: { executeJavaScript(s: string): void };\nwc.executeJavaScript('1');", 'no-restricted-syntax'],
    ['main/tray/x.ts', 'export const prefs = { nodeIntegration: true };', 'no-restricted-syntax'],
    ['main/tray/x.ts', 'export const prefs = { sandbox: false };', 'no-restricted-syntax'],
    ['main/tray/x.ts', "declare const app: { commandLine: { appendSwitch(s: string): void } };\napp.commandLine.appendSwitch('disable-web-security');", 'no-restricted-syntax'],
    ['renderer/src/x.ts', "export const f = eval('1');", 'no-eval'],
    ['renderer/src/x.ts', "export const f = new Function('return 1');", 'no-new-func'],
  ])('%s: forbidden code fails lint', async (file, code, rule) => {
    expect(await ruleIds(file, code)).toContain(rule);
  });

  it.each([
    ['main/ipc/x.ts', "import { ipcMain } from 'electron';\nexport const a = ipcMain;"],
    ['preload/x.ts', "import { contextBridge, ipcRenderer } from 'electron';\nexport const a = [contextBridge, ipcRenderer];"],
    ['main/windows/x.ts', "import { BrowserWindow } from 'electron';\nexport const w = new BrowserWindow({});"],
    ['main/security/open-external.ts', "import { shell } from 'electron';\nvoid shell.openExternal('https://x.test');"],
    ['renderer/src/x.tsx', "import type { CareRelayApi } from '../../shared/ipc';\nexport type A = CareRelayApi;"],
    ['main/gateway/x.ts', "import { channels } from '../../shared/ipc';\nimport path from 'node:path';\nexport const a = [channels, path];"],
  ])('%s: allowed code passes', async (file, code) => {
    expect(await ruleIds(file, code)).toEqual([]);
  });
});
