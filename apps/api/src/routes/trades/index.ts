import { createApp } from "../../create-app.js";
import { checkTrade } from "./check.js";

export const tradesApp = createApp().route("/", checkTrade);
