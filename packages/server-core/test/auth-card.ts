import type { AgentCard, SecurityRequirement, SecurityScheme } from "@a2akit/types";

/** A card with the given schemes and requirements, both bindings under `base`. */
export function securedCard(
  schemes: Record<string, SecurityScheme>,
  requirements: SecurityRequirement[] | undefined,
  base = "http://agent.test",
  extra: Partial<AgentCard> = {},
): AgentCard {
  return {
    name: "Secured",
    description: "An agent behind the card's own security",
    version: "1.0.0",
    supportedInterfaces: [
      { url: `${base}/rpc`, protocolBinding: "JSONRPC", protocolVersion: "1.0" },
      { url: `${base}/rest`, protocolBinding: "HTTP+JSON", protocolVersion: "1.0" },
    ],
    capabilities: { streaming: true, pushNotifications: true, extendedAgentCard: true },
    defaultInputModes: ["text/plain"],
    defaultOutputModes: ["text/plain"],
    skills: [],
    securitySchemes: schemes,
    ...(requirements ? { securityRequirements: requirements } : {}),
    ...extra,
  };
}

/** `{"schemes": {name: {"list": scopes}}}` for each `[name, scopes]`. */
export function requirement(...schemes: [string, string[]?][]): SecurityRequirement {
  return { schemes: Object.fromEntries(schemes.map(([n, s]) => [n, { list: s ?? [] }])) };
}

export const SCHEMES = {
  apiKey: { apiKeySecurityScheme: { location: "header", name: "X-API-Key" } },
  queryKey: { apiKeySecurityScheme: { location: "query", name: "api_key" } },
  cookieKey: { apiKeySecurityScheme: { location: "cookie", name: "session_key" } },
  bearer: { httpAuthSecurityScheme: { scheme: "Bearer", bearerFormat: "JWT" } },
  basic: { httpAuthSecurityScheme: { scheme: "Basic" } },
  mtls: { mtlsSecurityScheme: {} },
} satisfies Record<string, SecurityScheme>;

/** A request to the JSON-RPC path with the given headers. */
export function req(headers: Record<string, string> = {}, url = "http://agent.test/rpc"): Request {
  return new Request(url, { method: "POST", headers });
}
