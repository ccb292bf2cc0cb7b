import { workersTestConfig } from "@portfolio/test-support/workers-test-config";

export default workersTestConfig(import.meta.dirname, "./wrangler.jsonc");
