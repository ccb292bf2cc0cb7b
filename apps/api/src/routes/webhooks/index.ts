import { createApp } from "../../create-app.js";
import { alchemyWebhook } from "./alchemy.js";

/** Webhooks of the platforms we integrate, each verified over its raw body before anything else. */
export const webhooksApp = createApp().route("/", alchemyWebhook);
