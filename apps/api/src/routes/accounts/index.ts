import { createApp } from "../../create-app.js";
import { getBalances } from "./balances.js";
import { createAccount } from "./create.js";
import { getAccount } from "./get.js";
import { listAccounts } from "./list.js";
import { listReservations } from "./list-reservations.js";
import { listTransactions } from "./list-transactions.js";
import { recordTransaction } from "./record-transaction.js";
import { releaseReservation } from "./release.js";
import { reserveFunds } from "./reserve.js";
import { openStream } from "./stream.js";
import { syncAccount } from "./sync.js";

export const accountsApp = createApp()
  .route("/", createAccount)
  .route("/", listAccounts)
  .route("/", getAccount)
  .route("/", syncAccount)
  .route("/", getBalances)
  .route("/", listTransactions)
  .route("/", recordTransaction)
  .route("/", reserveFunds)
  .route("/", listReservations)
  .route("/", releaseReservation)
  .route("/", openStream);
