export { type Anvil, anvilPath, startAnvil } from "./anvil.ts";
export {
  type Artifact,
  compileHostile,
  compilePayments,
  compileSolidity,
  compileTokens,
} from "./compile.ts";
export {
  DEV_KEYS,
  deployFixture,
  type Fixture,
  type FixtureStep,
  type PlayedStep,
  scriptedHistory,
} from "./fixture.ts";
export { startRangeLimitedProxy } from "./range-limited-proxy.ts";
