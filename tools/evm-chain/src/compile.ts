import { readFileSync } from "node:fs";
import { createRequire } from "node:module";
import { basename, join } from "node:path";

const require = createRequire(import.meta.url);

export interface Artifact {
  abi: unknown[];
  bytecode: `0x${string}`;
}

/**
 * Compiles contracts/Tokens.sol with the solc package (WebAssembly, no download), resolving
 * OpenZeppelin imports from node_modules. Shanghai, so every local chain runs it.
 */
export function compileTokens(): Record<string, Artifact> {
  return compileSolidity(join(import.meta.dirname, "../contracts/Tokens.sol"));
}

/** The hostile tokens of contracts/Hostile.sol (spam decimals, gas bombs, no metadata). */
export function compileHostile(): Record<string, Artifact> {
  return compileSolidity(join(import.meta.dirname, "../contracts/Hostile.sol"));
}

/** Contracts a wallet deals with that pay the coin by internal calls (contracts/Payments.sol). */
export function compilePayments(): Record<string, Artifact> {
  return compileSolidity(join(import.meta.dirname, "../contracts/Payments.sol"));
}

/** Every contract of one Solidity file, by name (the settings of {@link compileTokens}). */
export function compileSolidity(file: string): Record<string, Artifact> {
  const fileName = basename(file);
  const solc = require("solc") as {
    compile(
      input: string,
      opts: { import: (p: string) => { contents: string } | { error: string } },
    ): string;
  };
  const source = readFileSync(file, "utf8");
  const input = {
    language: "Solidity",
    sources: { [fileName]: { content: source } },
    settings: {
      evmVersion: "shanghai",
      optimizer: { enabled: true, runs: 200 },
      outputSelection: { "*": { "*": ["abi", "evm.bytecode.object"] } },
    },
  };
  const findImport = (path: string) => {
    try {
      return { contents: readFileSync(require.resolve(path), "utf8") };
    } catch {
      return { error: `not found: ${path}` };
    }
  };
  const out = JSON.parse(solc.compile(JSON.stringify(input), { import: findImport })) as {
    errors?: { severity: string; formattedMessage: string }[];
    contracts: Record<
      string,
      Record<string, { abi: unknown[]; evm: { bytecode: { object: string } } }>
    >;
  };
  const errors = (out.errors ?? []).filter((e) => e.severity === "error");
  if (errors.length) throw new Error(errors.map((e) => e.formattedMessage).join("\n"));
  const result: Record<string, Artifact> = {};
  for (const [name, c] of Object.entries(out.contracts[fileName] ?? {})) {
    result[name] = { abi: c.abi, bytecode: `0x${c.evm.bytecode.object}` };
  }
  return result;
}

/** A published artifact from an npm package (Uniswap's), with its bytecode 0x-prefixed. */
export function npmArtifact(path: string): Artifact {
  const json = require(path) as { abi: unknown[]; bytecode: string };
  return {
    abi: json.abi,
    bytecode: (json.bytecode.startsWith("0x")
      ? json.bytecode
      : `0x${json.bytecode}`) as `0x${string}`,
  };
}
