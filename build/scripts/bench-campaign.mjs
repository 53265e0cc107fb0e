#!/usr/bin/env node
/**
 * npm run bench:campaign — planning a two-touch reminder campaign over 10,000 appointments in
 * the app's own encrypted database, in Debian's Chromium through the browser host
 * (build/bench/campaign.bench.ts). Builds the app first. Prints progress, then as its LAST line:
 * {"plan_10k_ms": N, "plan_10k_warm_ms": N, "max_long_task_ms": N} (first plan cold, a second warm).
 * --quick: 1,000 appointments.
 */
import { runRendererBench } from './renderer-bench.mjs';

const figures = runRendererBench('campaign');
console.log(`[bench:campaign] ${figures.appointments} appointments: ${figures.summary}`);
console.log(JSON.stringify({ plan_10k_ms: figures.plan_10k_ms, plan_10k_warm_ms: figures.plan_10k_warm_ms, max_long_task_ms: figures.max_long_task_ms }));
