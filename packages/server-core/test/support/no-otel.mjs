// Loaded with `node --import`: makes every @opentelemetry/* package unresolvable, as on a server
// that never installed the optional peer dependency.
import { register } from "node:module";

register(
  `data:text/javascript,${encodeURIComponent(`
export async function resolve(specifier, context, next) {
  if (specifier.startsWith("@opentelemetry/")) {
    const error = new Error("Cannot find package '" + specifier + "' (hidden for this test)");
    error.code = "ERR_MODULE_NOT_FOUND";
    throw error;
  }
  return next(specifier, context);
}`)}`,
);
