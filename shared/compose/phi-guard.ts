/**
 * Owns the minimum-necessary guard: a detector for probable PHI (diagnoses, lab values,
 * medications, test results, procedures, identifiers) in English and Spanish text that staff are
 * about to send by SMS. The composer uses the scan to ask for a phone call or the portal instead,
 * or for confirmation that the patient acknowledged the SMS risk. Pure: no I/O, no locale data.
 *
 * How it matches: the text is case-folded and accent-folded (NFD, combining marks dropped, curly
 * apostrophes straightened) for matching only; every finding reports `match` and `index` in the
 * ORIGINAL string. Terms match on whole words only: a letter or digit on either side blocks the
 * match, so "cancellation" never matches "cancer" and "papers" never matches "Pap".
 *
 * Rule choices (each a deliberate trade between missed PHI and nagging staff):
 *  - "positive"/"negative" alone are not results ("Stay positive!"); a result needs a test word
 *    and a disclosing verb ("your biopsy showed", "strep test came back positive", "salió
 *    negativa"). "Your results are ready" / "Sus resultados están listos" disclose nothing.
 *  - AIDS: matched when written upper-case ("AIDS") unless the word before is "hearing" or
 *    "visual" (hearing aids), or in any case right beside HIV ("HIV/AIDS", "aids test").
 *    Lower-case "aids" elsewhere is the verb ("she aids the front desk") and is not matched.
 *  - Case-sensitive look-alikes: "PrEP" only as written so (not "prep"), "Plan B" only with
 *    both capitals (0.6: "plan B" is also an ordinary phrase), "ETS" only upper-case.
 *  - PSA is a lab only beside a number or "test/level/screening" ("PSA: we close early" is fine).
 *  - A number is a lab value only after a named lab or with a lab unit; times ("at 10:30"),
 *    dates ("5/2") and phone numbers are never lab values. Bare "N IU" is a dose (medication);
 *    "N IU/L" or "N IU/mL" is a lab value.
 *  - Vaccine reminders that name the disease ("HPV vaccine") are flagged: known limitation.
 *  - Over-the-counter painkillers are reported at 0.4 and do not flag on their own.
 * `flagged` is true when any finding has confidence >= 0.5 (PHI_FLAG_THRESHOLD).
 */

export type PhiKind = 'diagnosis' | 'lab-value' | 'medication' | 'result' | 'procedure' | 'identifier';

export interface PhiFinding {
  readonly kind: PhiKind;
  /** The matched text exactly as written in the original string. */
  readonly match: string;
  /** UTF-16 offset of `match` in the original string. */
  readonly index: number;
  /** Plain English for staff, e.g. 'names a diagnosis'. */
  readonly reason: string;
  /** 0..1: how sure the guard is that this discloses clinical detail. */
  readonly confidence: number;
}

export interface PhiScan {
  readonly flagged: boolean;
  readonly findings: readonly PhiFinding[];
  /** 0..1, highest finding confidence */
  readonly confidence: number;
}

export const PHI_FLAG_THRESHOLD = 0.5;

export const PHI_KIND_LABELS: Readonly<Record<PhiKind, string>> = {
  diagnosis: 'a diagnosis or condition',
  'lab-value': 'a lab test or lab value',
  medication: 'a medication or dose',
  result: 'a test result',
  procedure: 'a procedure or exam',
  identifier: 'an identifier (SSN, record or member number, date of birth)',
};

// ---------------------------------------------------------------------------------------------
// Normalisation with a map back to the original string.

interface Normalised {
  readonly text: string;
  /** For each UTF-16 unit of `text`: start offset of the original character it came from. */
  readonly starts: readonly number[];
  /** For each UTF-16 unit of `text`: end offset (exclusive) of that original character. */
  readonly ends: readonly number[];
}

const APOSTROPHES = new Set(['\u2018', '\u2019', '\u02bc', '`', '\u00b4']);
const HYPHENS = new Set(['\u2010', '\u2011']);

function normalise(original: string): Normalised {
  let text = '';
  const starts: number[] = [];
  const ends: number[] = [];
  let offset = 0;
  for (const ch of original) {
    let folded: string;
    if (APOSTROPHES.has(ch)) folded = "'";
    else if (HYPHENS.has(ch)) folded = '-';
    else folded = ch.normalize('NFD').replace(/\p{M}+/gu, '').toLowerCase();
    const end = offset + ch.length;
    if (folded === '') {
      // A lone combining mark: it belongs to the character before it.
      if (ends.length > 0) ends[ends.length - 1] = end;
    } else {
      text += folded;
      for (let k = 0; k < folded.length; k++) {
        starts.push(offset);
        ends.push(end);
      }
    }
    offset = end;
  }
  return { text, starts, ends };
}

// ---------------------------------------------------------------------------------------------
// Rule building blocks (all sources match the normalised, lower-case, accent-free text).

