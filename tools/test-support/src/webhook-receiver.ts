import { createServer, type IncomingMessage, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import type { ReceivedRequest, ReceiverAnswer } from "./webhook-receiver-client.ts";

export type { ReceivedRequest, ReceiverAnswer };

export interface WebhookReceiver {
  url: string;
  close(): Promise<void>;
}

const ADMIN = "/__admin/";
const OK: ReceiverAnswer = { status: 200 };

/**
 * A local webhook target for tests: every request outside `/__admin/` is recorded (headers and
 * raw body) per path and answered 200, or with the next answer queued for that path. Each test
 * uses paths of its own, so tests running at once do not see each other's deliveries.
 *
 * - `POST /__admin/answers` `{"path":"/hooks/x","answers":[{"status":500},{"status":410},
 *   {"status":200,"delayMs":15000}]}`: how the next requests to that path are answered
 * - `GET /__admin/requests?path=/hooks/x`: what that path received, oldest first
 */
export async function startWebhookReceiver(
  opts: { port?: number; unref?: boolean } = {},
): Promise<WebhookReceiver> {
  const received = new Map<string, ReceivedRequest[]>();
  const queued = new Map<string, ReceiverAnswer[]>();
  const timers = new Set<NodeJS.Timeout>();

  const json = (res: ServerResponse, status: number, value: unknown) => {
    res.writeHead(status, { "content-type": "application/json" });
    res.end(JSON.stringify(value));
  };

  function admin(req: IncomingMessage, res: ServerResponse, url: URL, body: string): void {
    if (req.method === "POST" && url.pathname === `${ADMIN}answers`) {
      const input = JSON.parse(body || "{}") as { path?: string; answers?: ReceiverAnswer[] };
      if (!input.path?.startsWith("/") || !Array.isArray(input.answers)) {
        json(res, 400, { error: "expected {path, answers: [{status, delayMs?}]}" });
        return;
      }
      queued.set(input.path, [...(queued.get(input.path) ?? []), ...input.answers]);
      json(res, 200, { queued: queued.get(input.path)?.length ?? 0 });
      return;
    }
    if (req.method === "GET" && url.pathname === `${ADMIN}requests`) {
      const path = url.searchParams.get("path") ?? "";
      json(res, 200, { requests: received.get(path) ?? [] });
      return;
    }
    json(res, 404, { error: "no such admin route" });
  }

  function target(req: IncomingMessage, res: ServerResponse, url: URL, body: string): void {
    const answer = queued.get(url.pathname)?.shift() ?? OK;
    const headers: Record<string, string> = {};
    for (const [name, value] of Object.entries(req.headers))
      if (value !== undefined) headers[name] = Array.isArray(value) ? value.join(", ") : value;
    const list = received.get(url.pathname) ?? [];
    list.push({
      method: req.method ?? "",
      path: url.pathname,
      headers,
      body,
      answer,
      receivedAt: Date.now(),
    });
    received.set(url.pathname, list);
    const send = () => {
      if (res.destroyed) return;
      res.writeHead(answer.status, { "content-type": "application/json", ...answer.headers });
      res.end(JSON.stringify({ received: true }));
    };
    if (!answer.delayMs) {
      send();
      return;
    }
    const timer = setTimeout(() => {
      timers.delete(timer);
      send();
    }, answer.delayMs);
    timer.unref();
    timers.add(timer);
  }

  const server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on("data", (c: Buffer) => chunks.push(c));
    req.on("end", () => {
      const body = Buffer.concat(chunks).toString("utf8");
      const url = new URL(req.url ?? "/", "http://receiver.local");
      try {
        if (url.pathname.startsWith(ADMIN)) admin(req, res, url, body);
        else target(req, res, url, body);
      } catch (err) {
        json(res, 500, { error: String(err) });
      }
    });
  });
  await new Promise<void>((resolve) => server.listen(opts.port ?? 0, "127.0.0.1", resolve));
  if (opts.unref) server.unref();
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    close: () =>
      new Promise<void>((resolve, reject) => {
        for (const t of timers) clearTimeout(t);
        server.closeAllConnections();
        server.close((err) => (err ? reject(err) : resolve()));
      }),
  };
}
