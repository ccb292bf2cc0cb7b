/**
 * Secrets for tests only. `API_KEYS` holds SHA-256 hashes of the tokens in `testApiTokens`
 * (the auth tests fail if a hash and its token ever disagree).
 */
export const testApiTokens = {
  all: "pm_test_all_0000000000000000000000",
  read: "pm_test_read_000000000000000000000",
  trade: "pm_test_trade_00000000000000000000",
  /** only the admin scope: lacks read and trade */
  admin: "pm_test_admin_00000000000000000000",
  /** every scope, but another owner: must never see the default owner's accounts */
  other: "pm_test_other_00000000000000000000",
} as const;

/** The signing key of the test Alchemy webhook. */
export const testAlchemySigningKey = "whsec_test_000000000000000000000000";

export const testBindings = {
  ACCOUNT_ID_KEY: "test-account-id-key-000000000000",
  ALCHEMY_SIGNING_KEYS: testAlchemySigningKey,
  CREDENTIALS_KEY: "AAECAwQFBgcICQoLDA0ODxAREhMUFRYXGBkaGxwdHh8=",
  API_KEYS: JSON.stringify([
    {
      id: "key_test_all",
      sha256: "2cf2a98457c3c7cffb4acde1609f1962a3b3da98961a4d69e561544e8730a681",
      scopes: ["read", "trade", "admin"],
    },
    {
      id: "key_test_read",
      sha256: "882324d872403c1604948a67545bab678d5f094c435e87db8c501691f6c0fa56",
      scopes: ["read"],
    },
    {
      id: "key_test_trade",
      sha256: "1cbcc69ca03047e1ed4ef0b30887f58fff4e72147ee1684e82a454d1a8015e7d",
      scopes: ["read", "trade"],
    },
    {
      id: "key_test_admin",
      sha256: "bab0f25b902fea7581799a19c933772646cedaf807345825bfa4c96bb4e3fe98",
      scopes: ["admin"],
    },
    {
      id: "key_test_other",
      sha256: "6e23655a97a4a6c510a76d3d873a14e6b55d62d2980225a7cb50a9de0078ffa5",
      scopes: ["read", "trade", "admin"],
      owner: "other",
    },
  ]),
};
