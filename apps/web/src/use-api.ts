import { useEffect, useState } from "preact/hooks";

/** What a page shows while it asks the API: loading, the error envelope's message, or the data. */
export type Loaded<T> =
  | { state: "loading" }
  | { state: "error"; message: string; code: string | null }
  | { state: "done"; data: T };

type Answer<T> = { data?: T; error?: unknown; response: Response };

/** The message of an error answer: the envelope's, or the status when there is none. */
export function errorOf(answer: { error?: unknown; response: Response }): {
  message: string;
  code: string | null;
} {
  const env = answer.error as { error?: { code?: string; message?: string } } | undefined;
  return {
    message: env?.error?.message ?? `the API answered ${answer.response.status}`,
    code: env?.error?.code ?? null,
  };
}

/** Asks the API with `ask` whenever `deps` change, and says how it went. */
export function useApi<T>(ask: () => Promise<Answer<T>>, deps: unknown[]): Loaded<T> {
  const [loaded, setLoaded] = useState<Loaded<T>>({ state: "loading" });
  useEffect(() => {
    let live = true;
    setLoaded({ state: "loading" });
    ask()
      .then((a) => {
        if (!live) return;
        if (a.data !== undefined && a.response.ok) setLoaded({ state: "done", data: a.data });
        else setLoaded({ state: "error", ...errorOf(a) });
      })
      .catch((e: unknown) => {
        if (live) setLoaded({ state: "error", message: String(e), code: null });
      });
    return () => {
      live = false;
    };
  }, deps);
  return loaded;
}
