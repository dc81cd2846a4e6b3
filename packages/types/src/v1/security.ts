import { z } from "zod";
import { field, message, messageMap, oneofMember, opaque, required } from "../proto.js";

const Scopes = z.record(z.string(), z.string());

/** An API key sent in a header, query parameter or cookie. */
export const APIKeySecurityScheme = message("APIKeySecurityScheme", {
  description: field(z.string()),
  location: required(z.string()),
  name: required(z.string()),
});
/** HTTP authentication (RFC 7235), e.g. `Bearer` or `Basic`. */
export const HTTPAuthSecurityScheme = message("HTTPAuthSecurityScheme", {
  description: field(z.string()),
  scheme: required(z.string()),
  bearerFormat: field(z.string()),
});

export const AuthorizationCodeOAuthFlow = message("AuthorizationCodeOAuthFlow", {
  authorizationUrl: required(z.string()),
  tokenUrl: required(z.string()),
  refreshUrl: field(z.string()),
  scopes: opaque(required(Scopes)),
  pkceRequired: field(z.boolean()),
});
export const ClientCredentialsOAuthFlow = message("ClientCredentialsOAuthFlow", {
  tokenUrl: required(z.string()),
  refreshUrl: field(z.string()),
  scopes: opaque(required(Scopes)),
});
/** Deprecated in v1.0: parsed, never emitted by a2akit. */
export const ImplicitOAuthFlow = message("ImplicitOAuthFlow", {
  authorizationUrl: field(z.string()),
  refreshUrl: field(z.string()),
  scopes: opaque(field(Scopes)),
});
/** Deprecated in v1.0: parsed, never emitted by a2akit. */
export const PasswordOAuthFlow = message("PasswordOAuthFlow", {
  tokenUrl: field(z.string()),
  refreshUrl: field(z.string()),
  scopes: opaque(field(Scopes)),
});
export const DeviceCodeOAuthFlow = message("DeviceCodeOAuthFlow", {
  deviceAuthorizationUrl: required(z.string()),
  tokenUrl: required(z.string()),
  refreshUrl: field(z.string()),
  scopes: opaque(required(Scopes)),
});

/** The OAuth 2.0 flow an agent supports: exactly one member is set. */
export const OAuthFlows = message(
  "OAuthFlows",
  {
    authorizationCode: oneofMember(AuthorizationCodeOAuthFlow),
    clientCredentials: oneofMember(ClientCredentialsOAuthFlow),
    implicit: oneofMember(ImplicitOAuthFlow),
    password: oneofMember(PasswordOAuthFlow),
    deviceCode: oneofMember(DeviceCodeOAuthFlow),
  },
  {
    oneofs: [
      {
        name: "flow",
        members: ["authorizationCode", "clientCredentials", "implicit", "password", "deviceCode"],
        required: true,
      },
    ],
  },
);
export type OAuthFlows = z.output<typeof OAuthFlows>;

export const OAuth2SecurityScheme = message("OAuth2SecurityScheme", {
  description: field(z.string()),
  flows: required(OAuthFlows),
  oauth2MetadataUrl: field(z.string()),
});
export const OpenIdConnectSecurityScheme = message("OpenIdConnectSecurityScheme", {
  description: field(z.string()),
  openIdConnectUrl: required(z.string()),
});
export const MutualTlsSecurityScheme = message("MutualTlsSecurityScheme", {
  description: field(z.string()),
});

/** One way to authenticate, in the v1.0 wrapper form (`{"httpAuthSecurityScheme": {...}}`). */
export const SecurityScheme = message(
  "SecurityScheme",
  {
    apiKeySecurityScheme: oneofMember(APIKeySecurityScheme),
    httpAuthSecurityScheme: oneofMember(HTTPAuthSecurityScheme),
    oauth2SecurityScheme: oneofMember(OAuth2SecurityScheme),
    openIdConnectSecurityScheme: oneofMember(OpenIdConnectSecurityScheme),
    mtlsSecurityScheme: oneofMember(MutualTlsSecurityScheme),
  },
  {
    oneofs: [
      {
        name: "scheme",
        members: [
          "apiKeySecurityScheme",
          "httpAuthSecurityScheme",
          "oauth2SecurityScheme",
          "openIdConnectSecurityScheme",
          "mtlsSecurityScheme",
        ],
        required: true,
      },
    ],
  },
);
export type SecurityScheme = z.output<typeof SecurityScheme>;

export const StringList = message("StringList", { list: field(z.array(z.string())) });

/** Schemes that must all be satisfied (AND), each with its scopes. Entries in a list are OR. */
export const SecurityRequirement = message("SecurityRequirement", {
  schemes: messageMap(field(z.record(z.string(), StringList))),
});
export type SecurityRequirement = z.output<typeof SecurityRequirement>;
