-- One name per meaning: `accounts.account_id` held the account's id on its platform while every
-- other table's `account_id` is ours (acct_…), and `balances.available` held the platform's free
-- amount while the API's `available` is free minus our reservations. Renames keep the data.
ALTER TABLE `accounts` RENAME COLUMN "account_id" TO "platform_account_id";--> statement-breakpoint
ALTER TABLE `balances` RENAME COLUMN "available" TO "free";