/** Not preceded / followed by a letter or digit: whole words only. */
const B = '(?<![\\p{L}\\p{N}])';
const E = '(?![\\p{L}\\p{N}])';
const NUM = '\\d+(?:[.,]\\d+)?';
/** End of a result word: "low" in "low-cost" is not a result. */
const E_WORD = '(?![\\p{L}\\p{N}]|-\\p{L})';

function escapeChar(c: string): string {
  return /[.*+?^${}()|[\]\\/]/.test(c) ? `\\${c}` : c;
}

/** A curated term: a space matches any run of spaces/hyphens, a hyphen is optional, so is an apostrophe. */
function termSource(term: string): string {
  let s = '';
  for (const c of term) s += c === ' ' ? '[\\s-]+' : c === '-' ? '[\\s-]?' : c === "'" ? "'?" : escapeChar(c);
  return s;
}

function alternation(terms: readonly string[]): string {
  return [...new Set(terms)].sort((a, b) => b.length - a.length).map(termSource).join('|');
}

function wordsRegex(terms: readonly string[]): RegExp {
  return new RegExp(`${B}(?:${alternation(terms)})${E}`, 'gu');
}

interface MatchContext {
  /** The match as written in the original text. */
  readonly original: string;
  /** The normalised text and the match's span in it. */
  readonly norm: string;
  readonly normStart: number;
}

interface Rule {
  readonly kind: PhiKind;
  readonly confidence: number;
  readonly reason: string;
  readonly pattern: RegExp;
  readonly accept?: (m: MatchContext) => boolean;
}

// ---------------------------------------------------------------------------------------------
// Diagnoses and conditions.

const DIAGNOSES_EN = [
  'diabetes', 'diabetic', 'diabetics', 'prediabetes', 'pre-diabetes', 'prediabetic', 'gestational diabetes',
  'hypertension', 'high blood pressure', 'high cholesterol', 'heart disease', 'heart failure', 'heart attack',
  'atrial fibrillation', 'afib', 'arrhythmia', 'kidney disease', 'kidney failure', 'ckd', 'liver disease',
  'fatty liver', 'cirrhosis', 'hypothyroidism', 'hyperthyroidism', 'obesity', 'osteoporosis', 'arthritis',
  'rheumatoid', 'lupus', 'multiple sclerosis', "parkinson's", 'parkinson', 'epilepsy', 'migraines',
  'cancer', 'cancers', 'cancerous', 'precancerous', 'tumor', 'tumors', 'tumour', 'tumours', 'melanoma',
  'leukemia', 'lymphoma', 'carcinoma', 'metastatic', 'metastasis',
  'hiv', 'hiv positive', 'hepatitis', 'hep a', 'hep b', 'hep c',
  'chlamydia', 'gonorrhea', 'gonorrhoea', 'syphilis', 'trichomoniasis', 'herpes', 'hpv', 'genital warts',
  'std', 'stds', 'sti', 'stis', 'sexually transmitted',
  'pregnant', 'pregnancy', 'ectopic', 'miscarriage', 'stillbirth', 'infertility', 'endometriosis', 'pcos',
  'depression', 'anxiety disorder', 'panic disorder', 'panic attacks', 'bipolar', 'schizophrenia', 'psychosis',
  'dementia', "alzheimer's", 'alzheimer', 'autism', 'adhd', 'ptsd', 'ocd', 'eating disorder', 'anorexia',
  'bulimia', 'suicidal', 'suicide', 'self-harm', 'overdose', 'addiction', 'alcoholism', 'opioid use disorder',
  'substance use disorder',
  'asthma', 'copd', 'emphysema', 'sleep apnea', 'pneumonia', 'bronchitis', 'tuberculosis', 'uti', 'utis',
  'urinary tract infection', 'bladder infection', 'kidney infection', 'yeast infection', 'ear infection',
  'sinus infection', 'staph infection', 'mrsa', 'strep', 'strep throat', 'mononucleosis', 'measles', 'chickenpox',
  'fracture', 'fractures', 'fractured', 'broken arm', 'broken leg', 'broken wrist', 'broken ankle', 'broken hip',
  'broken bone', 'concussion', 'anemia', 'gerd', 'ibs', "crohn's", 'colitis', 'celiac', 'gout', 'glaucoma',
  'cataract', 'cataracts', 'macular degeneration', 'psoriasis',
];

