import { A2AError } from "@a2akit/types";

/**
 * The identity provider (JWKS, discovery or introspection endpoint) could not answer: not the
 * caller's fault, so 503 and not 401. The detail goes to the logger, not to the client.
 */
export function providerUnavailable(): A2AError {
  return new A2AError(
    "INTERNAL",
    "The identity provider could not be reached to check the credentials; retry later",
    { httpStatus: 503, grpcStatus: "UNAVAILABLE" },
  );
}
