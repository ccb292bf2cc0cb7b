import { createApp } from "../../create-app.js";
import { getPortfolio } from "./get.js";
import { getHistory } from "./history.js";
import { getMetrics } from "./metrics.js";
import { getPnl } from "./pnl.js";
import { rebuildHistory } from "./rebuild.js";
import { takeSnapshot } from "./snapshot.js";

export const portfolioApp = createApp()
  .route("/", getPortfolio)
  .route("/", getHistory)
  .route("/", getMetrics)
  .route("/", getPnl)
  .route("/", takeSnapshot)
  .route("/", rebuildHistory);
