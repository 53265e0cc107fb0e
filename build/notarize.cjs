// electron-builder afterSign hook: notarizes the signed macOS app with Apple's notary service
// when the release environment provides credentials, and says clearly why it is skipped when it
// does not (a developer's or CI's unsigned build). Credentials, either:
//   APPLE_ID + APPLE_APP_SPECIFIC_PASSWORD + APPLE_TEAM_ID  (an Apple ID app-specific password), or
//   APPLE_API_KEY (path to the .p8) + APPLE_API_KEY_ID + APPLE_API_ISSUER  (an App Store Connect API key).
// Nothing is printed of their values.
'use strict';
const path = require('node:path');

/** Which notarization to run for this platform and environment, or why none. Pure. */
function notarizeDecision(platform, env) {
  if (platform !== 'darwin') return { run: false, why: `not a macOS build (${platform})` };
  if (env.APPLE_API_KEY && env.APPLE_API_KEY_ID && env.APPLE_API_ISSUER) {
    return { run: true, options: { appleApiKey: env.APPLE_API_KEY, appleApiKeyId: env.APPLE_API_KEY_ID, appleApiIssuer: env.APPLE_API_ISSUER } };
  }
  if (env.APPLE_ID && env.APPLE_APP_SPECIFIC_PASSWORD && env.APPLE_TEAM_ID) {
    return { run: true, options: { appleId: env.APPLE_ID, appleIdPassword: env.APPLE_APP_SPECIFIC_PASSWORD, teamId: env.APPLE_TEAM_ID } };
  }
  const partial = ['APPLE_ID', 'APPLE_APP_SPECIFIC_PASSWORD', 'APPLE_TEAM_ID', 'APPLE_API_KEY', 'APPLE_API_KEY_ID', 'APPLE_API_ISSUER'].filter((k) => env[k]);
  return {
    run: false,
    why: partial.length
      ? `incomplete Apple credentials (set: ${partial.join(', ')}); need APPLE_ID + APPLE_APP_SPECIFIC_PASSWORD + APPLE_TEAM_ID, or APPLE_API_KEY + APPLE_API_KEY_ID + APPLE_API_ISSUER`
      : 'no Apple credentials in the environment (APPLE_ID + APPLE_APP_SPECIFIC_PASSWORD + APPLE_TEAM_ID, or APPLE_API_KEY + APPLE_API_KEY_ID + APPLE_API_ISSUER); the app is signed but not notarized, and Gatekeeper will block it on other Macs',
  };
}

async function afterSign(context) {
  const decision = notarizeDecision(context.electronPlatformName, process.env);
  if (!decision.run) {
    console.log(`  • notarization skipped: ${decision.why}`);
    return;
  }
  const appPath = path.join(context.appOutDir, `${context.packager.appInfo.productFilename}.app`);
  const { notarize } = require('@electron/notarize');
  console.log('  • notarizing with Apple (this can take several minutes)…');
  await notarize({ appPath, ...decision.options });
  console.log('  • notarized');
}

module.exports = afterSign;
module.exports.default = afterSign;
module.exports.notarizeDecision = notarizeDecision;
