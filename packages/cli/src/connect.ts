import { A2AClient, type A2AClientOptions, agentCardUrl } from "@a2akit/client";
import type { ParsedArgs } from "./args.js";
import { UsageError } from "./exit.js";

/**
 * A client for the agent at `url`, with the command line's credentials and headers.
 * `--bearer` always travels as `Authorization: Bearer`; `--api-key` goes where the card's
 * API-key scheme says, or in `X-API-Key` when the card declares none.
 */
export async function connect(
  url: string,
  args: ParsedArgs,
  signal?: AbortSignal,
): Promise<A2AClient> {
  try {
    new URL(url);
  } catch {
    throw new UsageError(`"${url}" is not an absolute URL (e.g. http://localhost:4000)`);
  }
  const headers = new Headers();
  for (const h of args.header) {
    const at = h.indexOf(":");
    if (at <= 0) throw new UsageError(`--header needs "Name: value", got "${h}"`);
    try {
      headers.append(h.slice(0, at).trim(), h.slice(at + 1).trim());
    } catch {
      // Headers refuses names with spaces and values with line breaks (a TypeError).
      throw new UsageError(`--header ${JSON.stringify(h)} is not a valid header`);
    }
  }
  if (args.bearer) headers.set("Authorization", `Bearer ${args.bearer}`);
  const options: A2AClientOptions = {
    headers,
    ...(args.apiKey ? { auth: { apiKey: args.apiKey } } : {}),
    ...(args.timeout ? { timeout: args.timeout } : {}),
    ...(args.binding ? { bindings: [args.binding, "JSONRPC", "HTTP+JSON"] } : {}),
  };
  const client = await A2AClient.fromUrl(url, { ...options, ...(signal ? { signal } : {}) });
  const schemes = Object.values(client.card.securitySchemes ?? {});
  if (args.apiKey && !schemes.some((s) => s.apiKeySecurityScheme)) {
    headers.set("X-API-Key", args.apiKey);
    return new A2AClient(client.card, { ...options, headers, cardUrl: agentCardUrl(url) });
  }
  return client;
}

/** Per-call options from the command line: the tenant and the interrupt signal. */
export function callOptions(
  args: ParsedArgs,
  signal?: AbortSignal,
): { tenant?: string; signal?: AbortSignal } {
  return { ...(args.tenant ? { tenant: args.tenant } : {}), ...(signal ? { signal } : {}) };
}
