import type { User } from "@a2akit/server-core";
import { withV03Interfaces } from "@a2akit/server-core";
import type { AgentCard, AgentSkill } from "@a2akit/types";
import type { AuthSchemes } from "./auth.js";

const SKILLS: AgentSkill[] = [
  {
    id: "chat",
    name: "Chat",
    description:
      "Answers text, streaming the reply in chunks. Uses an OpenAI-compatible model when the " +
      "agent is configured with one, else a fixed reply. The default for plain text.",
    tags: ["chat", "streaming"],
    examples: ["hello", "/chat what can you do?"],
    inputModes: ["text/plain"],
    outputModes: ["text/plain"],
  },
  {
    id: "convert",
    name: "Convert units",
    description:
      "Converts km/mi/m/ft, kg/lb/g/oz, °C/°F/K and three fictional currencies at fixed rates " +
      "(CRD, ZMK, DBL), from text (`10 km to mi`) or a data part {value, from, to}. Asks for " +
      "whatever is missing (INPUT_REQUIRED); answers with a data part.",
    tags: ["units", "multi-turn"],
    // Examples are sent as typed (the web console puts them in its message box), so each one
    // carries the /skill word; data parts need metadata.skill or the word in a text part.
    examples: [
      "/convert 10 km to mi",
      "/convert 100 F to C",
      "/convert 5 kg",
      "/convert 20 DBL to CRD",
    ],
    inputModes: ["text/plain", "application/json"],
    outputModes: ["application/json", "text/plain"],
  },
  {
    id: "report",
    name: "Report",
    description:
      "A long-running job: progress as status updates, then report.csv and report.md. Takes " +
      "`5s` / `4 steps` (or a data part {seconds, steps}; at most 120 s and 50 steps). Cancel " +
      "stops it at once. A good target for push notifications.",
    tags: ["long-running", "files", "push"],
    examples: ["/report 5s", "/report 10s 4 steps"],
    inputModes: ["text/plain", "application/json"],
    outputModes: ["text/csv", "text/markdown"],
  },
  {
    id: "inspect",
    name: "Inspect files",
    description:
      "Size, media type, SHA-256 and line/word counts of each attached file (inline bytes, or a " +
      "URL on the agent's allowlist). The default for messages carrying files.",
    tags: ["files"],
    examples: ["/inspect (with a file attached)"],
    inputModes: ["*/*"],
    outputModes: ["application/json", "text/plain"],
  },
  {
    id: "secure",
    name: "Secure (demo)",
    description:
      "Shows AUTH_REQUIRED: the task waits for a follow-up message with the data part " +
      '{"token": "demo-token"}. A demo only: real credentials travel out of band.',
    tags: ["auth", "multi-turn"],
    examples: ["/secure"],
    inputModes: ["text/plain", "application/json"],
    outputModes: ["text/plain"],
  },
];

/** Options of {@link agentCard}. */
export interface CardOptions {
  /**
   * The credentials calls need, declared as security schemes (either one will do); an
   * extended card is offered to callers who have them. `undefined`: open to anyone.
   */
  auth: AuthSchemes | undefined;
  /** Also list v0.3 interfaces (served on the same URLs). */
  v03: boolean;
}

/** The public card; both v1.0 bindings live at `{baseUrl}/a2a`. */
export function agentCard(baseUrl: string, options: CardOptions): AgentCard {
  const url = `${baseUrl}/a2a`;
  const card: AgentCard = {
    name: "a2akit reference agent",
    description:
      "Deterministic demo skills (chat, convert, report, inspect, secure) showing every part of " +
      "A2A: streaming, multi-turn, long-running tasks, files, cancel and push notifications.",
    version: "1.0.0",
    provider: { organization: "a2akit", url: "https://github.com/a2akit/a2akit" },
    documentationUrl: "https://github.com/a2akit/a2akit/tree/main/apps/reference-agent",
    supportedInterfaces: [
      { url, protocolBinding: "JSONRPC", protocolVersion: "1.0" },
      { url, protocolBinding: "HTTP+JSON", protocolVersion: "1.0" },
    ],
    capabilities: {
      streaming: true,
      pushNotifications: true,
      ...(options.auth ? { extendedAgentCard: true } : {}),
    },
    defaultInputModes: ["text/plain", "application/json"],
    defaultOutputModes: ["text/plain", "application/json"],
    skills: SKILLS,
  };
  if (options.auth) {
    // The server's authenticator is built from these (see auth.ts): what the card says is
    // exactly what is enforced.
    card.securitySchemes = {};
    if (options.auth.apiKey) {
      card.securitySchemes.apiKey = {
        apiKeySecurityScheme: {
          location: "header",
          name: "X-API-Key",
          description: "One of the agent's API_KEYS",
        },
      };
    }
    if (options.auth.jwt) {
      card.securitySchemes.bearer = {
        httpAuthSecurityScheme: {
          scheme: "Bearer",
          bearerFormat: "JWT",
          description: "A JWT from the agent's issuer (JWT_ISSUER) for its audience (JWT_AUDIENCE)",
        },
      };
    }
    // Entries of the list are alternatives: any one scheme will do.
    card.securityRequirements = Object.keys(card.securitySchemes).map((name) => ({
      schemes: { [name]: { list: [] } },
    }));
  }
  return options.v03 ? withV03Interfaces(card) : card;
}

/** The card authenticated callers get: the public one, plus who they are to this agent. */
export function extendedCard(card: AgentCard, user: User): AgentCard {
  return {
    ...card,
    description: `${card.description} You are signed in as ${user.id}; your tasks are visible to you only.`,
  };
}
