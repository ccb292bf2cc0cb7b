import { createApp } from "../../create-app.js";
import { listAllBalances } from "./list.js";

/** Balances across all of the owner's accounts. */
export const balancesApp = createApp().route("/", listAllBalances);
