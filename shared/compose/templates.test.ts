/** Merge fields, rendering edge cases, the shipped templates (R15 lint) and the template lint itself. All values are synthetic. */
import { describe, expect, it } from 'vitest';
import {
  BUILT_IN_TEMPLATES,
  fieldsIn,
  lintTemplate,
  MAX_TEMPLATE_LENGTH,
  MERGE_FIELD_LABELS,
  MERGE_FIELDS,
  renderTemplate,
  type MergeField,
  type MergeValues,
} from './templates';

const FULL: Required<MergeValues> = {
  firstName: 'Ana',
  practiceName: 'Synthetic Family Clinic',
  practicePhone: '(555) 010-0199',
  appointmentDate: 'Tue, Mar 14',
  appointmentTime: '10:30 AM',
};

describe('renderTemplate', () => {
  it.each([
    // [body, values, text, missing, unknown]
    ['Hi {{firstName}}!', FULL, 'Hi Ana!', [], []],
    ['Hi {{ firstName }}!', FULL, 'Hi Ana!', [], []],
    ['Hi {{firstName   }} and {{   firstName}}', FULL, 'Hi Ana and Ana', [], []],
    ['{{firstName}}, {{firstName}}, {{firstName}}', FULL, 'Ana, Ana, Ana', [], []],
    ['{{firstName}}{{practiceName}}', FULL, 'AnaSynthetic Family Clinic', [], []],
    ['{{{firstName}}}', FULL, '{Ana}', [], []],
    ['No fields at all.', FULL, 'No fields at all.', [], []],
    ['', FULL, '', [], []],
    ['Use the code {A7 at the door', FULL, 'Use the code {A7 at the door', [], []],
    ['A lone { and a lone } stay', FULL, 'A lone { and a lone } stay', [], []],
    ['Empty {{}} and blank {{  }} stay', FULL, 'Empty {{}} and blank {{  }} stay', [], []],
    ['Unclosed {{firstName stays', FULL, 'Unclosed {{firstName stays', [], []],
    ['Hi {{FirstName}}', FULL, 'Hi {{FirstName}}', [], ['FirstName']],
    ['Hi {{ patientSsn }} / {{patientSsn}}', FULL, 'Hi {{ patientSsn }} / {{patientSsn}}', [], ['patientSsn']],
    ['Hi {{first name}}', FULL, 'Hi {{first name}}', [], ['first name']],
    ['Hi {{firstName}}, call {{practicePhone}}', { firstName: 'Ana' }, 'Hi Ana, call {{practicePhone}}', ['practicePhone'], []],
    ['Hi {{ firstName }} {{firstName}}', {}, 'Hi {{firstName}} {{firstName}}', ['firstName'], []],
    ['Hi {{firstName}}', { firstName: '   ' }, 'Hi {{firstName}}', ['firstName'], []],
    [
      '{{appointmentTime}} {{bogus}} {{appointmentDate}} {{other}} {{bogus}}',
      { appointmentDate: 'Mar 14' },
      '{{appointmentTime}} {{bogus}} Mar 14 {{other}} {{bogus}}',
      ['appointmentTime'],
      ['bogus', 'other'],
    ],
    ['Value with braces: {{firstName}}', { firstName: '{{practiceName}}' }, 'Value with braces: {{practiceName}}', [], []],
  ] as const satisfies ReadonlyArray<readonly [string, MergeValues, string, readonly MergeField[], readonly string[]]>)(
    '%j',
    (body, values, text, missing, unknown) => {
      expect(renderTemplate(body, values)).toEqual({ text, missing, unknown });
    },
  );

  it('a value is inserted once: placeholders inside a value are not expanded again', () => {
    expect(renderTemplate('{{firstName}} / {{practiceName}}', { firstName: '{{practiceName}}', practiceName: 'X' }).text).toBe('{{practiceName}} / X');
  });
});

describe('fieldsIn', () => {
  it.each([
    ['Hi {{firstName}}, {{ practiceName }} at {{firstName}}', ['firstName', 'practiceName'], []],
    ['{{appointmentTime}}{{appointmentDate}}{{nope}}{{nope}}', ['appointmentTime', 'appointmentDate'], ['nope']],
    ['{{{firstName}}}', ['firstName'], []],
    ['No fields { here }', [], []],
    ['{{PracticeName}}', [], ['PracticeName']],
  ] as const)('%j', (body, known, unknown) => {
    expect(fieldsIn(body)).toEqual({ known, unknown });
  });
});

