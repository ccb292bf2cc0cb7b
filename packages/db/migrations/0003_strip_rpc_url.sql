-- An EVM node's URL is a credential (hosted nodes put the key in its path): D1's copy of an
-- account's config must not hold it. The account's own object moves it into its sealed
-- credentials when it next opens them.
UPDATE `accounts` SET `config` = json_remove(`config`, '$.rpcUrl') WHERE `provider` = 'evm';
