/**
 * Staff credentials in one place: password hashing and policy, TOTP enrolment and checks,
 * and recovery codes. The pieces live in their own modules; this is what the session
 * service imports.
 */
export { DEFAULT_SCRYPT, hashPassword, needsRehash, verifyAgainstDummy, verifyPassword, type ScryptParams } from './password-hash';
export { checkPassword, MAX_PASSWORD_LENGTH, MIN_PASSWORD_LENGTH, type PasswordCheck, type PasswordProblem } from '../../shared/accounts/password-policy';
export { enrolTotp, newTotpSecret, totpCode, totpUri, verifyTotp, TOTP_ISSUER, type TotpEnrolment, type TotpResult } from './totp';
export { generateRecoveryCodes, redeemRecoveryCode, RECOVERY_CODE_COUNT, type StoredRecoveryCodes } from './recovery-codes';
