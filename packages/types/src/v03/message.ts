import { z } from "zod";
import { impliedKind } from "./kind.js";
import { V03Metadata, V03Part } from "./part.js";

/** v0.3 roles: lowercase. */
export const V03_ROLES = ["user", "agent"] as const;
export const V03Role = z.enum(V03_ROLES);
export type V03Role = z.output<typeof V03Role>;

/** v0.3 `Message`, marked `"kind": "message"` (strict: for `kind`-discriminated unions). */
export const V03MessageObject = z.object({
  kind: z.literal("message"),
  messageId: z.string(),
  role: V03Role,
  parts: z.array(V03Part),
  contextId: z.string().optional(),
  taskId: z.string().optional(),
  metadata: V03Metadata.optional(),
  extensions: z.array(z.string()).optional(),
  referenceTaskIds: z.array(z.string()).optional(),
});
/** v0.3 `Message`; a missing `kind` is accepted on input. */
export const V03Message = impliedKind("message", V03MessageObject);
export type V03Message = z.output<typeof V03MessageObject>;
