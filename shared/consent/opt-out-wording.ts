/**
 * Owns how an opt-out is named to staff, so the inbox check (from the consent ledger) and main's
 * compliance gate (from its suppression list) refuse a text with the same words whichever of
 * them sees the opt-out first: the keyword the patient sent, the carrier's list, or staff. Pure.
 */

/** The keyword as filed: letters only, upper case, at most 16 characters ("Stop!!" → "STOP"). */
export const keywordOf = (body: string): string =>
  body.normalize('NFKD').replace(/[^\p{L}\s]/gu, '').trim().toUpperCase().slice(0, 16);

export type OptOutSource = 'keyword' | 'carrier' | 'staff';

export function howOptedOut(source: OptOutSource, keyword?: string): string {
  if (source === 'keyword') return keyword ? `by text “${keyword}”` : 'by text';
  if (source === 'carrier') return 'at the carrier (STOP)';
  return 'as recorded by staff';
}

export const optedOutMessage = (sinceIso: string, how: string): string =>
  `Not sent: the patient opted out of texts on ${sinceIso.slice(0, 10)} ${how}. Only a START text from the patient or newly recorded consent allows texting again.`;
