import { lookup } from "node:dns/promises";

/**
 * Resolves a host name with the operating system's resolver (every A and AAAA answer), for the
 * push URL guard's `resolveHost`: `urlPolicy: { resolveHost: nodeResolveHost }`.
 */
export async function nodeResolveHost(hostname: string): Promise<string[]> {
  const answers = await lookup(hostname, { all: true, verbatim: true });
  return answers.map((a) => a.address);
}
