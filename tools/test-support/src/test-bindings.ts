/**
 * Secrets for tests only: a fixed credentials key and one API key per scope set. The hashes are
 * SHA-256 of the tokens in `testApiTokens`.
 */
export const testApiTokens = {
  all: "pm_test_all_0000000000000000000000",
  read: "pm_test_read_000000000000000000000",
} as const;

export const testBindings = {
  CREDENTIALS_KEY: "AAECAwQFBgcICQoLDA0ODxAREhMUFRYXGBkaGxwdHh8=",
};