const DIAGNOSES_ES = [
  'diabetico', 'diabetica', 'diabeticos', 'diabeticas', 'diabetes gestacional', 'hipertension', 'hipertenso',
  'hipertensa', 'presion alta', 'colesterol alto', 'enfermedad cardiaca', 'insuficiencia cardiaca', 'infarto',
  'ataque al corazon', 'ataque cardiaco', 'derrame cerebral', 'arritmia', 'enfermedad renal', 'insuficiencia renal',
  'cirrosis', 'higado graso', 'hipotiroidismo', 'hipertiroidismo', 'obesidad', 'artritis', 'esclerosis multiple',
  'epilepsia', 'convulsiones', 'migranas', 'leucemia', 'linfoma', 'vih', 'vih positivo', 'sida', 'clamidia',
  'gonorrea', 'sifilis', 'tricomoniasis', 'vph', 'verrugas genitales', 'transmision sexual', 'enfermedad venerea',
  'embarazo', 'embarazada', 'embarazadas', 'aborto espontaneo', 'infertilidad', 'depresion', 'trastorno de ansiedad',
  'ataques de panico', 'trastorno bipolar', 'esquizofrenia', 'psicosis', 'demencia', 'autismo', 'tdah',
  'trastorno alimenticio', 'anorexia', 'bulimia', 'suicida', 'suicidio', 'sobredosis', 'adiccion', 'alcoholismo',
  'asma', 'epoc', 'enfisema', 'apnea del sueno', 'neumonia', 'bronquitis', 'infeccion urinaria',
  'infeccion de orina', 'infeccion de vejiga', 'estreptococo', 'sarampion', 'varicela', 'fractura', 'fracturas',
  'fracturado', 'fracturada', 'conmocion cerebral', 'anemia', 'celiaco', 'celiaca',
];

/** Plausible outside medicine too, or less specific: still flagged, with less confidence. */
const DIAGNOSES_WEAK = [
  'depressed', 'deprimido', 'deprimida', 'stroke', 'strokes', 'seizure', 'seizures', 'migraine', 'shingles',
  'prenatal', 'lice', 'head lice', 'piojos', 'scabies', 'sarna', 'eczema', 'obese',
];

const COVID_POSITIVE = new RegExp(
  `${B}(?:covid(?:[\\s-]*19)?[\\s-]+(?:positive|positivo|positiva)|(?:positive|positivo|positiva)\\s+(?:for|para|de|a|al)\\s+(?:el\\s+|la\\s+)?covid(?:[\\s-]*19)?)${E}`,
  'gu',
);

/** Upper-case AIDS not preceded by these words is the syndrome; "HEARING AIDS" is not. */
const AIDS_DEVICE_WORDS = new Set(['hearing', 'visual']);

function previousWord(norm: string, at: number): string | undefined {
  return /(\p{L}+)[\s-]*$/u.exec(norm.slice(0, at))?.[1];
}

// ---------------------------------------------------------------------------------------------
// Lab tests and values.

const LAB_NAMES = [
  'a1c', 'hba1c', 'hemoglobin a1c', 'hemoglobina a1c', 'cholesterol', 'colesterol', 'ldl', 'hdl',
  'triglycerides', 'trigliceridos', 'glucose', 'glucosa', 'blood sugar', 'azucar en la sangre', 'azucar en sangre',
  'tsh', 'creatinine', 'creatinina', 'hemoglobin', 'hemoglobina', 'hematocrit', 'hematocrito', 'inr', 'egfr',
  'white count', 'white blood cell count', 'wbc', 'platelets', 'platelet count', 'plaquetas', 'viral load',
  'carga viral', 'cd4', 'cd4 count', 'potassium', 'potasio', 'ferritin', 'ferritina', 'bilirubin', 'bilirrubina',
  'liver enzymes', 'enzimas hepaticas', 'microalbumin',
];
/** Only a lab when a value follows: alone these are ordinary words or supplements. */
const LAB_NAMES_WITH_VALUE_ONLY = ['psa', 'vitamin d', 'vitamina d', 'iron', 'hierro', 'bmi', 'imc', 'sodium', 'sodio'];
const LAB_CONNECTORS = [
  'level', 'levels', 'count', 'result', 'results', 'reading', 'value', 'number', 'is', 'was', 'were', 'are', 'came',
  'back', 'at', 'of', 'to', 'up', 'down', 'went', 'now', 'today', 'still', 'about', 'around', 'nivel', 'niveles',
  'resultado', 'es', 'fue', 'de', 'del', 'esta', 'estaba', 'en', 'a', 'hoy', 'salio', 'subio', 'bajo',
];
const MICRO = '[uµμ]';
const LAB_UNITS =
  `(?:(?:m?g|mcg|${MICRO}g|ng|pg)\\/(?:d?l|ml)|m?mol\\/(?:l|mol)|${MICRO}mol\\/l|(?:m|${MICRO})?iu\\/(?:l|ml)|u\\/l|meq\\/l|` +
  `k\\/(?:${MICRO}l|mcl)|cells\\/(?:${MICRO}l|mm3)|copies\\/ml|x\\s?10\\s?\\^?\\s?(?:9\\/l|3\\/${MICRO}l)|mm\\s?hg|ml\\/min(?:\\/1\\.73\\s?m2)?)`;
/** After a number: not part of a longer number, a time, a date or a ratio. */
const NUM_END = '(?!\\d|[.,]\\d|\\s?:\\s?\\d|\\s?\\/\\s?\\d|\\s*(?:am|pm|a\\.\\s?m|p\\.\\s?m)(?!\\p{L}))';

