import { describe, expect, it } from "vitest";
import { compilePatterns } from "./patterns";
import { createPseudonymizer } from "./pseudonymizer";
import { createRestorer } from "./restorer";

describe("pseudonymisation of one conversation", () => {
  it("replaces each value with a numbered placeholder of its kind and counts them", () => {
    const p = createPseudonymizer();
    const result = p.mask("Maria Schmidt (maria.schmidt@example.org) and Kwame Mensah; write to maria.schmidt@example.org.");
    expect(result.text).toBe("[PERSON_1] ([EMAIL_1]) and [PERSON_2]; write to [EMAIL_1].");
    expect(result.counts).toEqual({ PERSON: 2, EMAIL: 2 });
    expect(p.maskedCounts()).toEqual({ PERSON: 2, EMAIL: 1 });
  });

  it("gives the same value the same placeholder across calls (question, history, passages)", () => {
    const p = createPseudonymizer();
    const question = p.mask("What is Kwame Mensah's phone number?").text;
    const passage = p.mask("Employee Kwame Mensah can be reached on +44 20 7946 0958.").text;
    const history = p.mask("Earlier: kwame.mensah@example.com asked about Kwame Mensah.").text;
    expect(question).toBe("What is [PERSON_1]'s phone number?");
    expect(passage).toBe("Employee [PERSON_1] can be reached on [PHONE_1].");
    expect(history).toBe("Earlier: [EMAIL_1] asked about [PERSON_1].");
  });

  it("treats spellings of one value as one: e-mail case, card and IBAN spacing, 00 for +", () => {
    const p = createPseudonymizer();
    const text = p.mask("a@example.com, A@Example.COM, 4111 1111 1111 1111, 4111111111111111, +44 20 7946 0958, 0044 20 7946 0958").text;
    expect(text).toBe("[EMAIL_1], [EMAIL_1], [CARD_1], [CARD_1], [PHONE_1], [PHONE_1]");
  });

  it("continues a stored mapping: old placeholders stay, new values get the next number", () => {
    const first = createPseudonymizer();
    first.mask("Maria Schmidt and Kwame Mensah");
    expect(first.hasNewEntries()).toBe(true);
    const second = createPseudonymizer({ mapping: JSON.parse(JSON.stringify(first.mapping())) });
    expect(second.mask("Kwame Mensah, then Priya Raghunathan").text).toBe("[PERSON_2], then [PERSON_3]");
    expect(second.maskedCounts()).toEqual({ PERSON: 2 });
    const third = createPseudonymizer({ mapping: second.mapping() });
    third.mask("Only Maria Schmidt here.");
    expect(third.hasNewEntries()).toBe(false);
  });

  it("masks a known value even where the detectors would not find it again", () => {
    const p = createPseudonymizer();
    p.mask("The employee Kwame Mensah called.");
    expect(p.mask("kwame said Kwame Mensah is out").text).toBe("kwame said [PERSON_1] is out");
  });

  it("masks a knowledge base's own patterns under their labels", () => {
    const patterns = compilePatterns([
      { label: "MRN", pattern: String.raw`MRN-\d{6}` },
      { label: "employee id", pattern: String.raw`EMP\d{5}` },
    ]);
    const p = createPseudonymizer({ patterns });
    expect(p.mask("MRN-004512 belongs to EMP10442; MRN-004512 again, MRN-12345 is too short.").text).toBe(
      "[MRN_1] belongs to [EMPLOYEE_ID_1]; [MRN_1] again, MRN-12345 is too short.",
    );
  });

  it("restores exactly what it masked", () => {
    const original = "Dear Tomasz Kowalski, your IBAN DE89 3704 0044 0532 0130 00 and NI number AB 12 34 56 C are on file; born 3 March 1984.";
    const p = createPseudonymizer();
    const { text, counts } = p.mask(original);
    expect(counts).toEqual({ PERSON: 1, IBAN: 1, NATIONAL_ID: 1, DOB: 1 });
    for (const value of ["Tomasz", "Kowalski", "DE89", "AB 12", "1984"]) expect(text).not.toContain(value);
    expect(p.restore(text)).toBe(original);
    const restorer = createRestorer(p.mapping());
    expect([...text].map((c) => restorer.push(c)).join("") + restorer.flush()).toBe(original);
  });

  it("rejects a tampered stored mapping", () => {
    expect(() => createPseudonymizer({ mapping: { version: 1, entries: [{ kind: "PERSON", value: "x", placeholder: "PERSON_1" }] } })).toThrow();
  });
});
