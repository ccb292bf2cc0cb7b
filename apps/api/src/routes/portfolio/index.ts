import { createApp } from "../../create-app.js";
import { getPortfolio } from "./get.js";

export const portfolioApp = createApp().route("/", getPortfolio);
