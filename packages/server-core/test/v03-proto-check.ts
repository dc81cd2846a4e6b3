import { readFileSync } from "node:fs";

/*
 * A strict ProtoJSON checker for the v0.3 `a2a.proto`: every key must be a field of the message
 * (by its JSON name or proto name), at most one member of each oneof may be set, enums must be
 * value names, and nested messages are checked all the way down. It reads the proto file
 * itself, so it knows nothing of the code under test.
 */

interface Field {
  readonly name: string;
  readonly jsonName: string;
  readonly type: string;
  readonly repeated: boolean;
  readonly mapValue?: string;
  readonly oneof?: string;
}

interface Schema {
  readonly messages: Map<string, Field[]>;
  readonly enums: Map<string, string[]>;
}

const camel = (s: string) => s.replace(/_([a-z0-9])/g, (_, c: string) => c.toUpperCase());

function parseFields(body: string, oneof: string | undefined, out: Field[]): void {
  const field =
    /(repeated\s+)?(map<\s*\w+\s*,\s*([\w.]+)\s*>|[\w.]+)\s+(\w+)\s*=\s*\d+\s*(\[[^\]]*\])?\s*;/g;
  for (const m of body.matchAll(field)) {
    const [, repeated, type, mapValue, name, options] = m;
    if (type === "option" || type === "reserved") continue;
    const json = options ? /json_name\s*=\s*"([^"]+)"/.exec(options)?.[1] : undefined;
    out.push({
      name: name as string,
      jsonName: json ?? camel(name as string),
      type: mapValue ? "map" : (type as string),
      repeated: !!repeated,
      ...(mapValue ? { mapValue } : {}),
      ...(oneof ? { oneof } : {}),
    });
  }
}

/** Reads the messages and enums of a proto3 file. */
export function loadProto(url: URL): Schema {
  const text = readFileSync(url, "utf8").replace(/\/\/.*$/gm, "");
  const messages = new Map<string, Field[]>();
  const enums = new Map<string, string[]>();
  for (const m of text.matchAll(/\benum\s+(\w+)\s*\{([^}]*)\}/g)) {
    enums.set(
      m[1] as string,
      [...(m[2] as string).matchAll(/(\w+)\s*=\s*\d+/g)].map((x) => x[1] as string),
    );
  }
  for (const m of text.matchAll(/\bmessage\s+(\w+)\s*\{/g)) {
    // The body runs to the matching brace; oneofs are the only nested blocks in this file.
    let depth = 1;
    let i = (m.index ?? 0) + m[0].length;
    const start = i;
    for (; depth > 0; i++) {
      if (text[i] === "{") depth++;
      else if (text[i] === "}") depth--;
    }
    let body = text.slice(start, i - 1);
    const fields: Field[] = [];
    for (const o of body.matchAll(/\boneof\s+(\w+)\s*\{([^}]*)\}/g)) {
      parseFields(o[2] as string, o[1], fields);
    }
    body = body.replace(/\boneof\s+\w+\s*\{[^}]*\}/g, "");
    parseFields(body, undefined, fields);
    messages.set(m[1] as string, fields);
  }
  return { messages, enums };
}

const isObject = (v: unknown): v is Record<string, unknown> =>
  typeof v === "object" && v !== null && !Array.isArray(v);

/** The problems of `value` as ProtoJSON of `type`, each with its path; empty when it fits. */
export function protoProblems(schema: Schema, type: string, value: unknown, path = "$"): string[] {
  const problems: string[] = [];
  const scalar = (t: string, v: unknown, p: string) => {
    switch (t) {
      case "string":
        if (typeof v !== "string") problems.push(`${p}: must be a string`);
        return;
      case "bool":
        if (typeof v !== "boolean") problems.push(`${p}: must be a boolean`);
        return;
      case "int32":
      case "int64":
        if (!Number.isInteger(v) && !(typeof v === "string" && /^-?\d+$/.test(v))) {
          problems.push(`${p}: must be an integer`);
        }
        return;
      case "bytes":
        if (typeof v !== "string" || !/^[A-Za-z0-9+/_-]*=*$/.test(v)) {
          problems.push(`${p}: must be base64`);
        }
        return;
      case "google.protobuf.Struct":
        if (!isObject(v)) problems.push(`${p}: must be an object (Struct)`);
        return;
      case "google.protobuf.Timestamp":
        if (typeof v !== "string" || Number.isNaN(Date.parse(v)) || !/Z$|[+-]\d\d:\d\d$/.test(v)) {
          problems.push(`${p}: must be an RFC 3339 timestamp`);
        }
        return;
      case "google.protobuf.Value":
        return;
      case "google.protobuf.Empty":
        if (!isObject(v) || Object.keys(v).length > 0) problems.push(`${p}: must be {}`);
        return;
    }
    const names = schema.enums.get(t);
    if (names) {
      if (!(typeof v === "string" && names.includes(v)) && !Number.isInteger(v)) {
        problems.push(`${p}: ${JSON.stringify(v)} is not a ${t} (${names.join(", ")})`);
      }
      return;
    }
    problems.push(...protoProblems(schema, t, v, p));
  };
  const fields = schema.messages.get(type);
  if (!fields) return [`${path}: unknown type ${type}`];
  if (!isObject(value)) return [`${path}: must be an object (${type})`];
  const oneofs = new Map<string, string>();
  for (const [key, v] of Object.entries(value)) {
    const f = fields.find((x) => x.jsonName === key || x.name === key);
    const p = `${path}.${key}`;
    if (!f) {
      problems.push(`${p}: ${type} has no such field`);
      continue;
    }
    if (v === null) continue;
    if (f.oneof) {
      const other = oneofs.get(f.oneof);
      if (other) problems.push(`${p}: oneof ${f.oneof} already set by ${other}`);
      oneofs.set(f.oneof, key);
    }
    if (f.repeated) {
      if (!Array.isArray(v)) problems.push(`${p}: must be an array`);
      else {
        for (const [i, x] of v.entries()) scalar(f.type, x, `${p}[${i}]`);
      }
    } else if (f.mapValue) {
      if (!isObject(v)) problems.push(`${p}: must be an object (map)`);
      else for (const [k, x] of Object.entries(v)) scalar(f.mapValue, x, `${p}.${k}`);
    } else scalar(f.type, v, p);
  }
  return problems;
}