const LAB_WITH_VALUE = new RegExp(
  `${B}(?:${alternation([...LAB_NAMES, ...LAB_NAMES_WITH_VALUE_ONLY])})` +
    `(?:[\\s:=]+(?:${alternation(LAB_CONNECTORS)})(?![\\p{L}\\p{N}])){0,4}[\\s:=]+${NUM}${NUM_END}(?:\\s?%|\\s?${LAB_UNITS})?`,
  'gu',
);
const LAB_UNIT_VALUE = new RegExp(`(?<![\\p{L}\\p{N}.,])${NUM}\\s?${LAB_UNITS}${E}`, 'gu');
const PSA_CONTEXT = new RegExp(`${B}psa\\s+(?:test|tests|level|levels|screening|result|results|prueba|nivel)${E}`, 'gu');
const BLOOD_PRESSURE = new RegExp(
  `${B}(?:blood pressure|bp|presion(?: arterial)?|tension arterial)(?:[\\s:=]+(?:was|is|of|at|reading|today|es|fue|de|esta|estaba|hoy)(?![\\p{L}\\p{N}])){0,3}[\\s:=]+\\d{2,3}\\s?\\/\\s?\\d{2,3}(?!\\d)`,
  'gu',
);

// ---------------------------------------------------------------------------------------------
// Medications.

const MEDICATIONS = [
  'metformin', 'metformina', 'lisinopril', 'atorvastatin', 'atorvastatina', 'simvastatin', 'rosuvastatin', 'lipitor',
  'crestor', 'insulin', 'insulina', 'lantus', 'humalog', 'novolog', 'ozempic', 'wegovy', 'mounjaro', 'semaglutide',
  'tirzepatide', 'trulicity', 'jardiance', 'farxiga', 'glipizide', 'januvia', 'amlodipine', 'norvasc', 'losartan',
  'hydrochlorothiazide', 'hctz', 'metoprolol', 'carvedilol', 'furosemide', 'lasix', 'warfarin', 'coumadin',
  'eliquis', 'apixaban', 'xarelto', 'clopidogrel', 'plavix', 'levothyroxine', 'synthroid', 'omeprazole',
  'pantoprazole', 'prednisone', 'albuterol', 'advair', 'montelukast', 'singulair', 'amoxicillin', 'amoxicilina',
  'azithromycin', 'azitromicina', 'z-pak', 'doxycycline', 'ciprofloxacin', 'cephalexin', 'bactrim',
  'nitrofurantoin', 'macrobid', 'metronidazole', 'flagyl', 'fluconazole', 'diflucan', 'valacyclovir', 'valtrex',
  'acyclovir', 'paxlovid', 'tamiflu', 'oxycodone', 'oxycontin', 'percocet', 'hydrocodone', 'vicodin', 'tramadol',
  'morphine', 'morfina', 'fentanyl', 'fentanilo', 'codeine', 'codeina', 'buprenorphine', 'suboxone', 'methadone',
  'metadona', 'naloxone', 'narcan', 'naltrexone', 'vivitrol', 'gabapentin', 'sertraline', 'sertralina', 'zoloft',
  'fluoxetine', 'fluoxetina', 'prozac', 'escitalopram', 'lexapro', 'citalopram', 'celexa', 'paroxetine', 'paxil',
  'bupropion', 'wellbutrin', 'venlafaxine', 'effexor', 'duloxetine', 'cymbalta', 'trazodone', 'mirtazapine',
  'quetiapine', 'seroquel', 'aripiprazole', 'abilify', 'risperidone', 'olanzapine', 'lamotrigine', 'lamictal',
  'depakote', 'alprazolam', 'xanax', 'lorazepam', 'ativan', 'clonazepam', 'klonopin', 'diazepam', 'valium',
  'zolpidem', 'ambien', 'adderall', 'ritalin', 'methylphenidate', 'vyvanse', 'viagra', 'sildenafil', 'cialis',
  'tadalafil', 'truvada', 'descovy', 'biktarvy', 'birth control', 'contraceptive', 'contraceptives',
  'anticonceptivo', 'anticonceptivos', 'anticonceptiva', 'anticonceptivas', 'depo-provera', 'nexplanon',
  'plan b one-step', 'morning-after pill', 'pastilla del dia siguiente', 'misoprostol', 'mifepristone', 'clomid',
  'clomiphene', 'estradiol', 'testosterone', 'testosterona', 'methotrexate', 'tamoxifen', 'letrozole', 'humira',
  'antidepressant', 'antidepressants', 'antidepresivo', 'antidepresivos',
];
const MEDICATIONS_WEAK = ['lithium', 'litio', 'antibiotic', 'antibiotics', 'antibiotico', 'antibioticos'];
/** Reported for staff but below the flag threshold on their own. */
const OTC_MEDICINES = [
  'tylenol', 'acetaminophen', 'acetaminofen', 'paracetamol', 'advil', 'motrin', 'ibuprofen', 'ibuprofeno', 'aleve',
  'naproxen', 'aspirin', 'aspirina',
];
const DOSE = new RegExp(`(?<![\\p{L}\\p{N}.,])${NUM}\\s?(?:mg|mcg|${MICRO}g|ml|cc|units?|unidades|iu|ui)(?![\\p{L}\\p{N}/])`, 'gu');

