import { z } from "zod";
import { Bytes } from "../proto.js";
import { inferredKind } from "./kind.js";

const Metadata = z.record(z.string(), z.unknown());

/** v0.3 `TextPart`: `{"kind": "text", "text": ...}`. */
export const V03TextPart = z.object({
  kind: z.literal("text"),
  text: z.string(),
  metadata: Metadata.optional(),
});
export type V03TextPart = z.output<typeof V03TextPart>;

/**
 * The `file` of a v0.3 `FilePart`: exactly one of `bytes` (base64) or `uri`, with an optional
 * `name` and `mimeType`.
 */
export const V03FileContent = z
  .object({
    bytes: Bytes.optional(),
    uri: z.string().optional(),
    name: z.string().optional(),
    mimeType: z.string().optional(),
  })
  .superRefine((file, ctx) => {
    const set = (file.bytes !== undefined ? 1 : 0) + (file.uri !== undefined ? 1 : 0);
    if (set !== 1) {
      ctx.addIssue({
        code: "custom",
        message: `exactly one of bytes, uri must be set${set > 1 ? " (got both)" : ""}`,
        path: [],
      });
    }
  });
export type V03FileContent = z.output<typeof V03FileContent>;

/** v0.3 `FilePart`: `{"kind": "file", "file": {bytes | uri, name?, mimeType?}}`. */
export const V03FilePart = z.object({
  kind: z.literal("file"),
  file: V03FileContent,
  metadata: Metadata.optional(),
});
export type V03FilePart = z.output<typeof V03FilePart>;

/** v0.3 `DataPart`: `{"kind": "data", "data": {...}}`; `data` is always a JSON object. */
export const V03DataPart = z.object({
  kind: z.literal("data"),
  data: z.record(z.string(), z.unknown()),
  metadata: Metadata.optional(),
});
export type V03DataPart = z.output<typeof V03DataPart>;

/** A v0.3 part, told apart by `kind` (inferred from `text`, `file` or `data` when missing). */
export const V03Part = inferredKind(
  [
    ["text", (v) => v.text !== undefined],
    ["file", (v) => v.file !== undefined],
    ["data", (v) => v.data !== undefined],
  ],
  z.discriminatedUnion("kind", [V03TextPart, V03FilePart, V03DataPart]),
);
export type V03Part = z.output<typeof V03Part>;

export { Metadata as V03Metadata };
