#!/usr/bin/env node
/**
 * npm run bench:desks — two desks and a CouchDB stand-in (build/bench/desks.bench.ts): 200 texts
 * arriving at desk A, each timed from desk A's screen to desk B's; then the server's files
 * scanned for plaintext. Builds the app first. Prints as its LAST line:
 * {"desk_to_desk_p95_ms": N, "new_desk_pull_200k_s": null, "partition_lost": null, "partition_duplicates": null, "plaintext_on_server": N}
 * (the nulls are not measured by this script yet). --quick: 40 texts.
 */
import { runRendererBench } from './renderer-bench.mjs';

const f = runRendererBench('desks');
console.log(`[bench:desks] ${f.measured} of ${f.texts} texts timed`);
console.log(JSON.stringify({ desk_to_desk_p95_ms: f.desk_to_desk_p95_ms, new_desk_pull_200k_s: f.new_desk_pull_200k_s, partition_lost: f.partition_lost, partition_duplicates: f.partition_duplicates, plaintext_on_server: f.plaintext_on_server }));