// ---------------------------------------------------------------------------------------------
// Results.

const TEST_NOUNS_EN = [
  'test', 'tests', 'labs', 'lab results', 'lab result', 'lab work', 'labwork', 'blood work', 'bloodwork', 'blood test',
  'biopsy', 'mammogram', 'pap', 'pap smear', 'pap test', 'mri', 'ct', 'ct scan', 'cat scan', 'pet scan', 'x-ray',
  'scan', 'ultrasound', 'sonogram', 'ekg', 'ecg', 'culture', 'screening', 'panel', 'swab', 'urinalysis',
  'colonoscopy', 'report', 'pathology', 'result', 'results',
];
const DISCLOSING_VERBS_EN = [
  'show', 'shows', 'showed', 'shown', 'reveal', 'reveals', 'revealed', 'indicate', 'indicates', 'indicated', 'found',
  'confirm', 'confirms', 'confirmed', 'suggest', 'suggests', 'suggested', 'detected',
];
const STATE_VERBS_EN = [
  'is', 'was', 'are', 'were', 'came back', 'come back', 'returned', 'read', 'reads', 'look', 'looks', 'looked',
  'appear', 'appears', 'appeared', 'seem', 'seems', 'seemed',
];
const ADVERBS_EN = ['all', 'completely', 'totally', 'slightly', 'a bit', 'a little', 'very', 'mildly', 'still', 'not', 'back', 'in', 'and', 'as'];
const RESULT_WORDS_STRONG_EN = [
  'positive', 'negative', 'normal', 'abnormal', 'elevated', 'high', 'low', 'clear', 'benign', 'malignant',
  'borderline', 'inconclusive', 'reactive', 'non-reactive', 'nonreactive', 'unremarkable',
];
const RESULT_WORDS_EN = [...RESULT_WORDS_STRONG_EN, 'clean', 'concerning', 'suspicious', 'irregular', 'fine', 'good', 'great', 'ok', 'okay'];
/** "Dr. Test" is a name, not a test. */
const NOT_A_DOCTOR = '(?<!\\bdr\\.?\\s)(?<!\\bdra\\.?\\s)';
const NOUN_EN = `${NOT_A_DOCTOR}(?:${alternation(TEST_NOUNS_EN)})(?:\\s+(?:results?|report|findings))?`;

const RESULT_DISCLOSED_EN = new RegExp(`${B}${NOUN_EN}\\s+(?:${alternation(DISCLOSING_VERBS_EN)})${E}`, 'gu');
const RESULT_STATE_EN = new RegExp(
  `${B}${NOUN_EN}\\s+(?:${alternation(STATE_VERBS_EN)})(?:\\s+(?:${alternation(ADVERBS_EN)})){0,3}\\s+(?:${alternation(RESULT_WORDS_EN)})${E_WORD}`,
  'gu',
);
const RESULT_CAME_BACK = new RegExp(`${B}(?:came|comes|come|coming)\\s+back(?:\\s+as)?\\s+(?:${alternation(RESULT_WORDS_STRONG_EN)})${E_WORD}`, 'gu');
const RESULT_TESTED = new RegExp(
  `${B}(?:test(?:ed|s)?(?:\\s+came\\s+back)?\\s+(?:positive|negative)|(?:positive|negative)[\\s-]+(?:test|tests|result|results|screen|pregnancy test|covid test|hiv test))${E}`,
  'gu',
);

const TEST_NOUNS_ES = [
  'prueba', 'pruebas', 'examen', 'examenes', 'analisis', 'laboratorio', 'laboratorios', 'biopsia', 'mamografia',
  'papanicolaou', 'resonancia', 'tomografia', 'radiografia', 'ultrasonido', 'ecografia', 'sonograma', 'cultivo',
  'electrocardiograma', 'resultado', 'resultados', 'estudio', 'estudios',
];
const RESULT_WORDS_ES = [
  'positivo', 'positiva', 'positivos', 'positivas', 'negativo', 'negativa', 'negativos', 'negativas', 'normal',
  'normales', 'anormal', 'anormales', 'elevado', 'elevada', 'elevados', 'elevadas', 'alto', 'alta', 'altos', 'altas',
  'bajo', 'baja', 'bajos', 'bajas', 'maligno', 'maligna', 'benigno', 'benigna', 'reactivo', 'reactiva',
  'no reactivo', 'no reactiva', 'limpio', 'limpia', 'bien', 'mal', 'inconcluso', 'inconclusa', 'sospechoso',
  'sospechosa',
];
const STATE_VERBS_ES = [
  'es', 'fue', 'son', 'fueron', 'esta', 'estan', 'estuvo', 'estuvieron', 'salio', 'salieron', 'sale', 'salen',
  'resulto', 'resultaron', 'dio', 'dieron', 'da', 'parece', 'se ve', 'se ven', 'vino', 'vinieron',
];
const DISCLOSING_VERBS_ES = [
  'mostro', 'mostraron', 'muestra', 'muestran', 'revelo', 'revelaron', 'revela', 'indica', 'indican', 'indico',
  'indicaron', 'confirma', 'confirmo', 'detecto', 'detectaron',
];
const ADVERBS_ES = ['muy', 'un poco', 'algo', 'ligeramente', 'todo', 'todos', 'todas', 'completamente', 'no'];
/** "prueba de VIH", "resultados de su análisis de sangre". */
const DE_CLAUSE = '(?:\\s+(?:de|del)\\s+[\\p{L}\\p{N}]+(?:\\s+[\\p{L}\\p{N}]+){0,3}?)?';
const NOUN_ES = `(?:${alternation(TEST_NOUNS_ES)})${DE_CLAUSE}`;

