/**
 * "Time zone": a native select (labelled, keyboard- and screen-reader-friendly) of the main US
 * zones first, then the other America/* zones, as listed in time-zones.ts.
 */
import { useMemo } from 'react';
import TextField from '@mui/material/TextField';
import { timeZoneGroups } from './time-zones';

export interface TimeZoneFieldProps {
  value: string;
  onChange: (value: string) => void;
  disabled?: boolean;
  helperText?: string;
  error?: boolean;
}

export function TimeZoneField({ value, onChange, disabled, helperText, error }: TimeZoneFieldProps) {
  // The form around it re-renders on every keystroke; the list only changes with the value.
  const groups = useMemo(() => timeZoneGroups(value), [value]);
  return (
    <TextField
      select
      label="Time zone"
      value={value}
      onChange={(e) => onChange(e.target.value)}
      fullWidth
      disabled={disabled}
      error={error}
      helperText={helperText ?? 'Where the practice is. Reminders and quiet hours use it.'}
      slotProps={{ htmlInput: { required: true }, select: { native: true }, inputLabel: { shrink: true } }}
    >
      {value === '' ? <option value="">Choose the practice’s time zone</option> : null}
      {groups.map((group) => (
        <optgroup key={group.label} label={group.label}>
          {group.zones.map((zone) => (
            <option key={zone.value} value={zone.value}>
              {zone.label}
            </option>
          ))}
        </optgroup>
      ))}
    </TextField>
  );
}
