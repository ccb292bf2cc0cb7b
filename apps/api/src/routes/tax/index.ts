import { createApp } from "../../create-app.js";
import { getLots } from "./lots.js";
import { getTaxReport } from "./report.js";
import { getTaxSettings, putTaxSettingsRoute } from "./settings.js";

export const taxApp = createApp()
  .route("/", getTaxReport)
  .route("/", getLots)
  .route("/", getTaxSettings)
  .route("/", putTaxSettingsRoute);
