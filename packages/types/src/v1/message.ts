import { z } from "zod";
import { field, message, opaque, required, Struct } from "../proto.js";
import { Role } from "./enums.js";
import { Part } from "./part.js";

/** One turn of communication between a client (`ROLE_USER`) and an agent (`ROLE_AGENT`). */
export const Message = message("Message", {
  messageId: required(z.string().min(1, "must not be empty")),
  contextId: field(z.string()),
  taskId: field(z.string()),
  role: required(Role),
  parts: required(z.array(Part).min(1, "must contain at least one part")),
  metadata: opaque(field(Struct)),
  extensions: field(z.array(z.string())),
  referenceTaskIds: field(z.array(z.string())),
});
export type Message = z.output<typeof Message>;
