/**
 * Linking an unmatched conversation (a number no patient has) to a patient: find them by name
 * and link, or add them as a new patient with this number (adding links it). Linking never
 * changes the patient's own texting number: that is edited on the patient page.
 */
import { useState } from 'react';
import Alert from '@mui/material/Alert';
import Button from '@mui/material/Button';
import Dialog from '@mui/material/Dialog';
import DialogActions from '@mui/material/DialogActions';
import DialogContent from '@mui/material/DialogContent';
import DialogTitle from '@mui/material/DialogTitle';
import List from '@mui/material/List';
import ListItemButton from '@mui/material/ListItemButton';
import ListItemText from '@mui/material/ListItemText';
import TextField from '@mui/material/TextField';
import Typography from '@mui/material/Typography';
import { linkConversationToPatient, usePatientNameSearch, usePracticeDb, type Conversation } from '../../../data';
import { SafeLabel } from '../../components/SafeText';
import { PatientFormDialog } from '../patients/PatientFormDialog';
import { formatPhone } from './delivery-labels';

export function LinkPatientDialog({ conversation, onClose }: { conversation: Conversation; onClose: () => void }) {
  const db = usePracticeDb();
  const [query, setQuery] = useState('');
  const [adding, setAdding] = useState(false);
  const [problem, setProblem] = useState<string | null>(null);
  const { ready, matches } = usePatientNameSearch(query, 8);

  if (adding) return <PatientFormDialog patient={null} phone={conversation.phone ?? ''} onClose={onClose} onSaved={onClose} />;

  const link = async (patientId: string) => {
    if (!db) return;
    try {
      await linkConversationToPatient(db, conversation.id, patientId);
      onClose();
    } catch (error) {
      setProblem(error instanceof Error ? error.message : 'The conversation could not be linked.');
    }
  };

  return (
    <Dialog open onClose={onClose} aria-labelledby="link-title" fullWidth maxWidth="sm">
      <DialogTitle id="link-title">Link {formatPhone(conversation.phone)} to a patient</DialogTitle>
      <DialogContent sx={{ display: 'flex', flexDirection: 'column', gap: 1.5, pt: '8px !important' }}>
        {problem ? <Alert severity="error">{problem}</Alert> : null}
        <TextField label="Patient name" value={query} onChange={(e) => setQuery(e.target.value.slice(0, 80))} autoFocus autoComplete="off" />
        {!ready ? <Typography color="text.secondary">Loading patient names…</Typography> : null}
        {ready && query.trim() && matches.length === 0 ? <Typography color="text.secondary">No patient with that name.</Typography> : null}
        <List dense aria-label="Matching patients">
          {matches.map((p) => (
            <ListItemButton key={p.id} onClick={() => void link(p.id)}>
              <ListItemText
                primary={<SafeLabel text={`${p.givenName} ${p.familyName}`} />}
                secondary={[p.dateOfBirth ? `Born ${p.dateOfBirth}` : '', p.phone ? formatPhone(p.phone) : ''].filter(Boolean).join(' · ')}
              />
            </ListItemButton>
          ))}
        </List>
      </DialogContent>
      <DialogActions>
        <Button onClick={onClose}>Cancel</Button>
        <Button variant="outlined" onClick={() => setAdding(true)}>
          Add as a new patient
        </Button>
      </DialogActions>
    </Dialog>
  );
}
