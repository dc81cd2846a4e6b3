import type { CallContext } from "../handler/types.js";
import { ANONYMOUS } from "../handler/types.js";
import { type Admission, type BindingEnv, callContext } from "../http/binding.js";
import { webCall } from "../http/call.js";
import { activateExtensions, extensionsValue, parseExtensionsHeader } from "../http/extensions.js";
import { V03_VERSION } from "./options.js";

/** The header v0.3 used for extensions; v1.0 renamed it `A2A-Extensions`. */
export const V03_EXTENSIONS_HEADER = "X-A2A-Extensions";

/**
 * Authenticates the caller, then negotiates extensions from `X-A2A-Extensions` (v0.3) together
 * with `A2A-Extensions`, which some v0.3 clients already send.
 */
export async function admitV03(env: BindingEnv, request: Request): Promise<Admission> {
  const user = env.authenticate ? await env.authenticate(request) : ANONYMOUS;
  const requested = [
    ...new Set([
      ...parseExtensionsHeader(request.headers.get(V03_EXTENSIONS_HEADER)),
      ...parseExtensionsHeader(request.headers.get("a2a-extensions")),
    ]),
  ];
  return {
    user,
    requestedExtensions: requested,
    activatedExtensions: activateExtensions(env.handler.getAgentCard(), requested),
  };
}

/** The CallContext of a v0.3 call: as for v1.0, with `protocolVersion: "0.3"`. */
export function v03CallContext(
  env: BindingEnv,
  request: Request,
  admission: Admission,
): CallContext {
  return callContext(env, webCall(request), admission, "", V03_VERSION);
}

/** Sets `X-A2A-Extensions` on a v0.3 response from what ended up activated. */
export function echoV03Extensions(headers: Headers, activated: ReadonlySet<string>): void {
  if (activated.size > 0) headers.set(V03_EXTENSIONS_HEADER, extensionsValue(activated));
}