const RESULT_DISCLOSED_ES = new RegExp(`${B}${NOUN_ES}\\s+(?:${alternation(DISCLOSING_VERBS_ES)})${E}`, 'gu');
const RESULT_STATE_ES = new RegExp(
  `${B}${NOUN_ES}\\s+(?:${alternation(STATE_VERBS_ES)})(?:\\s+(?:${alternation(ADVERBS_ES)})){0,2}\\s+(?:${alternation(RESULT_WORDS_ES)})${E_WORD}`,
  'gu',
);
/** "El resultado fue…", "Sus resultados salieron…": the result itself follows. Not "están listos". */
const RESULT_IS_ES = new RegExp(`${B}resultados?${DE_CLAUSE}\\s+(?:es|fue|fueron|salio|salieron)${E}`, 'gu');
const RESULT_CAME_OUT_ES = new RegExp(
  `${B}(?:salio|salieron|resulto|resultaron|dio|dieron|da)\\s+(?:positivo|positiva|positivos|positivas|negativo|negativa|negativos|negativas)${E}`,
  'gu',
);

// ---------------------------------------------------------------------------------------------
// Procedures.

const PROCEDURES = [
  'colonoscopy', 'colonoscopia', 'mammogram', 'mammograms', 'mammography', 'mamografia', 'biopsy', 'biopsies',
  'biopsia', 'endoscopy', 'endoscopia', 'sigmoidoscopy', 'colposcopy', 'colposcopia', 'lumpectomy', 'c-section',
  'cesarean', 'cesarea', 'appendectomy', 'apendicectomia', 'tonsillectomy', 'cholecystectomy', 'gallbladder surgery',
  'angioplasty', 'bypass surgery', 'heart surgery', 'stent', 'pacemaker', 'marcapasos', 'knee replacement',
  'hip replacement', 'joint replacement', 'cataract surgery', 'cirugia de cataratas', 'lasik', 'pap smear',
  'pap test', 'pap', 'papanicolaou', 'mri', 'ct scan', 'cat scan', 'pet scan', 'resonancia magnetica', 'tomografia',
  'ultrasound', 'ultrasonido', 'sonogram', 'sonograma', 'ecografia', 'echocardiogram', 'ecocardiograma', 'ekg',
  'ecg', 'electrocardiograma', 'stress test', 'prueba de esfuerzo', 'sleep study', 'estudio del sueno', 'spinal tap',
  'lumbar puncture', 'puncion lumbar', 'd&c', 'iud', 'diu', 'circumcision', 'circuncision', 'transfusion',
  'infusion', 'x-ray', 'radiografia',
];
/** Procedures that on their own say a great deal about the patient. */
const PROCEDURES_SENSITIVE = [
  'abortion', 'abortions', 'aborto', 'vasectomy', 'vasectomia', 'chemotherapy', 'chemo', 'quimioterapia', 'quimio',
  'radiation therapy', 'radiation treatment', 'radioterapia', 'dialysis', 'hemodialysis', 'dialisis', 'hemodialisis',
  'ivf', 'in vitro fertilization', 'fertilizacion in vitro', 'hysterectomy', 'histerectomia', 'mastectomy',
  'mastectomia', 'tubal ligation', 'tubes tied', 'ligadura de trompas', 'gastric bypass', 'gastric sleeve',
  'bariatric surgery', 'cirugia bariatrica', 'amputation', 'amputacion',
];
const YOUR_SURGERY = new RegExp(`${B}(?:your|tu|su)\\s+(?:surgery|operation|cirugia|operacion)${E}`, 'gu');

// ---------------------------------------------------------------------------------------------
// Identifiers.

