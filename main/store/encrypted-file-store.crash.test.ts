/**
 * The store's crash guarantee, for real: a child process writes the store continuously and is
 * killed with SIGKILL at a random moment, 200 times. After every kill the store must open
 * and hold exactly the last completed generation or the one being written, with its exact
 * content; never a broken file, never an older state. The child is the real store module,
 * bundled with esbuild into a temp folder and run by plain `node`.
 */
import { spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdtemp, readdir, rm, mkdir } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { build } from 'esbuild';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createEncryptedFileStore } from './encrypted-file-store';
import { decodeStore } from './store-format';
import { readFile } from 'node:fs/promises';

const RUNS = 200;
const PARALLEL = 2;
const key = randomBytes(32);
const keyId = 'a1b2c3d4e5f60718';
let root: string;
let child: string;

/** Same function in the child: the exact content of generation n (sizes vary so truncation shows). */
const docFor = (n: number) => ({ n, pad: 'g' + n + '-'.repeat((n * 7919) % 20000), tail: 'end-' + n });
const DOC_SOURCE = docFor.toString();

beforeAll(async () => {
  root = await mkdtemp(join(tmpdir(), 'carerelay-crash-'));
  child = join(root, 'writer.mjs');
  await build({
    stdin: {
      contents: `
        import { createEncryptedFileStore } from ${JSON.stringify(fileURLToPath(new URL('./encrypted-file-store.ts', import.meta.url)))};
        const [dir, keyHex, keyId] = process.argv.slice(2);
        const docFor = ${DOC_SOURCE};
        const store = createEncryptedFileStore({ dir, name: 'journal', key: Buffer.from(keyHex, 'hex'), keyId });
        const snap = await store.read();
        let gen = snap ? snap.generation : 0;
        process.stdout.write('ready ' + gen + '\\n');
        for (;;) {
          const next = gen + 1;
          await store.write(docFor(next));
          process.stdout.write('done ' + next + '\\n');
          gen = next;
        }`,
      resolveDir: root,
      loader: 'ts',
    },
    bundle: true,
    platform: 'node',
    format: 'esm',
    outfile: child,
    logLevel: 'silent',
  });
});

afterAll(async () => {
  await rm(root, { recursive: true, force: true });
});

/** Starts the writer, kills it with SIGKILL at a random point, and returns the last completed generation. */
function runAndKill(dir: string): Promise<{ ready: number; lastDone: number }> {
  return new Promise((resolve, reject) => {
    const proc = spawn(process.execPath, [child, dir, key.toString('hex'), keyId], { stdio: ['ignore', 'pipe', 'pipe'] });
    let out = '';
    let err = '';
    let ready = -1;
    let timer: NodeJS.Timeout | undefined;
    proc.stdout.setEncoding('utf8').on('data', (chunk: string) => {
      out += chunk;
      if (ready < 0) {
        const m = /ready (\d+)\n/.exec(out);
        if (m) {
          ready = Number(m[1]);
          timer = setTimeout(() => proc.kill('SIGKILL'), Math.random() * 40);
        }
      }
    });
    proc.stderr.setEncoding('utf8').on('data', (chunk: string) => (err += chunk));
    proc.on('error', reject);
    proc.on('exit', (_code, signal) => {
      clearTimeout(timer);
      if (signal !== 'SIGKILL') return reject(new Error(`writer exited on its own: ${err || out}`));
      const done = [...out.matchAll(/done (\d+)\n/g)].map((m) => Number(m[1]));
      resolve({ ready, lastDone: done.length ? (done[done.length - 1] ?? ready) : ready });
    });
  });
}

describe('encrypted file store under SIGKILL', () => {
  it(
    `${RUNS} random kills: always exactly the old or the new state`,
    async () => {
      const stats = { old: 0, new: 0, writes: 0 };
      const worker = async (w: number, runs: number): Promise<void> => {
        const dir = join(root, `w${w}`);
        await mkdir(dir);
        let known = 0;
        for (let i = 0; i < runs; i++) {
          const { ready, lastDone } = await runAndKill(dir);
          expect(ready).toBe(known); // the child itself reopened the previous state intact
          const snap = await createEncryptedFileStore<ReturnType<typeof docFor>>({ dir, name: 'journal', key, keyId }).read();
          const generation = snap?.generation ?? 0;
          expect([lastDone, lastDone + 1]).toContain(generation);
          if (generation > 0) expect(snap?.data).toEqual(docFor(generation));
          if (generation === lastDone) stats.old++;
          else stats.new++;
          stats.writes += generation - known;
          // The kept copy is a good older generation, never a broken file.
          const bak = await readFile(join(dir, 'journal.crs.bak')).catch(() => null);
          if (bak) {
            const decoded = decodeStore(key, keyId, 'journal.crs', bak);
            expect(decoded.ok).toBe(true);
            if (decoded.ok) expect(decoded.envelope.generation).toBeLessThanOrEqual(generation); // equal when killed between keeping the backup and the rename
          }
          known = generation;
        }
        // Only the store, its backup and possibly one stale temp from the last kill.
        const left = (await readdir(dir)).filter((f) => !f.startsWith('.journal.crs'));
        expect(left.sort()).toEqual(['journal.crs', 'journal.crs.bak']);
      };
      await Promise.all(Array.from({ length: PARALLEL }, (_, w) => worker(w, RUNS / PARALLEL)));
      console.log(`crash test: ${RUNS} kills, ${stats.writes} completed writes; reopened old state ${stats.old}x, new state ${stats.new}x`);
      expect(stats.old + stats.new).toBe(RUNS);
    },
    120_000,
  );
});
