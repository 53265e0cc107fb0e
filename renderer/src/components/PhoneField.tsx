/**
 * A US phone number field: a tel input with room for any way people type a number (20
 * characters), the number keypad on touch screens, and a problem or a hint underneath.
 * Validation stays with the form (session/validation.ts normaliseUsPhone).
 */
import TextField from '@mui/material/TextField';

export interface PhoneFieldProps {
  label: string;
  value: string;
  onChange: (value: string) => void;
  /** Show `problem` instead of the hint (the number is not usable and the form was submitted). */
  showProblem: boolean;
  problem: string;
  hint?: string;
  required?: boolean;
  autoComplete?: string;
}

export function PhoneField({ label, value, onChange, showProblem, problem, hint, required = false, autoComplete }: PhoneFieldProps) {
  return (
    <TextField
      label={label}
      type="tel"
      value={value}
      onChange={(e) => onChange(e.target.value.slice(0, 20))}
      fullWidth
      autoComplete={autoComplete}
      error={showProblem}
      helperText={showProblem ? problem : hint}
      slotProps={{ htmlInput: { ...(required ? { required: true } : {}), maxLength: 20, inputMode: 'tel' } }}
    />
  );
}
