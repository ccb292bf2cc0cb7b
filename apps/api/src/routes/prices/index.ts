import { createApp } from "../../create-app.js";
import { getPrices } from "./get-prices.js";

/** The price service: any asset in any base, now or in the past. */
export const pricesApp = createApp().route("/", getPrices);
