import { parse as parseTolerant, printParseErrorCode, type ParseError } from "jsonc-parser";
import { lineAndColumn } from "./decode-text";

/** Where a JSON text first goes wrong and how to say it: 1-based line and column, and what was expected. */
export interface JsonSyntaxProblem {
  line: number;
  column: number;
  message: string;
}

type ErrorName = ReturnType<typeof printParseErrorCode>;

const EXPLANATIONS: Record<ErrorName, string> = {
  InvalidSymbol: "unexpected text; strings need double quotes and true, false and null are lower-case",
  InvalidNumberFormat: "this is not a valid number",
  PropertyNameExpected: "expected a property name in double quotes",
  ValueExpected: "expected a value",
  ColonExpected: "expected a colon (:) after the property name",
  CommaExpected: "expected a comma (,) between items",
  CloseBraceExpected: "expected a closing brace (}): an object is not closed",
  CloseBracketExpected: "expected a closing bracket (]): an array is not closed",
  EndOfFileExpected: "unexpected text after the end of the JSON value",
  InvalidCommentToken: "comments are not allowed in JSON",
  UnexpectedEndOfComment: "comments are not allowed in JSON",
  UnexpectedEndOfString: "a string is not closed; a line break inside a string must be written as \\n",
  UnexpectedEndOfNumber: "a number is cut off",
  InvalidUnicode: "a \\u escape needs four hexadecimal digits",
  InvalidEscapeCharacter: "a string has an invalid escape; write a backslash as \\\\",
  InvalidCharacter: "a string contains a raw control character (such as a tab); escape it",
  "<unknown ParseErrorCode>": "the JSON is not valid",
};

/** Parses strict JSON, or returns where and why it is not JSON. */
export function parseJsonText(text: string): { value: unknown } | { problem: JsonSyntaxProblem } {
  try {
    return { value: JSON.parse(text) };
  } catch (error) {
    return { problem: locateSyntaxError(text, error) };
  }
}

// V8 gives no position for many errors ("Unexpected token '}', … is not valid JSON"), so the position comes from
// jsonc-parser, run in strict mode on the failure path only; V8's own offset is the fallback.
function locateSyntaxError(text: string, error: unknown): JsonSyntaxProblem {
  const errors: ParseError[] = [];
  parseTolerant(text, errors, { disallowComments: true, allowTrailingComma: false, allowEmptyContent: false });
  const first = errors[0];
  if (first) {
    const name = printParseErrorCode(first.error);
    const isTrailingComma = name === "ValueExpected" && /,\s*$/.test(text.slice(0, first.offset)) && /^\s*[\]}]/.test(text.slice(first.offset));
    const message = isTrailingComma ? "a trailing comma before a closing bracket or brace is not allowed in JSON" : EXPLANATIONS[name];
    return { ...lineAndColumn(text, first.offset), message };
  }
  const reason = error instanceof Error ? error.message : String(error);
  const position = /at position (\d+)/.exec(reason)?.[1];
  return { ...lineAndColumn(text, position === undefined ? text.length : Number(position)), message: reason };
}
