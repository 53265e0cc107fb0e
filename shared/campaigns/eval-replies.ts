/**
 * The figures `npm run eval:replies` prints: the reply interpreter over the labelled examples
 * and the held-out set written blind (the honest figures: the examples were written with the rules), with
 * accuracy, per-intent counts, a confusion matrix (labelled → interpreted) and the misses, plus
 * the one number that must stay zero: confirm↔cancel mistakes at or above AUTO_ACTION_CONFIDENCE.
 */
import { AUTO_ACTION_CONFIDENCE, interpretReply, type ReplyIntent } from './reply-interpreter';
import { REPLY_EXAMPLES, type LabelledReply } from './reply-examples';
import { REPLY_HELD_OUT } from './reply-held-out';

export const REPLY_INTENTS: readonly ReplyIntent[] = ['confirm', 'cancel', 'reschedule', 'question', 'opt-out', 'wrong-number', 'unclear'];

export interface IntentCounts {
  readonly labelled: number;
  readonly interpreted: number;
  readonly correct: number;
}

export interface ReplyMiss {
  readonly text: string;
  readonly expected: ReplyIntent;
  readonly got: ReplyIntent;
  readonly confidence: number;
}

export interface ReplySetFigures {
  readonly examples: number;
  readonly accuracy: number;
  readonly per_intent: Readonly<Record<ReplyIntent, IntentCounts>>;
  /** confusion[labelled][interpreted] = count. */
  readonly confusion: Readonly<Record<ReplyIntent, Readonly<Record<ReplyIntent, number>>>>;
  readonly confirm_cancel_confusions: number;
  /** Share of confirms and cancels (labelled) interpreted correctly at or above the threshold. */
  readonly auto_action_coverage: number;
  readonly misses: readonly ReplyMiss[];
}

export interface ReplyEvalFigures {
  readonly threshold: number;
  readonly examples: ReplySetFigures;
  readonly heldOut: ReplySetFigures;
  readonly combined: ReplySetFigures;
  /** Over both sets: confirm↔cancel mistakes among replies with confidence ≥ the threshold. */
  readonly confirm_cancel_confusions: number;
}

const round = (x: number) => Math.round(x * 1000) / 1000;
const zeroRow = (): Record<ReplyIntent, number> => Object.fromEntries(REPLY_INTENTS.map((i) => [i, 0])) as Record<ReplyIntent, number>;
const isConfirmCancel = (a: ReplyIntent, b: ReplyIntent) => (a === 'confirm' && b === 'cancel') || (a === 'cancel' && b === 'confirm');

export function evaluateSet(set: readonly LabelledReply[]): ReplySetFigures {
  const confusion = Object.fromEntries(REPLY_INTENTS.map((i) => [i, zeroRow()])) as Record<ReplyIntent, Record<ReplyIntent, number>>;
  const misses: ReplyMiss[] = [];
  let correct = 0;
  let confusions = 0;
  let attendance = 0;
  let automatic = 0;
  for (const e of set) {
    const r = interpretReply(e.text);
    confusion[e.intent][r.intent]++;
    const sure = r.confidence >= AUTO_ACTION_CONFIDENCE;
    if (r.intent === e.intent) correct++;
    else misses.push({ text: e.text, expected: e.intent, got: r.intent, confidence: r.confidence });
    if (sure && isConfirmCancel(e.intent, r.intent)) confusions++;
    if (e.intent === 'confirm' || e.intent === 'cancel') {
      attendance++;
      if (sure && r.intent === e.intent) automatic++;
    }
  }
  const perIntent = Object.fromEntries(
    REPLY_INTENTS.map((i) => [
      i,
      {
        labelled: REPLY_INTENTS.reduce((n, j) => n + confusion[i][j], 0),
        interpreted: REPLY_INTENTS.reduce((n, j) => n + confusion[j][i], 0),
        correct: confusion[i][i],
      },
    ]),
  ) as Record<ReplyIntent, IntentCounts>;
  return {
    examples: set.length,
    accuracy: round(set.length === 0 ? 1 : correct / set.length),
    per_intent: perIntent,
    confusion,
    confirm_cancel_confusions: confusions,
    auto_action_coverage: round(attendance === 0 ? 1 : automatic / attendance),
    misses,
  };
}

export function evaluateReplies(): ReplyEvalFigures {
  const combined = evaluateSet([...REPLY_EXAMPLES, ...REPLY_HELD_OUT]);
  return {
    threshold: AUTO_ACTION_CONFIDENCE,
    examples: evaluateSet(REPLY_EXAMPLES),
    heldOut: evaluateSet(REPLY_HELD_OUT),
    combined,
    confirm_cancel_confusions: combined.confirm_cancel_confusions,
  };
}
