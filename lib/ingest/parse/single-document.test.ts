import { describe, expect, it } from "vitest";
import { upload, uploadError } from "@/tests/ingest-fixtures/files";
import { parseUpload } from "./index";

describe("Markdown and plain-text uploads", () => {
  it("keeps Markdown as written, titles it by its first # heading and ids it by its file name", async () => {
    const markdown = "\uFEFF```sh\n# not a heading\n```\n\nIntro.\r\n\r\n# HR Handbook\r\n\r\n## Leave\r\nStaff get 25 days.\r\n";
    const result = await parseUpload(upload("HR Handbook (2024).md", markdown));
    expect(result).toEqual({
      format: "markdown",
      documents: [
        {
          sourceId: "hr-handbook-2024",
          title: "HR Handbook",
          content: "```sh\n# not a heading\n```\n\nIntro.\n\n# HR Handbook\n\n## Leave\nStaff get 25 days.\n",
          metadata: { fileName: "HR Handbook (2024).md" },
        },
      ],
      errors: [],
    });
  });

  it("understands setext headings, takes a given source id and falls back to the file name for the title", async () => {
    const setext = await parseUpload(upload("notes.markdown", "Onboarding Guide\n================\n\nWelcome."), { sourceId: "wiki/onboarding" });
    expect(setext.documents[0]).toMatchObject({ sourceId: "wiki/onboarding", title: "Onboarding Guide" });
    const plain = await parseUpload(upload("C:\\Users\\kim\\Meeting notes.md", "Just text, ## no heading."));
    expect(plain.documents[0]).toMatchObject({ sourceId: "meeting-notes", title: "Meeting notes" });
  });

  it("takes plain text as it is, titled by its file name", async () => {
    const result = await parseUpload(upload("Release Notes.txt", "Version 2\r\n\r\n# not markdown\rend"));
    expect(result.documents).toEqual([
      { sourceId: "release-notes", title: "Release Notes", content: "Version 2\n\n# not markdown\nend", metadata: { fileName: "Release Notes.txt" } },
    ]);
    expect(result.format).toBe("text");
  });

  it("reports a bad given source id as a row error", async () => {
    const result = await parseUpload(upload("a.txt", "text"), { sourceId: "bad\nid" });
    expect(result.documents).toEqual([]);
    expect(result.errors).toEqual([{ field: "sourceId", message: expect.stringMatching(/control character \(U\+000A at position 4\)/) }]);
  });

  it("rejects a file with only whitespace", async () => {
    const error = await uploadError(parseUpload(upload("blank.md", " \n\t\n")));
    expect(error).toMatchObject({ code: "empty", status: 422, message: '"blank.md" contains only whitespace: there is no text to ingest.' });
  });

  it("rejects text that is not UTF-8: Windows-1252, UTF-16 and binary", async () => {
    const latin = new Uint8Array([0x4e, 0x6f, 0x74, 0x65, 0x0a, 0x93, 0x51, 0x75, 0x6f, 0x74, 0x65, 0x94]);
    const windows = await uploadError(parseUpload(upload("memo.txt", latin)));
    expect(windows).toMatchObject({ code: "not_utf8", status: 422 });
    expect(windows.message).toMatch(/^"memo\.txt" is not UTF-8 text \(byte 0x93 on line 2, which is "“" in Windows-1252; the file looks like Windows-1252 or Latin-1\)\. Save it as UTF-8/);

    const utf16 = new Uint8Array([0xff, 0xfe, 0x68, 0x00, 0x69, 0x00]);
    expect((await uploadError(parseUpload(upload("memo.txt", utf16)))).message).toMatch(/is UTF-16 text, not UTF-8\. Save it as UTF-8/);
    const utf16NoBom = new Uint8Array([0x68, 0x00, 0x69, 0x00]);
    expect((await uploadError(parseUpload(upload("memo.md", utf16NoBom)))).message).toMatch(/looks like UTF-16 text/);
    const binary = new Uint8Array([0x61, 0x62, 0x0a, 0x63, 0x64, 0x0a, 0x65, 0x00, 0x01, 0x02]);
    expect((await uploadError(parseUpload(upload("memo.txt", binary)))).message).toMatch(/contains binary data \(a NUL byte on line 3\)/);
  });
});

describe("HTML uploads", () => {
  const page = `<!DOCTYPE html>
<html><head><title>Expense  Policy</title><style>body { color: red }</style>
<script>document.cookie = "stolen"</script><script src="https://cdn.example/x.js"></script></head>
<body>
  <nav><a href="/">Home</a> | <a href="/about">About</a></nav>
  <h1>Expenses</h1>
  <p>Keep <b>every</b> receipt.<br>Submit within 30 days.</p>
  <div onclick="alert(1)">Ask <a href="javascript:alert(2)">finance</a>.</div>
  <h2>Limits</h2>
  <ul><li>Meals: &euro;40</li><li>Hotels: &euro;150<ol><li>Capital cities: &euro;200</li></ol></li></ul>
  <table><tr><th>Item</th><th>Limit</th></tr><tr><td>Taxi</td><td>&euro;50</td></tr></table>
  <pre>  code   stays
as is</pre>
  <noscript>Enable JavaScript</noscript><template><p>template</p></template><p hidden>hidden text</p>
  <svg><title>icon</title><script>evil()</script></svg>
  <script type="module">import "./app.js"</script>
</body></html>`;

  it("extracts readable text with headings as # lines and blocks separated by blank lines, and never any script", async () => {
    const result = await parseUpload(upload("expenses.html", page));
    const document = result.documents[0];
    expect(document).toMatchObject({ sourceId: "expenses", title: "Expense Policy", metadata: { fileName: "expenses.html" } });
    expect(document?.content).toBe(
      [
        "# Expenses",
        "Keep every receipt.\nSubmit within 30 days.",
        "Ask finance.",
        "## Limits",
        "- Meals: €40",
        "- Hotels: €150\n  1. Capital cities: €200",
        "Item | Limit\nTaxi | €50",
        "```\n  code   stays\nas is\n```",
      ].join("\n\n"),
    );
    for (const leaked of ["cookie", "stolen", "cdn.example", "alert", "evil", "app.js", "color", "Home", "Enable JavaScript", "template", "hidden text", "icon"]) {
      expect(document?.content).not.toContain(leaked);
    }
  });

  it("titles a page without <title> by its first <h1>, else by its file name", async () => {
    expect((await parseUpload(upload("p.htm", "<h1>Main <i>Topic</i></h1><p>x</p>"))).documents[0]?.title).toBe("Main Topic");
    expect((await parseUpload(upload("About Us.html", "<p>Only a paragraph.</p>"))).documents[0]?.title).toBe("About Us");
  });

  it("uses a <title> outside <head> as the title only, not as text", async () => {
    expect((await parseUpload(upload("a.html", "<title>Page</title><p>Body</p>"))).documents[0]).toMatchObject({ title: "Page", content: "Body" });
  });

  it("rejects a page with no readable text", async () => {
    const error = await uploadError(parseUpload(upload("app.html", "<html><head><title>App</title></head><body><script>boot()</script><div id=root></div></body></html>")));
    expect(error).toMatchObject({ code: "empty", message: expect.stringMatching(/^"app\.html" has no readable text, only markup, scripts or styles/) });
  });
});
