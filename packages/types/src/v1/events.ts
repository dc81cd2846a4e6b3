import { z } from "zod";
import { field, message, oneofMember, opaque, required, Struct } from "../proto.js";
import { Message } from "./message.js";
import { Artifact, Task, TaskStatus } from "./task.js";

/** A change of a task's status. (v1.0 has no `final` flag: the end of the stream says it.) */
export const TaskStatusUpdateEvent = message("TaskStatusUpdateEvent", {
  taskId: required(z.string()),
  contextId: required(z.string()),
  status: required(TaskStatus),
  metadata: opaque(field(Struct)),
});
export type TaskStatusUpdateEvent = z.output<typeof TaskStatusUpdateEvent>;

/**
 * A new or updated artifact. `append` adds the parts to the artifact already sent with the same
 * id; `lastChunk` marks its final piece.
 */
export const TaskArtifactUpdateEvent = message("TaskArtifactUpdateEvent", {
  taskId: required(z.string()),
  contextId: required(z.string()),
  artifact: required(Artifact),
  append: field(z.boolean()),
  lastChunk: field(z.boolean()),
  metadata: opaque(field(Struct)),
});
export type TaskArtifactUpdateEvent = z.output<typeof TaskArtifactUpdateEvent>;

/** One item of a stream (and the body of a push notification): exactly one member is set. */
export const StreamResponse = message(
  "StreamResponse",
  {
    task: oneofMember(Task),
    message: oneofMember(Message),
    statusUpdate: oneofMember(TaskStatusUpdateEvent),
    artifactUpdate: oneofMember(TaskArtifactUpdateEvent),
  },
  {
    oneofs: [
      {
        name: "payload",
        members: ["task", "message", "statusUpdate", "artifactUpdate"],
        required: true,
      },
    ],
  },
);
export type StreamResponse = z.output<typeof StreamResponse>;

/** The answer to SendMessage: a task, or a direct message reply. */
export const SendMessageResponse = message(
  "SendMessageResponse",
  { task: oneofMember(Task), message: oneofMember(Message) },
  { oneofs: [{ name: "payload", members: ["task", "message"], required: true }] },
);
export type SendMessageResponse = z.output<typeof SendMessageResponse>;
