/** Types for notarize.cjs. */
export declare function notarizeDecision(platform: string, env: Record<string, string | undefined>): { run: true; options: Record<string, string> } | { run: false; why: string };
