/**
 * Owns message templates: the merge fields staff may use ({{firstName}} and friends), rendering a
 * template body with merge values, the templates CareRelay ships (English and Spanish quick
 * replies, reminders and acknowledgements), and the template lint (R15: a template tagged
 * `minimal` must carry no clinical detail, checked with the minimum-necessary guard).
 *
 * Placeholder syntax: `{{name}}`, spaces allowed inside the braces (`{{ firstName }}`), names
 * case-sensitive. A placeholder's name starts with a non-space character other than a brace, so
 * `{{}}` and a lone `{` are literal text. In `{{{firstName}}}` the inner `{{firstName}}` is the
 * placeholder and the outer braces stay as literal text. A value that is empty or only spaces
 * counts as missing.
 */
import { PHI_FLAG_THRESHOLD, scanForPhi } from './phi-guard';

export const MERGE_FIELDS = ['firstName', 'practiceName', 'practicePhone', 'appointmentDate', 'appointmentTime'] as const;
export type MergeField = (typeof MERGE_FIELDS)[number];

export const MERGE_FIELD_LABELS: Readonly<Record<MergeField, string>> = {
  firstName: 'Patient first name',
  practiceName: 'Practice name',
  practicePhone: 'Practice phone number',
  appointmentDate: 'Appointment date',
  appointmentTime: 'Appointment time',
};

export type MergeValues = Partial<Record<MergeField, string>>;

export interface RenderedTemplate {
  readonly text: string;
  /** Known fields with no value, each once, in order of first use; left in the text as `{{field}}`. */
  readonly missing: readonly MergeField[];
  /** Names that are not merge fields, each once, in order of first use; left in the text as written. */
  readonly unknown: readonly string[];
}

/** SMS concatenation tops out around ten segments; carriers and gateways reject longer bodies. */
export const MAX_TEMPLATE_LENGTH = 1600;

const PLACEHOLDER = /\{\{\s*([^{}\s][^{}]*?)\s*\}\}/gu;

function isMergeField(name: string): name is MergeField {
  return (MERGE_FIELDS as readonly string[]).includes(name);
}

/** Replaces {{field}} (spaces inside the braces allowed, case-sensitive names); unknown fields are left as written and listed; missing values are left as the placeholder `{{field}}` and listed. */
export function renderTemplate(body: string, values: MergeValues): RenderedTemplate {
  const missing: MergeField[] = [];
  const unknown: string[] = [];
  const text = body.replace(PLACEHOLDER, (whole: string, name: string) => {
    if (!isMergeField(name)) {
      if (!unknown.includes(name)) unknown.push(name);
      return whole;
    }
    const value = Object.hasOwn(values, name) ? values[name] : undefined;
    if (value === undefined || value.trim() === '') {
      if (!missing.includes(name)) missing.push(name);
      return `{{${name}}}`;
    }
    return value;
  });
  return { text, missing, unknown };
}

/** The merge fields a body uses, each once, in order of first use. */
export function fieldsIn(body: string): { known: MergeField[]; unknown: string[] } {
  const known: MergeField[] = [];
  const unknown: string[] = [];
  for (const m of body.matchAll(PLACEHOLDER)) {
    const name = m[1] ?? '';
    if (isMergeField(name)) {
      if (!known.includes(name)) known.push(name);
    } else if (!unknown.includes(name)) {
      unknown.push(name);
    }
  }
  return { known, unknown };
}

export type TemplateLanguage = 'en' | 'es';
export type TemplateKind = 'quick-reply' | 'reminder' | 'acknowledgement';
/** R15: templates are tagged minimal (no clinical detail) or phi_bearing. */
export type TemplateSensitivity = 'minimal' | 'phi_bearing';

export interface BuiltInTemplate {
  readonly id: string;
  readonly name: string;
  readonly language: TemplateLanguage;
  readonly kind: TemplateKind;
  readonly sensitivity: TemplateSensitivity;
  readonly body: string;
}

type Pair = readonly [id: string, name: string, kind: TemplateKind, en: string, es: string];

