import { useState } from "preact/hooks";
import { apiClient, storeKey } from "../session.js";
import { errorOf } from "../use-api.js";

/** Asks for an API key and keeps it in this tab's session storage once the API accepts it. */
export function SignIn(props: { onSignedIn: (scopes: string[]) => void }) {
  const [key, setKey] = useState("");
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const submit = async (e: Event) => {
    e.preventDefault();
    setBusy(true);
    setError(null);
    const r = await apiClient(key.trim()).GET("/v1/me");
    setBusy(false);
    if (!r.data) {
      const { code, message } = errorOf(r);
      setError(code ? `${code}: ${message}` : message);
      return;
    }
    storeKey(key.trim());
    props.onSignedIn(r.data.scopes);
  };
  return (
    <form class="sign-in card" onSubmit={submit}>
      <h1>Portfolio Manager</h1>
      <label>
        API key
        <input
          type="password"
          name="apiKey"
          autocomplete="off"
          value={key}
          onInput={(e) => setKey((e.target as HTMLInputElement).value)}
          required
        />
      </label>
      <p class="muted">Kept in this tab's session storage and sent only to this API.</p>
      <button type="submit" disabled={busy}>
        {busy ? "Signing in…" : "Sign in"}
      </button>
      {error ? (
        <p class="error" role="alert">
          {error}
        </p>
      ) : null}
    </form>
  );
}
