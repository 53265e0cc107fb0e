/**
 * Starts the browser host the specs share (fresh data folder, the real OS keychain) and hands
 * its address to them as CARERELAY_E2E_URL; stops it when the run ends.
 */
import { mkdirSync, rmSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { startTestHost } from './e2e-host';

const root = fileURLToPath(new URL('..', import.meta.url));

export default async function globalSetup(): Promise<() => Promise<void>> {
  // Simulated patients answer within seconds, so a spec can watch a whole exchange.
  const host = await startTestHost({ CARERELAY_SANDBOX_TIMING: 'fast' });
  process.env.CARERELAY_E2E_URL = host.url;
  const stateDir = path.join(root, 'test-results/e2e-state');
  rmSync(stateDir, { recursive: true, force: true });
  mkdirSync(stateDir, { recursive: true });
  process.env.CARERELAY_E2E_STATE = path.join(stateDir, 'practice.json');
  return () => host.stop();
}
