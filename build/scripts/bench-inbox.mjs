#!/usr/bin/env node
/**
 * npm run bench:inbox — opening a conversation and scrolling the queue over the database
 * benchmark's dataset (20,000 conversations, 200,000 messages), in Debian's Chromium through the
 * browser host (build/bench/inbox.bench.ts). Builds the app first. Prints progress, then as its
 * LAST line: {"open_thread_ms": N, "max_long_task_ms": N}. --quick: a tenth of the dataset.
 */
import { runRendererBench } from './renderer-bench.mjs';

const figures = runRendererBench('inbox');
console.log(`[bench:inbox] dataset: ${JSON.stringify(figures.sizes)}${figures.quick ? ' (quick)' : ''}`);
console.log(JSON.stringify({ open_thread_ms: figures.open_thread_ms, max_long_task_ms: figures.max_long_task_ms }));
