import { useEffect, useState } from "preact/hooks";
import { Accounts } from "./pages/accounts.js";
import { Allocation } from "./pages/allocation.js";
import { Overview } from "./pages/overview.js";
import { Returns } from "./pages/returns.js";
import { Risk } from "./pages/risk.js";
import { SignIn } from "./pages/sign-in.js";
import { Tax } from "./pages/tax.js";
import { Transactions } from "./pages/transactions.js";
import { apiClient, storedKey, storeKey } from "./session.js";

const PAGES = {
  overview: "Overview",
  allocation: "Allocation",
  risk: "Risk",
  returns: "Returns",
  accounts: "Accounts",
  transactions: "Transactions",
  tax: "P&L and tax",
} as const;
type PageName = keyof typeof PAGES;
const BASES = ["USD", "EUR", "GBP", "BTC", "ETH"];

const pageOf = (hash: string): PageName => {
  const p = hash.replace(/^#\/?/, "");
  return p in PAGES ? (p as PageName) : "overview";
};

export function App() {
  const [scopes, setScopes] = useState<string[] | null>(null);
  const [checking, setChecking] = useState(storedKey() !== null);
  const [page, setPage] = useState<PageName>(pageOf(location.hash));
  const [base, setBase] = useState("USD");
  useEffect(() => {
    const onHash = () => setPage(pageOf(location.hash));
    addEventListener("hashchange", onHash);
    return () => removeEventListener("hashchange", onHash);
  }, []);
  // a key kept from earlier in this tab is asked again: it may have been revoked
  useEffect(() => {
    if (!storedKey()) return;
    apiClient()
      .GET("/v1/me")
      .then((r) => {
        if (r.data) setScopes(r.data.scopes);
        else storeKey(null);
        setChecking(false);
      });
  }, []);
  if (checking) return <p class="muted">Loading…</p>;
  if (!scopes) return <SignIn onSignedIn={setScopes} />;
  return (
    <div class="layout">
      <nav>
        <strong class="brand">Portfolio</strong>
        {(Object.keys(PAGES) as PageName[]).map((p) => (
          <a
            href={`#/${p}`}
            class={p === page ? "on" : ""}
            aria-current={p === page ? "page" : undefined}
          >
            {PAGES[p]}
          </a>
        ))}
        <label class="base">
          Base
          <select value={base} onChange={(e) => setBase((e.target as HTMLSelectElement).value)}>
            {BASES.map((b) => (
              <option value={b}>{b}</option>
            ))}
          </select>
        </label>
        <button
          type="button"
          class="link"
          onClick={() => {
            storeKey(null);
            setScopes(null);
          }}
        >
          Sign out
        </button>
      </nav>
      <main>
        {page === "overview" ? <Overview base={base} /> : null}
        {page === "allocation" ? <Allocation base={base} /> : null}
        {page === "risk" ? <Risk base={base} /> : null}
        {page === "returns" ? <Returns base={base} /> : null}
        {page === "accounts" ? <Accounts scopes={scopes} /> : null}
        {page === "transactions" ? <Transactions /> : null}
        {page === "tax" ? <Tax base={base} /> : null}
      </main>
    </div>
  );
}
