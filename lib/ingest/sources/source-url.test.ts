import { describe, expect, it } from "vitest";
import { parseSourceUrl, redactPassword } from "./source-url";

describe("source URLs", () => {
  it("shows the source without its password or secret parameters", () => {
    const location = parseSourceUrl("mysql://root:pa%40ss@127.0.0.1:3306/test?ssl=true&password=x&sslkey=y");
    expect(location).toMatchObject({ kind: "mysql", display: "mysql://root@127.0.0.1:3306/test?ssl=true", password: "pa@ss" });
    expect(parseSourceUrl("postgres://u:p@db.example:5432/app?sslmode=require").display).toBe("postgres://u@db.example:5432/app?sslmode=require");
    expect(parseSourceUrl("mariadb://u@h/d").kind).toBe("mysql");
  });

  it("never repeats the URL in its errors", () => {
    expect(() => parseSourceUrl("sqlserver://sa:Hunter2@host/db")).toThrow(/postgresql:\/\/, mysql:\/\/ or mariadb:\/\//);
    for (const bad of ["sqlserver://sa:Hunter2@host/db", "not a url Hunter2"]) {
      try {
        parseSourceUrl(bad);
      } catch (error) {
        expect((error as Error).message).not.toContain("Hunter2");
      }
    }
  });

  it("redacts a password from driver messages, plain and URL-encoded", () => {
    expect(redactPassword("login p@ss failed (p%40ss)", "p@ss")).toBe("login *** failed (***)");
    expect(redactPassword("no secret here", "")).toBe("no secret here");
  });
});
