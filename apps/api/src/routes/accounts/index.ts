import { createApp } from "../../create-app.js";
import { getBalanceHistory } from "./balance-history.js";
import { getBalances } from "./balances.js";
import { createAccount } from "./create.js";
import { deleteAccount } from "./delete.js";
import { getAccount } from "./get.js";
import { listAccounts } from "./list.js";
import { listReservations } from "./list-reservations.js";
import { listTransactions } from "./list-transactions.js";
import { recordTransaction } from "./record-transaction.js";
import { releaseReservation } from "./release.js";
import { reserveFunds } from "./reserve.js";
import { activateAccount, deactivateAccount } from "./set-active.js";
import { openStream } from "./stream.js";
import { syncAccount } from "./sync.js";
import { updateAccount } from "./update.js";
import { voidTransaction } from "./void-transaction.js";

export const accountsApp = createApp()
  .route("/", createAccount)
  .route("/", listAccounts)
  .route("/", getAccount)
  .route("/", updateAccount)
  .route("/", deleteAccount)
  .route("/", deactivateAccount)
  .route("/", activateAccount)
  .route("/", syncAccount)
  .route("/", getBalances)
  .route("/", getBalanceHistory)
  .route("/", listTransactions)
  .route("/", recordTransaction)
  .route("/", voidTransaction)
  .route("/", reserveFunds)
  .route("/", listReservations)
  .route("/", releaseReservation)
  .route("/", openStream);
