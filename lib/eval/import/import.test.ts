import { describe, expect, it } from "vitest";
import { checkSourceIds, ImportError, parseImport } from "./index";

const csv = (text: string, name = "set.csv") => parseImport([{ name, text }]);
const error = (run: () => unknown) => {
  try {
    run();
  } catch (caught) {
    if (caught instanceof ImportError) return caught;
    throw caught;
  }
  throw new Error("expected an ImportError");
};

describe("CSV", () => {
  it("reads questions, graded ids, phrases and flags; header names are matched loosely", () => {
    const parsed = csv('Question;Expected IDs;key-phrases;Unanswerable;id\nLeave?;leave=2|expenses;25 days| days ;no;q1\n"Menu; today?";;;yes;');
    expect(parsed.errors).toEqual([]);
    expect(parsed.questions.map((entry) => entry.input)).toEqual([
      { externalId: "q1", question: "Leave?", expected: { leave: 2, expenses: 1 }, expectedAnswer: null, keyPhrases: ["25 days", "days"], isUnanswerable: false },
      { externalId: null, question: "Menu; today?", expected: {}, expectedAnswer: null, keyPhrases: [], isUnanswerable: true },
    ]);
  });

  it("names the missing column and lists the ones the file has", () => {
    expect(error(() => csv("query_text,expected_ids\nWho?,a")).message).toBe('"set.csv" has no "question" column (or "query" / "text"). Its columns are: "query_text", "expected_ids".');
    expect(error(() => csv("question,comment\nWho?,a")).message).toMatch(/^"set\.csv" has no "expected_ids" column .* Its columns are: "question", "comment"\. A question needs expected_ids/);
    expect(error(() => csv("question,expected_ids\n")).message).toBe('"set.csv" has a header row but no questions.');
  });

  it("refuses bad rows one by one, with row and line, and keeps the others", () => {
    const parsed = csv(
      [
        "question,expected_ids,unanswerable,expected_answer",
        "Good?,a,,",
        ",a,,",
        "Maybe?,a,perhaps,",
        '"Multi\nline?","a|b=999",,',
        "Both?,a,yes,",
        "Good?,b,,",
        "Too many,a,,,extra",
        "Draft?,,,",
      ].join("\n"),
    );
    expect(parsed.questions.map((entry) => entry.input.question)).toEqual(["Good?", "Draft?"]);
    expect(parsed.questions[1]!.warnings).toEqual([expect.stringMatching(/^nothing to score/)]);
    expect(parsed.errors.map((problem) => `${problem.where}: ${problem.message}`)).toEqual([
      'row 3 (line 4): unanswerable must be yes or no (true/false, 1/0), not "perhaps"',
      'row 4 (line 5): the grade of "b" is 999; grades go from 0 to 100',
      'row 7 (line 9): it has 5 values but the header has 4 columns; put values containing "," in double quotes',
      "row 2 (line 3): the question is empty",
      "row 5 (line 7): it is marked unanswerable but lists expected ids: an unanswerable question has no source; remove one or the other",
      "row 6 (line 8): the same question as row 1 (line 2)",
    ]);
  });
});

describe("JSONL", () => {
  it("accepts lists, graded objects and text for ids and phrases; reports bad lines with their number", () => {
    const parsed = parseImport([
      {
        name: "set.jsonl",
        text: [
          '{"question": "A?", "expected_ids": ["a", "b"], "key_phrases": "x|y"}',
          '{"query": "B?", "expected": {"a": 2, "c": 0}, "id": 7}',
          "{not json",
          '{"question": "C?", "expected_ids": {"a": "high"}}',
          '{"expected_ids": ["a"]}',
          "",
          '{"question": "D?", "unanswerable": true}',
        ].join("\n"),
      },
    ]);
    expect(parsed.questions.map((entry) => [entry.input.question, entry.input.expected, entry.input.keyPhrases, entry.input.externalId ?? null])).toEqual([
      ["A?", { a: 1, b: 1 }, ["x", "y"], null],
      ["B?", { a: 2, c: 0 }, [], "7"],
      ["D?", {}, [], null],
    ]);
    expect(parsed.errors.map((problem) => problem.where)).toEqual(["line 3", "line 4", "line 5"]);
    expect(parsed.errors[0]!.message).toMatch(/^it is not valid JSON/);
    expect(parsed.errors[1]!.message).toBe('the grade of "a" must be a whole number from 0 to 100');
    expect(parsed.errors[2]!.message).toBe('it has no "question" field (or "query" / "text"). Its fields are: "expected_ids".');
  });
});

describe("BEIR", () => {
  it("keeps judged queries with their graded qrels and ignores the corpus", () => {
    const parsed = parseImport([
      { name: "corpus.jsonl", text: '{"_id": "d1", "text": "x"}' },
      { name: "queries.jsonl", text: '{"_id": "1", "text": "First?"}\n{"_id": 2, "text": "Second?"}\n{"_id": "3", "text": "Unjudged?"}' },
      { name: "test.tsv", text: "query-id\tcorpus-id\tscore\n1\td1\t1\n1\td2\t2\n2\td3\t0\n9\td1\t1" },
    ]);
    expect(parsed.format).toBe("beir");
    expect(parsed.questions.map((entry) => [entry.input.externalId, entry.input.expected])).toEqual([
      ["1", { d1: 1, d2: 2 }],
      ["2", { d3: 0 }],
    ]);
    // Only judged non-relevant: kept, but nothing to score.
    expect(parsed.questions[1]!.warnings).toEqual([expect.stringMatching(/^nothing to score/)]);
    expect(parsed.notes).toEqual([
      "corpus.jsonl was ignored: the documents must already be in the knowledge base (add them on its Documents page).",
      "1 queries without judgements in test.tsv were skipped (BEIR evaluates judged queries only).",
      "1 judged query ids are not in queries.jsonl and were ignored: 9.",
    ]);
  });

  it("wants both files", () => {
    expect(error(() => parseImport([{ name: "qrels.tsv", text: "q\td\t1" }])).message).toMatch(/^A BEIR set is two files/);
    expect(error(() => parseImport([{ name: "set.xlsx", text: "" }])).message).toMatch(/is neither CSV/);
  });
});

describe("checkSourceIds", () => {
  it("warns about or refuses questions whose expected ids are not in the knowledge base", () => {
    const parsed = csv("question,expected_ids\nA?,a|ghost\nB?,b");
    const known = new Set(["a", "b"]);
    const warned = checkSourceIds(parsed, known, "warn");
    expect(warned.questions.map((entry) => entry.warnings)).toEqual([['expected id not in the knowledge base: "ghost"'], []]);
    const refused = checkSourceIds(csv("question,expected_ids\nA?,a|ghost\nB?,b"), known, "reject");
    expect(refused.questions.map((entry) => entry.input.question)).toEqual(["B?"]);
    expect(refused.errors).toEqual([{ where: "row 1 (line 2)", message: 'expected id not in the knowledge base: "ghost"', question: "A?" }]);
  });
});