describe('merge fields', () => {
  it('every field has a label', () => {
    expect(Object.keys(MERGE_FIELD_LABELS).sort()).toEqual([...MERGE_FIELDS].sort());
    expect(MERGE_FIELD_LABELS.firstName).toBe('Patient first name');
  });
});

describe('BUILT_IN_TEMPLATES', () => {
  it.each(BUILT_IN_TEMPLATES.map((t) => [t.id, t] as const))('%s lints clean and renders fully', (_id, t) => {
    expect(lintTemplate(t)).toEqual({ ok: true, problems: [] });
    const rendered = renderTemplate(t.body, FULL);
    expect(rendered.missing).toEqual([]);
    expect(rendered.unknown).toEqual([]);
    expect(rendered.text).not.toMatch(/[{}]/);
  });

  it('ids are unique, deterministic and end in the language', () => {
    const ids = BUILT_IN_TEMPLATES.map((t) => t.id);
    expect(new Set(ids).size).toBe(ids.length);
    for (const t of BUILT_IN_TEMPLATES) expect(t.id).toMatch(new RegExp(`^(qr|rem|ack)-[a-z-]+-${t.language}$`));
    expect(ids).toContain('qr-confirm-en');
    expect(ids).toContain('qr-confirm-es');
  });

  it('ships the same set in English and Spanish: 8 quick replies and 2 reminders each, all minimal', () => {
    for (const language of ['en', 'es'] as const) {
      const mine = BUILT_IN_TEMPLATES.filter((t) => t.language === language);
      expect(mine.filter((t) => t.kind === 'quick-reply')).toHaveLength(8);
      expect(mine.filter((t) => t.kind === 'reminder')).toHaveLength(2);
      expect(mine.map((t) => t.id.replace(/-(en|es)$/, ''))).toEqual(
        BUILT_IN_TEMPLATES.filter((t) => t.language === 'en').map((t) => t.id.replace(/-en$/, '')),
      );
    }
    expect(BUILT_IN_TEMPLATES.every((t) => t.sensitivity === 'minimal')).toBe(true);
  });

  it.each(BUILT_IN_TEMPLATES.filter((t) => t.kind === 'reminder').map((t) => [t.id, t] as const))(
    '%s names the practice and says how to opt out',
    (_id, t) => {
      expect(t.body).toContain('{{practiceName}}');
      expect(t.body).toContain(t.language === 'en' ? 'Reply STOP to opt out' : 'Responda STOP para no recibir más mensajes');
    },
  );
});

describe('lintTemplate', () => {
  it.each([
    ['Hi {{firstName}}, see you at {{appointmentTime}}.', 'minimal', []],
    ['Your A1c was 8.2%, {{firstName}}.', 'minimal', ['gives a lab value: "A1c was 8.2%"']],
    ['{{firstName}}, your diabetes visit is at {{appointmentTime}}.', 'minimal', ['names a diagnosis: "diabetes"']],
    ['{{firstName}}, your diabetes visit is at {{appointmentTime}}.', 'phi_bearing', []],
    ['Take metformin 500 mg.', 'minimal', ['names a medication: "metformin"', 'gives a medication dose: "500 mg"']],
    ['Hi {{patientSsn}}', 'phi_bearing', ['unknown merge field: {{patientSsn}}']],
    ['Hi {{ nope }}, your biopsy showed benign tissue', 'minimal', [
      'unknown merge field: {{nope}}',
      'discloses a test result: "biopsy showed"',
      'describes a finding: "benign"',
    ]],
    ['   ', 'minimal', ['the body is empty']],
    ['You may take Tylenol before you come in.', 'minimal', []],
  ] as const)('%j (%s) → %j', (body, sensitivity, problems) => {
    expect(lintTemplate({ body, sensitivity })).toEqual({ ok: problems.length === 0, problems });
  });

  it('placeholders are removed before the PHI scan, so a field name is never read as clinical text', () => {
    expect(lintTemplate({ body: 'Thanks {{firstName}}.{{practiceName}}', sensitivity: 'minimal' }).ok).toBe(true);
  });

  it.each([
    [MAX_TEMPLATE_LENGTH, true],
    [MAX_TEMPLATE_LENGTH + 1, false],
  ] as const)('a body of %i characters → ok %s', (length, ok) => {
    const result = lintTemplate({ body: 'a'.repeat(length), sensitivity: 'minimal' });
    expect(result.ok).toBe(ok);
    if (!ok) expect(result.problems).toEqual([`the body is ${length} characters; the limit is 1600`]);
  });
});
