import type { ParsedArgs } from "../args.js";
import { callOptions, connect } from "../connect.js";
import { EXIT, UsageError } from "../exit.js";
import type { CliIo } from "../io.js";
import { jsonLine } from "../render.js";

/** `a2a card URL [--extended]`: the agent's card, or with `--extended` its authenticated one. */
export async function cardCommand(args: ParsedArgs, io: CliIo): Promise<number> {
  const [url] = args.positionals;
  const client = await connect(url as string, args, io.signal);
  let card = client.card;
  if (args.extended) {
    if (card.capabilities.extendedAgentCard !== true) {
      throw new UsageError(`${card.name} offers no extended card (capabilities.extendedAgentCard)`);
    }
    card = await client.getExtendedAgentCard(callOptions(args, io.signal));
  }
  if (args.json) {
    io.out(jsonLine(card));
    return EXIT.OK;
  }
  const lines = [`${card.name} ${card.version}`, card.description, "", "Interfaces:"];
  for (const i of card.supportedInterfaces) {
    lines.push(
      `  ${i.protocolBinding} ${i.protocolVersion} ${i.url}${i.tenant ? ` (tenant ${i.tenant})` : ""}`,
    );
  }
  lines.push(`  (using ${client.agentInterface.protocolBinding} ${client.protocolVersion})`);
  const caps = Object.entries(card.capabilities)
    .filter(([, v]) => v === true)
    .map(([k]) => k);
  lines.push("", `Capabilities: ${caps.length ? caps.join(", ") : "none"}`);
  const extensions = card.capabilities.extensions ?? [];
  if (extensions.length > 0) {
    lines.push("Extensions:");
    for (const e of extensions) lines.push(`  ${e.uri}${e.required ? " (required)" : ""}`);
  }
  const schemes = Object.entries(card.securitySchemes ?? {});
  if (schemes.length > 0) {
    lines.push("Security:");
    for (const [name, s] of schemes) {
      const how = s.apiKeySecurityScheme
        ? `API key in ${s.apiKeySecurityScheme.location} "${s.apiKeySecurityScheme.name}" (--api-key)`
        : s.httpAuthSecurityScheme
          ? `HTTP ${s.httpAuthSecurityScheme.scheme} (--bearer)`
          : Object.keys(s)[0];
      lines.push(`  ${name}: ${how}`);
    }
  }
  lines.push("", "Skills:");
  for (const skill of card.skills) {
    lines.push(`  ${skill.id}: ${skill.name}`, `    ${skill.description}`);
    for (const ex of skill.examples ?? []) lines.push(`    e.g. ${ex}`);
  }
  io.out(`${lines.join("\n")}\n`);
  return EXIT.OK;
}
