/** Types for electronegativity-scan.mjs (SEC-SCAN-01), as far as the tests use it. */
export declare function rejoinSuppressions(code: string): string;
export declare function installedElectronVersion(root: string): string;
