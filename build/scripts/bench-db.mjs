#!/usr/bin/env node
/**
 * npm run bench:db — the practice database benchmark in Debian's Chromium (never a downloaded
 * browser). Builds the test-only benchmark page (build/vite.data-testing.config.ts, into
 * dist/testing/data/, never packaged), serves it on 127.0.0.1, and runs in one page:
 *  1. bulk insert of the same 10,000 messages (one encrypted field) with our WebCrypto storage,
 *     RxDB's crypto-js plugin and no encryption, in alternating order, median of 5 rounds; and,
 *     as the floor under any wrapper, the same documents written by raw IndexedDB `add` calls
 *     into the same store and indexes (no RxDB, no encryption);
 *  2. the dataset: 20,000 patients, 20,000 conversations, 200,000 messages (100 long threads);
 *  3. medians of 15 runs: queue first page, a thread's latest 100, phone look-up, name prefix
 *     search; and of 5 runs: unlock (key hand-over) -> open -> queue first page.
 * Prints progress, then as its LAST line one JSON object with the seven figures the issue names,
 * followed by the floor and the ceiling it implies (crypto-js median / floor).
 * Options: --quick (a tenth of the dataset, for a smoke run), --keep-profile,
 * --insert-only (step 1 only; last line: its four figures), --shape=minimal (step 1 on the issue's
 * planning shape: id, one encrypted field, a time, no indexes but RxDB's own; default messages).
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { build as viteBuild, preview } from 'vite';
import { CHROMIUM_ARGS, CHROMIUM_PATH } from '../chromium.mjs';
import { chromium } from 'playwright-core';

/* global window */

const root = fileURLToPath(new URL('../..', import.meta.url));
const quick = process.argv.includes('--quick');
const keepProfile = process.argv.includes('--keep-profile');
const insertOnly = process.argv.includes('--insert-only');
const shapeArg = process.argv.find((a) => a.startsWith('--shape='));
const shape = shapeArg ? shapeArg.slice('--shape='.length) : 'messages';
if (!['messages', 'minimal'].includes(shape)) {
  console.error(`[bench:db] unknown --shape=${shape} (messages | minimal)`);
  process.exit(2);
}

const SIZES = quick
  ? { patients: 2_000, conversations: 2_000, messages: 20_000, longThreads: 20, longThreadLength: 200 }
  : { patients: 20_000, conversations: 20_000, messages: 200_000, longThreads: 100, longThreadLength: 500 };
const INSERT_DOCS = 10_000;
const INSERT_ROUNDS = 5;
const QUERY_RUNS = 15;
const OPEN_RUNS = 5;

const log = (line) => console.log(`[bench:db] ${line}`);

const configFile = path.join(root, 'build/vite.data-testing.config.ts');
await viteBuild({ configFile, logLevel: 'warn' });

// Vite's own static server for what it just built (127.0.0.1, a free port).
const server = await preview({ configFile, preview: { host: '127.0.0.1', port: 0 }, logLevel: 'warn' });
const origin = `http://127.0.0.1:${server.httpServer.address().port}`;

const profile = mkdtempSync(path.join(tmpdir(), 'carerelay-bench-db-'));
const context = await chromium.launchPersistentContext(profile, {
  executablePath: CHROMIUM_PATH,
  headless: true,
  args: [...CHROMIUM_ARGS],
});
const started = Date.now();

/** Steps 2 and 3: the dataset, the queries and the open after unlock. */
async function datasetFigures(page) {
  log(`building the dataset: ${SIZES.patients} patients, ${SIZES.conversations} conversations, ${SIZES.messages} messages...`);
  const dataset = await page.evaluate((sizes) => window.carerelayBench.buildDataset(sizes), SIZES);
  log(`dataset written in ${JSON.stringify(dataset.seconds)} s`);

  log(`queries, ${QUERY_RUNS} runs each...`);
  const queries = await page.evaluate(([sizes, runs]) => window.carerelayBench.measureQueries(sizes, runs), [SIZES, QUERY_RUNS]);
  log(`queries: ${JSON.stringify(queries)}`);

  log(`open after unlock, ${OPEN_RUNS} runs...`);
  const open = await page.evaluate((runs) => window.carerelayBench.measureOpen(runs), OPEN_RUNS);
  log(`open after unlock (ms): ${JSON.stringify(open.allMs)}`);
  return { ...queries, open_after_unlock_ms: open.open_after_unlock_ms };
}
let exitCode = 0;
try {
  const page = context.pages()[0] ?? (await context.newPage());
  page.on('pageerror', (error) => log(`page error: ${error.message}`));
  await page.goto(`${origin}/bench.html`);
  await page.waitForFunction(() => window.carerelayBench !== undefined, null, { timeout: 30_000 });

  log(`insert comparison (${shape}): ${INSERT_DOCS} documents x ${INSERT_ROUNDS} rounds each (ours, crypto-js, plain, raw IndexedDB floor)...`);
  const insert = await page.evaluate(([n, r, s]) => window.carerelayBench.insertComparison(n, r, s), [INSERT_DOCS, INSERT_ROUNDS, shape]);
  log(`insert medians (ms): ours ${insert.medianMs.ours}, crypto-js ${insert.medianMs.cryptojs}, plain ${insert.medianMs.plain}, raw IndexedDB floor ${insert.medianMs.floor}; all: ${JSON.stringify(insert.allMs)}`);
  log(`ceiling for any wrapper of the Dexie storage vs crypto-js here: ${insert.insert_ratio_ceiling_vs_cryptojs}x (crypto-js median / raw IndexedDB floor)`);

  const figures = insertOnly ? {} : await datasetFigures(page);
  log(`total ${((Date.now() - started) / 1000).toFixed(1)} s${quick && !insertOnly ? ' (quick: a tenth of the dataset)' : ''}`);
  const { queue_first_page_ms, thread_100_ms, phone_lookup_ms, name_search_ms, open_after_unlock_ms } = figures;
  console.log(
    JSON.stringify({
      ...(insertOnly ? { shape } : {}),
      insert_ratio_vs_cryptojs: insert.insert_ratio_vs_cryptojs,
      insert_ratio_vs_plain: insert.insert_ratio_vs_plain,
      ...(insertOnly ? {} : { queue_first_page_ms, thread_100_ms, phone_lookup_ms, name_search_ms, open_after_unlock_ms }),
      insert_ratio_ceiling_vs_cryptojs: insert.insert_ratio_ceiling_vs_cryptojs,
      indexeddb_floor_ms: insert.indexeddb_floor_ms,
    }),
  );
} catch (error) {
  console.error(`[bench:db] failed: ${error instanceof Error ? error.message : error}`);
  exitCode = 1;
} finally {
  await context.close();
  await server.close();
  if (!keepProfile) rmSync(profile, { recursive: true, force: true });
}
process.exit(exitCode);
