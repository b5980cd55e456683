import { describe, expect, it } from "vitest";
import { compilePatterns, detectCustom, piiPatternsSchema } from "./patterns";

const issues = (value: unknown) => {
  const result = piiPatternsSchema.safeParse(value);
  return result.success ? [] : result.error.issues.map((issue) => `${issue.path.join(".")}: ${issue.message}`);
};

describe("admin-defined personal-data patterns", () => {
  it("accepts sensible patterns and normalises labels", () => {
    const parsed = piiPatternsSchema.parse([{ label: "mrn", pattern: String.raw`MRN-\d{6}` }, { label: "employee id", pattern: String.raw`EMP\d{5}` }]);
    expect(parsed.map((p) => p.label)).toEqual(["MRN", "EMPLOYEE_ID"]);
  });

  it("refuses what would break masking or hang the server, saying which field and why", () => {
    expect(issues([{ label: "EMAIL", pattern: "x" }])).toEqual(["0.label: EMAIL is built in; choose another label"]);
    expect(issues([{ label: "1abc", pattern: "x" }])[0]).toMatch(/^0\.label: must start with a letter/);
    expect(issues([{ label: "A", pattern: "(" }])[0]).toMatch(/^0\.pattern: is not a valid regular expression/);
    expect(issues([{ label: "A", pattern: "\\d*" }])).toEqual(["0.pattern: matches empty text; it must match at least one character"]);
    expect(issues([{ label: "A", pattern: "(a+)+b" }])[0]).toMatch(/^0\.pattern: repeats a group that is itself repeated/);
    expect(issues([{ label: "A", pattern: "x" }, { label: "a", pattern: "y" }])).toEqual(["1.label: A is used twice"]);
    expect(issues(Array.from({ length: 21 }, (_, i) => ({ label: `P${i}`, pattern: "x" })))).toEqual([": at most 20 patterns"]);
  });

  it("ignores stored patterns that no longer validate instead of failing the chat", () => {
    expect(compilePatterns([{ label: "A", pattern: "(" }])).toEqual([]);
    expect(compilePatterns(null)).toEqual([]);
  });

  it("finds every match with its label", () => {
    const [pattern] = compilePatterns([{ label: "MRN", pattern: String.raw`MRN-\d{6}` }]);
    expect(detectCustom("MRN-000001, MRN-000002", [pattern!]).map((s) => [s.kind, s.value, s.start])).toEqual([
      ["MRN", "MRN-000001", 0],
      ["MRN", "MRN-000002", 12],
    ]);
  });
});
