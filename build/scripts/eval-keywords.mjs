#!/usr/bin/env node
/**
 * npm run eval:keywords — the inbound opt-out classifier (shared/consent/opt-out-classifier.ts)
 * over its labelled examples and a held-out set. Prints each set's figures and the texts it got
 * wrong, then as its LAST line: {"examples": N, "revocation_precision": N, "revocation_recall": N}
 * over both sets together, with the held-out set's own figures alongside (the honest ones: the
 * labelled set was written with the rules).
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { build } from 'esbuild';

const root = fileURLToPath(new URL('../..', import.meta.url));
const out = mkdtempSync(path.join(tmpdir(), 'carerelay-eval-'));
try {
  const file = path.join(out, 'eval.mjs');
  await build({ entryPoints: [path.join(root, 'shared/consent/eval-keywords.ts')], bundle: true, format: 'esm', platform: 'node', outfile: file, logLevel: 'warning' });
  const { evaluateAll } = await import(pathToFileURL(file).href);
  const { labelled, heldOut, combined } = evaluateAll();
  for (const [name, f] of [['labelled examples', labelled], ['held-out', heldOut]]) {
    console.log(`[eval:keywords] ${name}: ${f.examples} texts, revocation precision ${f.revocation_precision}, recall ${f.revocation_recall}, intent+action accuracy ${f.intent_accuracy}`);
    if (f.misses.length) console.log(`[eval:keywords]   missed revocations: ${JSON.stringify(f.misses)}`);
    if (f.false_alarms.length) console.log(`[eval:keywords]   false alarms: ${JSON.stringify(f.false_alarms)}`);
  }
  console.log(
    JSON.stringify({
      examples: combined.examples,
      revocation_precision: combined.revocation_precision,
      revocation_recall: combined.revocation_recall,
      held_out_examples: heldOut.examples,
      held_out_precision: heldOut.revocation_precision,
      held_out_recall: heldOut.revocation_recall,
    }),
  );
} finally {
  rmSync(out, { recursive: true, force: true });
}
