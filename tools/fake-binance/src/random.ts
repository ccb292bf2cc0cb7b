// the subpath, not the index: Node runs this stand-in by stripping types, and core's index
// reaches files that need a compiler
import { hashSeed, prng } from "@portfolio/core/seeded-random";

/** The scripted account's random stream for `seed` (core's one seeded PRNG). */
export const rng = (seed: string): (() => number) => prng(hashSeed(seed));
