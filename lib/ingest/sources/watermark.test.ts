import { describe, expect, it } from "vitest";
import { laterWatermark, parseWatermark, serializeWatermark, toWatermark } from "./watermark";

describe("watermarks", () => {
  it("keeps the type of the updated column and compares like it", () => {
    expect(laterWatermark(toWatermark(new Date("2024-01-02T00:00:00Z")), toWatermark(new Date("2024-01-10T00:00:00Z")))).toEqual({ type: "date", value: "2024-01-10T00:00:00.000Z" });
    // 64-bit integers arrive as text: compared as numbers, not as strings ("9" < "10").
    expect(laterWatermark(toWatermark("9"), toWatermark("10"))).toEqual({ type: "integer", value: "10" });
    expect(laterWatermark(toWatermark("9223372036854775806"), toWatermark("9223372036854775807"))?.value).toBe("9223372036854775807");
    expect(laterWatermark(toWatermark(2.5), toWatermark(3))).toEqual({ type: "integer", value: "3" });
    expect(laterWatermark(toWatermark("2024-05-01"), toWatermark("2024-04-30"))).toEqual({ type: "text", value: "2024-05-01" });
  });

  it("ignores values that cannot be compared", () => {
    expect(toWatermark(null)).toBeUndefined();
    expect(toWatermark(Buffer.from("x"))).toBeUndefined();
    expect(toWatermark(new Date("nope"))).toBeUndefined();
    expect(laterWatermark(undefined, toWatermark(null))).toBeUndefined();
  });

  it("round-trips through its stored text and refuses anything else", () => {
    const watermark = toWatermark(new Date("2024-01-02T03:04:05.678Z"))!;
    expect(parseWatermark(serializeWatermark(watermark))).toEqual(watermark);
    expect(parseWatermark('{"type":"integer","value":"1; drop table x"}')).toBeUndefined();
    expect(parseWatermark("not json")).toBeUndefined();
    expect(parseWatermark(null)).toBeUndefined();
  });
});
