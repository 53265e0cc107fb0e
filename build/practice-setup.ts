/**
 * Sets up a new synthetic practice on a browser host through the same channels the first-run
 * wizard uses (an authenticator enrolment, the practice and its first administrator) and signs
 * that administrator in with a recovery code. Shared by the renderer benchmarks and the
 * several-desks specs. Test-only.
 */
import { expect, type Page } from '@playwright/test';
import { totpCode } from '../main/accounts/totp';

export interface PracticeUser {
  readonly username: string;
  readonly fullName: string;
  readonly password: string;
}

/** Sets up the practice through main's channels and signs its administrator in (with a recovery code); returns the authenticator secret. */
export async function setUpPracticeAndSignIn(page: Page, user: PracticeUser, practice: { name: string; timeZone: string; phone: string }): Promise<{ totpSecret: string }> {
  await page.waitForFunction(() => 'carerelay' in window);
  const enrolment = await page.evaluate((u) => (window as any).carerelay.setup.startEnrolment({ username: u.username, fullName: u.fullName }), user);
  const created = await page.evaluate(
    ({ u, p, enrolmentId, code }) =>
      (window as any).carerelay.setup.createPractice({
        practice: p,
        admin: { fullName: u.fullName, username: u.username, password: u.password },
        enrolmentId,
        code,
      }),
    { u: user, p: practice, enrolmentId: enrolment.value.enrolmentId, code: totpCode(enrolment.value.secret, new Date()) },
  );
  expect(created.ok).toBe(true);
  const signedIn = await page.evaluate(({ u, recovery }) => (window as any).carerelay.session.signIn({ username: u.username, password: u.password, code: recovery }), {
    u: user,
    recovery: created.value.recoveryCodes[0],
  });
  expect(signedIn.ok, JSON.stringify(signedIn)).toBe(true);
  return { totpSecret: enrolment.value.secret as string };
}
