/** The patients training mode adds in one click are the sandbox's simulated patients, number for number. */
import { describe, expect, it } from 'vitest';
import { TRAINING_PATIENTS } from '../../../shared/training/training-patients';
import { SIMULATED_PATIENTS } from './simulated-patients';

describe('training patients', () => {
  it('match the simulated patients the sandbox answers as', () => {
    expect(TRAINING_PATIENTS.map((p) => p.phone)).toEqual(SIMULATED_PATIENTS.map((p) => p.number));
  });
  it('are obviously synthetic', () => {
    for (const p of TRAINING_PATIENTS) expect(`${p.familyName}`).toMatch(/Testpatient|Pacienteprueba/);
  });
});
