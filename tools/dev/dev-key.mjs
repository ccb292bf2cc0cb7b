/** The dev API key: local only, every scope. Its SHA-256 goes into apps/api/.dev.vars. */
export const DEV_API_KEY = "pm_dev_local_only_0000000000000000";
