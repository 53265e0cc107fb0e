/**
 * Patients: everyone the practice texts, with their numbers and consent to be texted. Until the
 * practice database exists it explains how patients get here; there is no manual entry yet.
 */
import Box from '@mui/material/Box';
import Button from '@mui/material/Button';
import Typography from '@mui/material/Typography';
import PeopleAltOutlined from '@mui/icons-material/PeopleAltOutlined';
import PersonAddAltOutlined from '@mui/icons-material/PersonAddAltOutlined';
import { EmptyState } from '../../components/EmptyState';
import { Page } from '../../components/Page';

export default function PatientsPage() {
  return (
    <Page title="Patients" lead="Everyone the practice texts, with their phone numbers and consent to be texted.">
      <EmptyState
        Icon={PeopleAltOutlined}
        title="No patients yet"
        description="Patients are added when you text them or when you import appointments. Each patient’s consent to be texted is recorded with them, and nobody is texted without it."
        pointsLabel="How patients get here"
        points={[
          'Texting a new number from the Inbox adds that patient.',
          'Importing an appointment list adds each patient on it, ready for reminders.',
          'A patient who texts the practice first is added when their message arrives.',
        ]}
        footer={
          <Box sx={{ display: 'flex', alignItems: 'center', gap: 2, flexWrap: 'wrap' }}>
            <Button variant="outlined" disabled startIcon={<PersonAddAltOutlined />} aria-describedby="add-patient-note">
              Add patient
            </Button>
            <Typography id="add-patient-note" variant="body2" color="text.secondary">
              Adding a patient by hand is not available yet.
            </Typography>
          </Box>
        }
      />
    </Page>
  );
}
