/**
 * Crash safety: a child process sending 500 messages is killed with SIGKILL at random points
 * and restarted, 20 times; the sandbox ledger shows each message exactly once. The child is
 * bundled with esbuild into a temp folder.
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { build } from 'esbuild';
import { runCrashScenario } from '../testing/sync-scenarios';

describe('crash safety', () => {
  it('500 messages, 20 SIGKILLs: each message reaches the gateway exactly once', async () => {
    const out = await mkdtemp(join(tmpdir(), 'carerelay-crash-bundle-'));
    try {
      const childFile = join(out, 'sync-crash-child.cjs');
      await build({ entryPoints: [join(__dirname, '..', 'testing', 'sync-crash-child.ts')], bundle: true, platform: 'node', format: 'cjs', target: 'node20', outfile: childFile, logLevel: 'warning' });
      const result = await runCrashScenario({ count: 500, kills: 20, rate: 100, childFile });
      expect(result).toEqual({ crash_kills: 20, sent: 500, duplicates: 0, lost: 0 });
    } finally {
      await rm(out, { recursive: true, force: true });
    }
  }, 90_000);
});
