#!/usr/bin/env node
/**
 * npm run eval:replies — the appointment-reply interpreter (shared/campaigns/reply-interpreter.ts)
 * over its labelled examples and a held-out set. Prints each set's accuracy, per-intent counts,
 * confusion matrix and the replies it got wrong, then as its LAST line:
 * {"examples": N, "accuracy": N, "confirm_cancel_confusions": N, "held_out_examples": N, "held_out_accuracy": N}
 * where examples and accuracy cover both sets together and confirm_cancel_confusions counts
 * confirm↔cancel mistakes at or above the auto-action threshold. The held-out figures are the
 * honest ones: the labelled set was written with the rules.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { build } from 'esbuild';

const TAG = '[eval:replies]';
const root = fileURLToPath(new URL('../..', import.meta.url));
const out = mkdtempSync(path.join(tmpdir(), 'carerelay-eval-'));

function printMatrix(f, intents) {
  const width = Math.max(...intents.map((i) => i.length)) + 2;
  const cell = (s) => String(s).padStart(9);
  console.log(`${TAG}   confusion (rows labelled, columns interpreted):`);
  console.log(`${TAG}   ${''.padEnd(width)}${intents.map((i) => cell(i.slice(0, 8))).join('')}`);
  for (const row of intents) console.log(`${TAG}   ${row.padEnd(width)}${intents.map((col) => cell(f.confusion[row][col])).join('')}`);
}

try {
  const file = path.join(out, 'eval.mjs');
  await build({ entryPoints: [path.join(root, 'shared/campaigns/eval-replies.ts')], bundle: true, format: 'esm', platform: 'node', outfile: file, logLevel: 'warning' });
  const { evaluateReplies, REPLY_INTENTS } = await import(pathToFileURL(file).href);
  const figures = evaluateReplies();
  const { examples, heldOut, combined } = figures;
  console.log(`${TAG} auto-action threshold ${figures.threshold}: confirm↔cancel confusions at or above it, both sets: ${figures.confirm_cancel_confusions}`);
  for (const [name, f] of [['labelled examples', examples], ['held-out', heldOut]]) {
    console.log(`${TAG} ${name}: ${f.examples} replies, accuracy ${f.accuracy}, confirm/cancel acted on automatically ${f.auto_action_coverage}, confirm↔cancel confusions ${f.confirm_cancel_confusions}`);
    console.log(`${TAG}   per intent (labelled/interpreted/correct): ${REPLY_INTENTS.map((i) => `${i} ${f.per_intent[i].labelled}/${f.per_intent[i].interpreted}/${f.per_intent[i].correct}`).join(', ')}`);
    printMatrix(f, REPLY_INTENTS);
    for (const m of f.misses) console.log(`${TAG}   miss: ${JSON.stringify(m.text)} labelled ${m.expected}, interpreted ${m.got} (${m.confidence})`);
  }
  console.log(`${TAG} both sets: ${combined.examples} replies, accuracy ${combined.accuracy}`);
  console.log(
    JSON.stringify({
      examples: combined.examples,
      accuracy: combined.accuracy,
      confirm_cancel_confusions: figures.confirm_cancel_confusions,
      held_out_examples: heldOut.examples,
      held_out_accuracy: heldOut.accuracy,
    }),
  );
} finally {
  rmSync(out, { recursive: true, force: true });
}
