import type { LookupAddress } from "node:dns";
import { Agent as HttpAgent, request as httpRequest, type IncomingMessage } from "node:http";
import { Agent as HttpsAgent, request as httpsRequest } from "node:https";
import type { LookupFunction } from "node:net";
import { Readable } from "node:stream";
import {
  checkPushUrl,
  checkResolvedAddresses,
  type PushUrlPolicy,
  type ResolveHost,
  skipsAddressChecks,
} from "@a2akit/server-core";
import { nodeResolveHost } from "./resolve-host.js";

/** What {@link nodePushOptions} returns: spread it into `createPushDeliveries`. */
export interface NodePushOptions {
  /** The policy, with the Node resolver unless another was given. */
  readonly urlPolicy: PushUrlPolicy;
  /** A fetch that connects only to addresses it has checked against the policy. */
  readonly fetch: typeof fetch;
}

/**
 * The push SSRF guard for Node, closed against DNS rebinding: host names are resolved with the
 * operating system's resolver, and the POST connects to exactly the addresses that were checked
 * (the check runs inside the socket's own DNS lookup), so a name that answers with a public
 * address for the check and a private one for the connection gets nowhere.
 *
 * `createPushDeliveries({ ...nodePushOptions({ allowHosts: ["localhost:9000"] }), signer })`
 */
export function nodePushOptions(policy: PushUrlPolicy = {}): NodePushOptions {
  const urlPolicy: PushUrlPolicy = {
    ...policy,
    resolveHost: policy.resolveHost ?? nodeResolveHost,
  };
  return { urlPolicy, fetch: createNodePushFetch(urlPolicy) };
}

/**
 * A `fetch` for push POSTs over `node:http(s)` whose connections go only where `policy` allows.
 * IP literals and names such as `localhost` are checked before connecting; resolved addresses
 * are checked in the connection's lookup. A refusal rejects like a network error, with the
 * `PushUrlRefusedError` as its `cause`. Redirects are never followed.
 */
export function createNodePushFetch(policy: PushUrlPolicy = {}): typeof fetch {
  const resolve: ResolveHost = policy.resolveHost ?? nodeResolveHost;
  // Private agents: their pooled sockets were all connected through the guarded lookup.
  const agents = {
    "http:": new HttpAgent({ keepAlive: true }),
    "https:": new HttpsAgent({ keepAlive: true }),
  };

  return async (input, init) => {
    const request = new Request(input, init);
    // Scheme, allowlist, loopback names and IP literals; names are resolved while connecting.
    const url = await checkPushUrl(
      request.url,
      { ...policy, resolveHost: undefined },
      { unresolvedNames: "accept" },
    ).catch((cause: unknown) => {
      throw new TypeError("fetch failed", { cause });
    });
    const guarded = !skipsAddressChecks(url, policy);
    const lookup: LookupFunction = (hostname, options, callback) => {
      resolve(hostname).then(
        (found) => {
          let addresses = found;
          try {
            if (guarded) checkResolvedAddresses(request.url, hostname, addresses);
            if (options.family === 4 || options.family === 6) {
              const family = options.family;
              addresses = addresses.filter((a) => familyOf(a) === family);
            }
          } catch (error) {
            callback(error as NodeJS.ErrnoException, "", 0);
            return;
          }
          if (addresses.length === 0) {
            const error: NodeJS.ErrnoException = new Error(`no address for ${hostname}`);
            error.code = "ENOTFOUND";
            callback(error, "", 0);
            return;
          }
          if (options.all) {
            const all: LookupAddress[] = addresses.map((a) => ({
              address: a,
              family: familyOf(a),
            }));
            (callback as unknown as (e: null, a: LookupAddress[]) => void)(null, all);
          } else {
            const first = addresses[0] as string;
            callback(null, first, familyOf(first));
          }
        },
        (error: unknown) => callback(error as NodeJS.ErrnoException, "", 0),
      );
    };
    const body = request.body === null ? undefined : new Uint8Array(await request.arrayBuffer());
    return send(url, request, body, lookup, agents[url.protocol as "http:" | "https:"]);
  };
}

function send(
  url: URL,
  request: Request,
  body: Uint8Array | undefined,
  lookup: LookupFunction,
  agent: HttpAgent,
): Promise<Response> {
  const signal = request.signal;
  return new Promise<Response>((resolvePromise, reject) => {
    if (signal.aborted) {
      reject(signal.reason);
      return;
    }
    const headers: Record<string, string> = {};
    request.headers.forEach((value, name) => {
      headers[name] = value;
    });
    if (body) headers["content-length"] = String(body.byteLength);
    const make = url.protocol === "https:" ? httpsRequest : httpRequest;
    const req = make(url, { method: request.method, headers, agent, lookup });
    const onAbort = () => req.destroy(signal.reason);
    signal.addEventListener("abort", onAbort, { once: true });
    req.on("error", (error) => {
      signal.removeEventListener("abort", onAbort);
      reject(signal.aborted ? signal.reason : new TypeError("fetch failed", { cause: error }));
    });
    req.on("response", (res: IncomingMessage) => {
      const status = res.statusCode ?? 0;
      if (status < 200 || status > 599) {
        res.destroy();
        reject(new TypeError(`fetch failed: the server answered status ${status}`));
        return;
      }
      const responseHeaders = new Headers();
      for (let i = 0; i + 1 < res.rawHeaders.length; i += 2) {
        responseHeaders.append(res.rawHeaders[i] as string, res.rawHeaders[i + 1] as string);
      }
      const empty = request.method === "HEAD" || status === 204 || status === 304;
      res.once("close", () => signal.removeEventListener("abort", onAbort));
      if (empty) res.resume();
      resolvePromise(
        new Response(empty ? null : (Readable.toWeb(res) as ReadableStream<Uint8Array>), {
          status,
          statusText: res.statusMessage ?? "",
          headers: responseHeaders,
        }),
      );
    });
    req.end(body);
  });
}

function familyOf(address: string): 4 | 6 {
  return address.includes(":") ? 6 : 4;
}
