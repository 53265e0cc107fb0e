/** Types for electron-support.mjs (SEC-VER-01). */
export declare const KNOWN_RELEASE: { readonly major: number; readonly date: string };
export declare const CADENCE_DAYS: number;
export declare const SUPPORTED_MAJORS: number;
export declare function estimatedLatestMajor(today: string, known?: { major: number; date: string }): number;
export declare function isSupported(installedMajor: number, latestMajor: number): boolean;
