import type { ComponentChildren } from "preact";
import type { Loaded } from "../use-api.js";

/** A page's data, or its loading and error states (the API's own error message). */
export function Show<T>(props: { loaded: Loaded<T>; children: (data: T) => ComponentChildren }) {
  const l = props.loaded;
  if (l.state === "loading")
    return (
      <p class="muted" role="status">
        Loading…
      </p>
    );
  if (l.state === "error")
    return (
      <p class="error" role="alert">
        {l.code ? <strong>{l.code}: </strong> : null}
        {l.message}
      </p>
    );
  return <>{props.children(l.data)}</>;
}

export function Empty(props: { children: ComponentChildren }) {
  return <p class="muted empty">{props.children}</p>;
}
