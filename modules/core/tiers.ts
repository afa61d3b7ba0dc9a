/**
 * What an environment is for. The tier picks defaults (cheap in development, safe in production:
 * see `platform/tiers.ts`) and how strictly the policy pack judges it (`guardrails/`).
 */
export const TIERS = ["development", "staging", "production"] as const;
export type Tier = (typeof TIERS)[number];
