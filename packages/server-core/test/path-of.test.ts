import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { pathOf } from "../src/http/fetch-handler.js";

const samples = [
  "http://127.0.0.1:8080/a2a",
  "http://h/",
  "http://h",
  "http://h?x=/a2a",
  "http://h#/a2a",
  "http://h/a2a?A2A-Version=1.0",
  "http://h/a2a#frag/x",
  "http://h/rest/tasks/abc:cancel",
  "http://h/x/../a2a",
  "http://h/x/%2e%2e/a2a",
  "http://h/./a2a",
  "http://h/a%20b",
  "http://h/a b",
  "http://h/a\\b",
  "http://h/.well-known/agent-card.json",
  "http://user:pw@h/a2a",
  "https://h:443//double//slash",
  "http://h/caf\u00e9",
];

describe("pathOf", () => {
  it("gives what new URL(url).pathname gives, for plain and tricky paths", () => {
    for (const url of samples) expect(pathOf(url), url).toBe(new URL(url).pathname);
  });

  it("agrees with new URL for any path built from URL-significant characters", () => {
    const char = fc.constantFrom(..."a/.%2e?#:@!$&'()*+,;=~-_ \\\u00e9".split(""));
    fc.assert(
      fc.property(fc.array(char, { maxLength: 24 }), (chars) => {
        const url = `http://example.test/${chars.join("")}`;
        let expected: string;
        try {
          expected = new URL(url).pathname;
        } catch {
          return;
        }
        expect(pathOf(url)).toBe(expected);
      }),
      { numRuns: 3_000 },
    );
  });
});