const SSN_BARE = /(?<![\d-])\d{3}-\d{2}-\d{4}(?![\d-])/gu;
const SSN_LABELLED = new RegExp(
  `${B}(?:ssn|social security(?:\\s+(?:number|no\\.?|#))?|(?:numero\\s+de(?:l)?\\s+)?seguro\\s+social)[\\s:#]*(?:is\\s+|es\\s+)?\\d{3}[\\s-]?\\d{2}[\\s-]?\\d{4}(?!\\d)`,
  'gu',
);
const ID_TOKEN = '(?=[a-z0-9-]*\\d)[a-z0-9][a-z0-9-]*[a-z0-9]';
const MRN = new RegExp(
  `${B}(?:mrn|medical\\s+record(?:\\s+(?:number|no\\.?|#))?|chart\\s+(?:number|no\\.?|#)|patient\\s+(?:id|number)|(?:numero\\s+de\\s+)?expediente(?:\\s+medico)?|historia\\s+clinica)` +
    `[\\s:#]*(?:is\\s+|es\\s+|number\\s+|numero\\s+)?${ID_TOKEN}(?![\\p{L}\\p{N}])`,
  'gu',
);
const MEMBER_ID = new RegExp(
  `${B}(?:(?:member|insurance|policy|subscriber|medicaid|medicare|group|plan)\\s*(?:id|number|no\\.?|#)|id\\s+de\\s+(?:miembro|afiliado)|numero\\s+de\\s+(?:afiliado|poliza|miembro|seguro))` +
    `[\\s:#]*(?:is\\s+|es\\s+)?(?=[a-z0-9-]{4,})${ID_TOKEN}(?![\\p{L}\\p{N}])`,
  'gu',
);
const MONTH =
  '(?:jan(?:uary)?|feb(?:ruary)?|mar(?:ch)?|apr(?:il)?|may|june?|july?|aug(?:ust)?|sep(?:t(?:ember)?)?|oct(?:ober)?|nov(?:ember)?|dec(?:ember)?|' +
  'enero|febrero|marzo|abril|mayo|junio|julio|agosto|septiembre|setiembre|octubre|noviembre|diciembre)';
const DATE =
  `(?:\\d{1,2}[\\/.-]\\d{1,2}[\\/.-]\\d{2,4}|\\d{4}-\\d{1,2}-\\d{1,2}|${MONTH}\\.?\\s+\\d{1,2}(?:st|nd|rd|th)?,?\\s+\\d{4}|` +
  `\\d{1,2}\\s+(?:de\\s+)?${MONTH}\\.?,?\\s+(?:de\\s+|del\\s+)?\\d{4})(?!\\d)`;
const DOB = new RegExp(
  `${B}(?:dob|d\\.o\\.b\\.?|date\\s+of\\s+birth|birth\\s*date|fecha\\s+de\\s+nacimiento|f\\.\\s*de\\s+nac\\.?)[\\s:,-]*(?:is\\s+|es\\s+|was\\s+|of\\s+)?${DATE}`,
  'gu',
);

// ---------------------------------------------------------------------------------------------
// The rule table.

