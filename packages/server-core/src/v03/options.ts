/** Options of the v0.3 compatibility layer: the `v03` option of `createA2AFetchHandler`. */
export interface V03Options {
  /**
   * Also serve the card at this pre-0.3 discovery path, negotiated like the main card path;
   * default `/.well-known/agent.json`; `false` to not.
   */
  readonly legacyCardPath?: string | false;
}

/** The v0.3 options with defaults applied. */
export interface ResolvedV03Options {
  readonly legacyCardPath: string | undefined;
}

/** The A2A-Version a v0.3 client sends, or implies by sending none. */
export const V03_VERSION = "0.3";

/** Applies the defaults; `false` turns v0.3 off (`undefined` back). */
export function resolveV03Options(
  option: boolean | V03Options | undefined,
): ResolvedV03Options | undefined {
  if (option === false) return undefined;
  const o = option === true || option === undefined ? {} : option;
  return {
    legacyCardPath:
      o.legacyCardPath === false ? undefined : (o.legacyCardPath ?? "/.well-known/agent.json"),
  };
}