/** Each shipped template in English and Spanish; ids are `<id>-en` / `<id>-es`. */
const PAIRS: readonly Pair[] = [
  [
    'qr-confirm',
    'Appointment confirmed',
    'quick-reply',
    "Thanks {{firstName}}, you're confirmed for {{appointmentDate}} at {{appointmentTime}}.",
    'Gracias, {{firstName}}. Su cita queda confirmada para el {{appointmentDate}} a las {{appointmentTime}}.',
  ],
  [
    'qr-call-us',
    'Please call us',
    'quick-reply',
    'Please call us at {{practicePhone}} so we can help.',
    'Por favor, llámenos al {{practicePhone}} para que podamos ayudarle.',
  ],
  [
    'qr-received',
    'Message received',
    'quick-reply',
    'We received your message and will reply shortly.',
    'Recibimos su mensaje y le responderemos en breve.',
  ],
  [
    'qr-results-ready',
    'Results ready (portal)',
    'quick-reply',
    'Your results are ready. Please log in to the patient portal or call {{practicePhone}}.',
    'Sus resultados ya están disponibles. Por favor, ingrese al portal del paciente o llame al {{practicePhone}}.',
  ],
  [
    'qr-reschedule',
    'Offer to reschedule',
    'quick-reply',
    "We'd be glad to find you a new time. Reply with a few days and times that work for you, or call {{practicePhone}}.",
    'Con gusto le buscamos otra fecha. Responda con los días y horarios que le convengan o llame al {{practicePhone}}.',
  ],
  [
    'qr-running-late',
    'We are running late',
    'quick-reply',
    "We're running a little behind today. Thank you for your patience, {{firstName}}; we'll see you as soon as we can.",
    'Hoy vamos con un poco de retraso. Gracias por su paciencia, {{firstName}}; le atenderemos lo antes posible.',
  ],
  [
    'qr-location',
    'Check-in reminder',
    'quick-reply',
    'Your appointment is at {{practiceName}}. Please check in at the front desk about 10 minutes early.',
    'Su cita es en {{practiceName}}. Por favor, preséntese en la recepción unos 10 minutos antes.',
  ],
  [
    'qr-by-phone',
    'Better by phone',
    'quick-reply',
    'Thanks for your message. This is better discussed by phone; please call us at {{practicePhone}}.',
    'Gracias por su mensaje. Es mejor hablar de esto por teléfono; por favor, llámenos al {{practicePhone}}.',
  ],
  [
    'rem-appointment',
    'Appointment reminder',
    'reminder',
    'Hi {{firstName}}, this is {{practiceName}} reminding you of your appointment on {{appointmentDate}} at {{appointmentTime}}. ' +
      'To reschedule, call {{practicePhone}}. Reply STOP to opt out.',
    'Hola, {{firstName}}: {{practiceName}} le recuerda su cita del {{appointmentDate}} a las {{appointmentTime}}. ' +
      'Si necesita cambiarla, llame al {{practicePhone}}. Responda STOP para no recibir más mensajes.',
  ],
  [
    'rem-day-before',
    'Day-before reminder',
    'reminder',
    '{{practiceName}}: See you tomorrow, {{appointmentDate}}, at {{appointmentTime}}. Please bring your insurance card and a photo ID. ' +
      'To reschedule, call {{practicePhone}}. Reply STOP to opt out.',
    '{{practiceName}}: Le recordamos que su cita es mañana, {{appointmentDate}}, a las {{appointmentTime}}. ' +
      'Traiga su tarjeta del seguro médico y una identificación con foto. Para cambiar la cita, llame al {{practicePhone}}. ' +
      'Responda STOP para no recibir más mensajes.',
  ],
  [
    'ack-cancelled',
    'Cancellation received',
    'acknowledgement',
    'Thanks {{firstName}}, your appointment on {{appointmentDate}} is cancelled. To book a new time, reply here or call {{practicePhone}}.',
    'Gracias, {{firstName}}. Su cita del {{appointmentDate}} queda cancelada. Para una nueva cita, responda aquí o llame al {{practicePhone}}.',
  ],
  [
    'ack-after-hours',
    'After-hours acknowledgement',
    'acknowledgement',
    'Thanks for your message to {{practiceName}}. Our office is closed; we will reply during business hours. If this is an emergency, call 911.',
    'Gracias por su mensaje a {{practiceName}}. Nuestra oficina está cerrada; le responderemos en horario de atención. Si es una emergencia, llame al 911.',
  ],
];

export const BUILT_IN_TEMPLATES: readonly BuiltInTemplate[] = PAIRS.flatMap(([id, name, kind, en, es]): BuiltInTemplate[] => [
  { id: `${id}-en`, name, language: 'en', kind, sensitivity: 'minimal', body: en },
  { id: `${id}-es`, name, language: 'es', kind, sensitivity: 'minimal', body: es },
]);

/** R15 lint: a minimal template names no clinical detail; every template uses known fields and fits an SMS chain. */
export function lintTemplate(t: { body: string; sensitivity: TemplateSensitivity }): { ok: boolean; problems: string[] } {
  const problems: string[] = [];
  if (t.body.trim() === '') problems.push('the body is empty');
  if (t.body.length > MAX_TEMPLATE_LENGTH) {
    problems.push(`the body is ${t.body.length} characters; the limit is ${MAX_TEMPLATE_LENGTH}`);
  }
  for (const name of fieldsIn(t.body).unknown) problems.push(`unknown merge field: {{${name}}}`);
  if (t.sensitivity === 'minimal') {
    // Placeholders become a space so that no word is joined to its neighbour.
    const withoutPlaceholders = t.body.replace(PLACEHOLDER, ' ');
    for (const f of scanForPhi(withoutPlaceholders).findings) {
      if (f.confidence >= PHI_FLAG_THRESHOLD) problems.push(`${f.reason}: "${f.match}"`);
    }
  }
  return { ok: problems.length === 0, problems };
}
