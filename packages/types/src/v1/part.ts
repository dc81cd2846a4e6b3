import { z } from "zod";
import { Bytes, field, message, oneofMember, opaque, Struct, Value } from "../proto.js";

/**
 * A piece of content. Exactly one of `text`, `raw` (base64 bytes), `url` or `data` (any JSON
 * value) is set; `filename`, `mediaType` and `metadata` may accompany any of them.
 */
export const Part = message(
  "Part",
  {
    text: oneofMember(z.string()),
    raw: oneofMember(Bytes),
    url: oneofMember(z.string()),
    data: opaque(oneofMember(Value)),
    metadata: opaque(field(Struct)),
    filename: field(z.string()),
    mediaType: field(z.string()),
  },
  { oneofs: [{ name: "content", members: ["text", "raw", "url", "data"], required: true }] },
);
export type Part = z.output<typeof Part>;
