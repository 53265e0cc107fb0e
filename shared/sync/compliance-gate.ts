/**
 * Owns the one pre-network compliance decision for an outbound message (R13, R19, R21, R24,
 * R25, R28, R29, R34, R35): suppression list, BAA on file for a production gateway, a number suspended after
 * repeated permanent carrier failures (automated messages only), the message's own send window,
 * quiet hours in the recipient's local time and the rolling 24-hour frequency cap. Pure: main
 * supplies the facts (is the number suppressed, the recent automated sends to it, the clock).
 * Answers `send`, `defer` (until a time: quiet hours, caps, not-before) or `refuse` (typed).
 * A refusal never reaches the network; main audits it.
 */
import { howOptedOut, optedOutMessage, type OptOutSource } from '../consent/opt-out-wording';
import { E164_PATTERN } from '../phone/us-phone';
import { intersectWindows, isInsideWindow, nextOpenTime, windowFor, type DailyWindow } from './quiet-hours';

export type RefusalCode =
  | 'RECIPIENT_OPTED_OUT'
  | 'GATEWAY_NOT_COVERED'
  | 'SEND_WINDOW_PASSED'
  | 'INVALID_RECIPIENT'
  | 'EMPTY_MESSAGE'
  | 'NO_SEND_TIME'
  | 'NUMBER_SUSPENDED'
  | 'NUMBER_UNDER_REVIEW';

export type DeferCode = 'NOT_BEFORE' | 'QUIET_HOURS' | 'FREQUENCY_CAP';

export type GateDecision =
  | { readonly action: 'send' }
  | { readonly action: 'defer'; readonly code: DeferCode; readonly until: number }
  | { readonly action: 'refuse'; readonly code: RefusalCode; readonly message: string };

export interface GatePolicy {
  /** Practice IANA zone, used when the recipient's is unknown. */
  readonly practiceTimeZone: string;
  /** A narrower practice window (inside the legal one). */
  readonly practiceWindow?: DailyWindow;
  /** Automated messages per number per rolling 24 h (R35: 3). */
  readonly automatedPer24h: number;
  /** R34 lets manual replies in a patient-started conversation skip quiet hours (configurable). */
  readonly repliesExemptFromQuietHours: boolean;
}

export const DEFAULT_GATE_POLICY: Omit<GatePolicy, 'practiceTimeZone'> = {
  automatedPer24h: 3,
  repliesExemptFromQuietHours: true,
};

export interface GateInput {
  readonly to: string;
  readonly body: string;
  readonly automated: boolean;
  readonly notBefore: number | null;
  readonly notAfter: number | null;
  readonly recipientTimeZone: string | null;
  readonly recipientStates: readonly string[];
  /** R17: the patient's preferred contact hours, for automated texts. */
  readonly recipientWindow?: DailyWindow | null;
  readonly now: number;
  /** Main's suppression entry for the number: when, and how (the keyword the patient sent). */
  readonly suppressed: { readonly since: string; readonly source?: OptOutSource; readonly keyword?: string } | null;
  readonly gateway: { readonly kind: 'sandbox' | 'production'; readonly baaOnFile: boolean };
  /** Epoch ms of automated messages accepted for this number in the last 24 h (the cap counts them). */
  readonly recentAutomatedSends: readonly number[];
  /** R28: automated sends to this number are suspended after repeated permanent carrier failures. */
  readonly numberSuspended?: boolean;
  /**
   * CareRelay's own answer to a patient's text or desk opt-in (R25, R29, R30): it goes at once
   * (no quiet hours, not counted against the cap), and the one opt-out confirmation may reach a
   * number that has just opted out — nothing else may.
   */
  /** R19: the number's last reply said "wrong number"; nothing goes until staff review it. */
  readonly underReview?: boolean;
  readonly autoReply?: 'stop-confirmation' | 'help' | 'start-confirmation' | 'opt-in-confirmation' | null;
}

const DAY = 24 * 60 * 60 * 1000;

export function evaluateSend(input: GateInput, policy: GatePolicy): GateDecision {
  if (!E164_PATTERN.test(input.to)) return { action: 'refuse', code: 'INVALID_RECIPIENT', message: 'Not sent: the number is not a valid phone number.' };
  if (input.body.trim() === '') return { action: 'refuse', code: 'EMPTY_MESSAGE', message: 'Not sent: the message is empty.' };
  if (input.suppressed && input.autoReply !== 'stop-confirmation') {
    return {
      action: 'refuse',
      code: 'RECIPIENT_OPTED_OUT',
      message: optedOutMessage(input.suppressed.since, howOptedOut(input.suppressed.source ?? 'staff', input.suppressed.keyword)),
    };
  }
  if (input.underReview && input.autoReply !== 'stop-confirmation') {
    return {
      action: 'refuse',
      code: 'NUMBER_UNDER_REVIEW',
      message: 'Not sent: the last reply from this number said it is a wrong number. Open the conversation and review that reply first.',
    };
  }
  if (input.gateway.kind === 'production' && !input.gateway.baaOnFile) {
    return {
      action: 'refuse',
      code: 'GATEWAY_NOT_COVERED',
      message: 'Not sent: the gateway is not configured as HIPAA/BAA-covered. An administrator must record the Business Associate Agreement in Settings.',
    };
  }
  if (input.automated && input.numberSuspended) {
    return {
      action: 'refuse',
      code: 'NUMBER_SUSPENDED',
      message: 'Not sent: automated texts to this number are suspended after repeated carrier failures. Check the number with the patient; an administrator can lift the suspension.',
    };
  }
  if (input.notAfter !== null && input.now >= input.notAfter) {
    return { action: 'refuse', code: 'SEND_WINDOW_PASSED', message: 'Not sent: the time this message was meant to go out has passed.' };
  }
  if (input.notBefore !== null && input.now < input.notBefore) return { action: 'defer', code: 'NOT_BEFORE', until: input.notBefore };

  if (input.autoReply) return { action: 'send' };

  if (input.automated || !policy.repliesExemptFromQuietHours) {
    const zone = input.recipientTimeZone ?? policy.practiceTimeZone;
    const legal = windowFor(input.recipientStates, policy.practiceWindow);
    const window = input.automated && input.recipientWindow ? intersectWindows(legal, input.recipientWindow) : legal;
    if (!isInsideWindow(input.now, zone, window)) {
      const open = nextOpenTime(input.now, zone, window);
      if (open === null || (input.notAfter !== null && open >= input.notAfter)) {
        return { action: 'refuse', code: 'NO_SEND_TIME', message: 'Not sent: there is no allowed sending time before this message expires.' };
      }
      return { action: 'defer', code: 'QUIET_HOURS', until: open };
    }
  }

  if (input.automated) {
    const recent = input.recentAutomatedSends.filter((t) => t > input.now - DAY).sort((a, b) => a - b);
    if (recent.length >= policy.automatedPer24h) {
      const until = recent[recent.length - policy.automatedPer24h]! + DAY;
      if (input.notAfter !== null && until >= input.notAfter) {
        return { action: 'refuse', code: 'NO_SEND_TIME', message: 'Not sent: the patient already had the most automated texts allowed in 24 hours, and this message would expire before the next allowed time.' };
      }
      return { action: 'defer', code: 'FREQUENCY_CAP', until };
    }
  }
  return { action: 'send' };
}
