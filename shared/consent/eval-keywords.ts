/**
 * The figures `npm run eval:keywords` prints: the opt-out classifier over the labelled examples
 * and the held-out set, precision and recall on revocations (a probable revocation: STOP acted
 * on, or a reviewed stop with confidence ≥ 0.5).
 */
import { classifyIntent, isRevocation } from './opt-out-classifier';
import { OPT_OUT_EXAMPLES, type LabelledText } from './opt-out-examples';
import { OPT_OUT_HELD_OUT } from './opt-out-held-out';

export interface EvalFigures {
  readonly examples: number;
  readonly revocation_precision: number;
  readonly revocation_recall: number;
  readonly intent_accuracy: number;
  readonly misses: readonly string[];
  readonly false_alarms: readonly string[];
}

const round = (x: number) => Math.round(x * 1000) / 1000;

export function evaluate(set: readonly LabelledText[]): EvalFigures {
  let tp = 0;
  let fp = 0;
  let fn = 0;
  let intents = 0;
  const misses: string[] = [];
  const falseAlarms: string[] = [];
  for (const e of set) {
    const result = classifyIntent(e.text);
    const predicted = isRevocation(result);
    if (predicted && e.revocation) tp++;
    else if (predicted && !e.revocation) {
      fp++;
      falseAlarms.push(e.text);
    } else if (!predicted && e.revocation) {
      fn++;
      misses.push(e.text);
    }
    if (result.intent === e.intent && result.action === e.action) intents++;
  }
  return {
    examples: set.length,
    revocation_precision: round(tp + fp === 0 ? 1 : tp / (tp + fp)),
    revocation_recall: round(tp + fn === 0 ? 1 : tp / (tp + fn)),
    intent_accuracy: round(intents / set.length),
    misses,
    false_alarms: falseAlarms,
  };
}

export function evaluateAll() {
  return { labelled: evaluate(OPT_OUT_EXAMPLES), heldOut: evaluate(OPT_OUT_HELD_OUT), combined: evaluate([...OPT_OUT_EXAMPLES, ...OPT_OUT_HELD_OUT]) };
}
