import { createApp } from "../../create-app.js";
import { getPortfolio } from "./get.js";
import { getHistory } from "./history.js";
import { getMetrics } from "./metrics.js";
import { rebuildHistory } from "./rebuild.js";
import { takeSnapshot } from "./snapshot.js";

export const portfolioApp = createApp()
  .route("/", getPortfolio)
  .route("/", getHistory)
  .route("/", getMetrics)
  .route("/", takeSnapshot)
  .route("/", rebuildHistory);
