import { useState } from "preact/hooks";
import { Empty, Show } from "../components/states.js";
import { units, when } from "../format.js";
import { apiClient } from "../session.js";
import { errorOf, useApi } from "../use-api.js";

/** Each account: provider, sync state and schedule, staleness, backfill, unexplained amounts. */
export function Accounts(props: { scopes: string[] }) {
  const client = apiClient();
  const [round, setRound] = useState(0);
  const list = useApi(
    () => client.GET("/v1/accounts", { params: { query: { limit: 100 } } }),
    [round],
  );
  return (
    <section>
      <header class="page-head">
        <h2>Accounts</h2>
      </header>
      <Show loaded={list}>
        {(l) =>
          l.data.length === 0 ? (
            <Empty>No accounts yet: register one with POST /v1/accounts.</Empty>
          ) : (
            <div class="cards">
              {l.data.map((a) => (
                <AccountCard
                  id={a.id}
                  canSync={props.scopes.includes("trade")}
                  onSynced={() => setRound(round + 1)}
                />
              ))}
            </div>
          )
        }
      </Show>
    </section>
  );
}

function AccountCard(props: { id: string; canSync: boolean; onSynced: () => void }) {
  const client = apiClient();
  const account = useApi(
    () => client.GET("/v1/accounts/{id}", { params: { path: { id: props.id } } }),
    [props.id],
  );
  const balances = useApi(
    () => client.GET("/v1/accounts/{id}/balances", { params: { path: { id: props.id } } }),
    [props.id],
  );
  const [syncing, setSyncing] = useState<string | null>(null);
  const sync = async () => {
    setSyncing("Syncing…");
    const r = await client.POST("/v1/accounts/{id}/sync", { params: { path: { id: props.id } } });
    setSyncing(r.data ? `Synced: ${r.data.sync.state}` : errorOf(r).message);
    props.onSynced();
  };
  return (
    <article class="card account" data-testid="account">
      <Show loaded={account}>
        {(a) => (
          <>
            <h3>
              {a.name} <span class="tag">{a.provider}</span>
            </h3>
            <dl>
              <dt>Sync</dt>
              <dd data-testid="sync-state">{a.sync.state}</dd>
              <dt>Last success</dt>
              <dd>{when(a.sync.lastSuccessAt)}</dd>
              <dt>Next run</dt>
              <dd>{when(a.sync.nextRunAt)}</dd>
              <dt>History</dt>
              <dd>{a.sync.historyComplete ? "complete" : "reading"}</dd>
              <dt>Stale</dt>
              <dd>
                <Show loaded={balances}>{(b) => (b.stale ? "yes" : "no")}</Show>
              </dd>
              <dt>Backfill</dt>
              <dd>
                {a.backfill
                  ? `${a.backfill.state}${a.backfill.from ? ` · ${a.backfill.from} → ${a.backfill.to}` : ""} · ${a.backfill.done} points`
                  : "—"}
              </dd>
              <dt>Unexplained</dt>
              <dd>
                {a.unexplained && Object.keys(a.unexplained).length
                  ? Object.entries(a.unexplained)
                      .map(([asset, v]) => `${units(String(v), asset)} ${asset}`)
                      .join(", ")
                  : "none"}
              </dd>
              {a.sync.lastError ? (
                <>
                  <dt>Last error</dt>
                  <dd class="error">{a.sync.lastError.message}</dd>
                </>
              ) : null}
            </dl>
            {props.canSync ? (
              <button type="button" onClick={sync}>
                Sync now
              </button>
            ) : null}
            {syncing ? <p class="muted">{syncing}</p> : null}
          </>
        )}
      </Show>
    </article>
  );
}
