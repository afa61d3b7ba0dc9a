import { matching, strict } from "../core/schema";

/** Where an environment's images come from. */
export const registrySchema = strict({
  /**
   * The environment whose released images this one runs, e.g. "staging" for production: its
   * release workflow promotes the image that environment's last completed release runs (the same
   * digest, copied into this environment's repository; no build), and this environment's publish
   * roles may pull (never push) from that environment's repositories. A lower tier, which builds
   * every ECR service of this one. Default: none (each release builds its image).
   */
  promoteFrom: matching(/^[a-z][a-z0-9]{1,9}$/, "the name of another environment").optional(),
});