const RULES: readonly Rule[] = [
  { kind: 'diagnosis', confidence: 0.9, reason: 'names a diagnosis', pattern: wordsRegex([...DIAGNOSES_EN, ...DIAGNOSES_ES]) },
  { kind: 'diagnosis', confidence: 0.7, reason: 'names a condition', pattern: wordsRegex(DIAGNOSES_WEAK) },
  { kind: 'diagnosis', confidence: 0.9, reason: 'discloses a COVID-19 diagnosis', pattern: COVID_POSITIVE },
  {
    kind: 'diagnosis',
    confidence: 0.9,
    reason: 'names a diagnosis',
    pattern: wordsRegex(['aids']),
    accept: ({ original, norm, normStart }) => original === 'AIDS' && !AIDS_DEVICE_WORDS.has(previousWord(norm, normStart) ?? ''),
  },
  {
    kind: 'diagnosis',
    confidence: 0.9,
    reason: 'names a diagnosis',
    pattern: new RegExp(`${B}(?:hiv\\s*(?:\\/|&|and|or|y|o)\\s*aids|aids[\\s-]+(?:test|testing|diagnosis|related|treatment))${E}`, 'gu'),
  },
  { kind: 'diagnosis', confidence: 0.8, reason: 'names a diagnosis', pattern: wordsRegex(['ets']), accept: ({ original }) => original === 'ETS' },

  { kind: 'lab-value', confidence: 0.95, reason: 'gives a lab value', pattern: LAB_WITH_VALUE },
  { kind: 'lab-value', confidence: 0.9, reason: 'gives a lab value', pattern: LAB_UNIT_VALUE },
  { kind: 'lab-value', confidence: 0.9, reason: 'gives a blood pressure reading', pattern: BLOOD_PRESSURE },
  { kind: 'lab-value', confidence: 0.6, reason: 'names a lab test', pattern: wordsRegex(LAB_NAMES) },
  { kind: 'lab-value', confidence: 0.6, reason: 'names a lab test', pattern: PSA_CONTEXT },

  { kind: 'medication', confidence: 0.85, reason: 'names a medication', pattern: wordsRegex(MEDICATIONS) },
  { kind: 'medication', confidence: 0.7, reason: 'names a medication', pattern: wordsRegex(MEDICATIONS_WEAK) },
  { kind: 'medication', confidence: 0.4, reason: 'names an over-the-counter medicine', pattern: wordsRegex(OTC_MEDICINES) },
  { kind: 'medication', confidence: 0.85, reason: 'names a medication', pattern: wordsRegex(['prep']), accept: ({ original }) => original === 'PrEP' },
  {
    kind: 'medication',
    confidence: 0.6,
    reason: 'names a medication',
    pattern: wordsRegex(['plan b']),
    accept: ({ original }) => /^Plan[\s-]+B$/u.test(original),
  },
  { kind: 'medication', confidence: 0.85, reason: 'gives a medication dose', pattern: DOSE },

  { kind: 'result', confidence: 0.9, reason: 'discloses a test result', pattern: RESULT_DISCLOSED_EN },
  { kind: 'result', confidence: 0.9, reason: 'discloses a test result', pattern: RESULT_STATE_EN },
  { kind: 'result', confidence: 0.9, reason: 'discloses a test result', pattern: RESULT_CAME_BACK },
  { kind: 'result', confidence: 0.9, reason: 'discloses a test result', pattern: RESULT_TESTED },
  { kind: 'result', confidence: 0.9, reason: 'discloses a test result', pattern: RESULT_DISCLOSED_ES },
  { kind: 'result', confidence: 0.9, reason: 'discloses a test result', pattern: RESULT_STATE_ES },
  { kind: 'result', confidence: 0.9, reason: 'discloses a test result', pattern: RESULT_IS_ES },
  { kind: 'result', confidence: 0.9, reason: 'discloses a test result', pattern: RESULT_CAME_OUT_ES },
  { kind: 'result', confidence: 0.9, reason: 'describes a finding', pattern: wordsRegex(['malignant', 'maligno', 'maligna', 'malignancy']) },
  { kind: 'result', confidence: 0.8, reason: 'describes a finding', pattern: wordsRegex(['benign', 'benigno', 'benigna']) },
  { kind: 'result', confidence: 0.7, reason: 'describes a finding', pattern: wordsRegex(['abnormal', 'anormal', 'anormales']) },

  { kind: 'procedure', confidence: 0.6, reason: 'names a procedure', pattern: wordsRegex(PROCEDURES) },
  { kind: 'procedure', confidence: 0.8, reason: 'names a sensitive procedure', pattern: wordsRegex(PROCEDURES_SENSITIVE) },
  { kind: 'procedure', confidence: 0.6, reason: 'mentions a surgery', pattern: YOUR_SURGERY },

  { kind: 'identifier', confidence: 0.95, reason: 'looks like a Social Security number', pattern: SSN_BARE },
  { kind: 'identifier', confidence: 0.95, reason: 'includes a Social Security number', pattern: SSN_LABELLED },
  { kind: 'identifier', confidence: 0.95, reason: 'includes a medical record number', pattern: MRN },
  { kind: 'identifier', confidence: 0.95, reason: 'includes an insurance member ID', pattern: MEMBER_ID },
  { kind: 'identifier', confidence: 0.95, reason: 'includes a date of birth', pattern: DOB },
];

// ---------------------------------------------------------------------------------------------

interface Candidate extends PhiFinding {
  readonly end: number;
}

/** Scans text a receptionist is about to send by SMS for probable PHI. */
export function scanForPhi(text: string): PhiScan {
  const norm = normalise(text);
  const candidates: Candidate[] = [];
  for (const rule of RULES) {
    for (const m of norm.text.matchAll(rule.pattern)) {
      if (m[0].length === 0) continue;
      const nStart = m.index ?? 0;
      const nEnd = nStart + m[0].length;
      const index = norm.starts[nStart] ?? 0;
      const end = norm.ends[nEnd - 1] ?? text.length;
      const original = text.slice(index, end);
      if (rule.accept && !rule.accept({ original, norm: norm.text, normStart: nStart })) continue;
      candidates.push({ kind: rule.kind, match: original, index, end, reason: rule.reason, confidence: rule.confidence });
    }
  }
  // Strongest first. A finding inside a kept one adds nothing when it is the same kind or weaker
  // ("cholesterol" inside "high cholesterol"); an equally strong one of another kind stays
  // ("VIH" inside "prueba de VIH salió negativa").
  candidates.sort((a, b) => b.confidence - a.confidence || b.end - b.index - (a.end - a.index) || a.index - b.index);
  const kept: Candidate[] = [];
  for (const c of candidates) {
    const redundant = kept.some((k) => k.index <= c.index && c.end <= k.end && (k.kind === c.kind || k.confidence > c.confidence));
    if (!redundant) kept.push(c);
  }
  kept.sort((a, b) => a.index - b.index || b.confidence - a.confidence);
  const findings: PhiFinding[] = kept.map(({ kind, match, index, reason, confidence }) => ({ kind, match, index, reason, confidence }));
  const confidence = findings.reduce((max, f) => Math.max(max, f.confidence), 0);
  return { flagged: confidence >= PHI_FLAG_THRESHOLD, findings, confidence };
}
