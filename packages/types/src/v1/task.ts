import { z } from "zod";
import { field, message, opaque, required, Struct, Timestamp } from "../proto.js";
import { TaskState } from "./enums.js";
import { Message } from "./message.js";
import { Part } from "./part.js";

/** The current state of a task, with an optional agent message and the time it was set. */
export const TaskStatus = message("TaskStatus", {
  state: required(TaskState),
  message: field(Message),
  timestamp: field(Timestamp),
});
export type TaskStatus = z.output<typeof TaskStatus>;

/** An output of a task: one or more parts under an id unique within the task. */
export const Artifact = message("Artifact", {
  artifactId: required(z.string().min(1, "must not be empty")),
  name: field(z.string()),
  description: field(z.string()),
  parts: required(z.array(Part).min(1, "must contain at least one part")),
  metadata: opaque(field(Struct)),
  extensions: field(z.array(z.string())),
});
export type Artifact = z.output<typeof Artifact>;

/** The unit of work: its status, the artifacts it produced and the messages exchanged. */
export const Task = message("Task", {
  id: required(z.string().min(1, "must not be empty")),
  contextId: field(z.string()),
  status: required(TaskStatus),
  artifacts: field(z.array(Artifact)),
  history: field(z.array(Message)),
  metadata: opaque(field(Struct)),
});
export type Task = z.output<typeof Task>;
