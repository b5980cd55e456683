import { describe, expect, it } from "vitest";
import { isCardNumber, isDutchBsn, isFrenchNir, isIban, isItalianFiscalCode, isLuhnValid, isPlausibleSsn, isSpanishDni, isUkNino } from "./checksums";

describe("check digits tell identifiers from lookalikes", () => {
  it("Luhn: accepts network test numbers, rejects every one-digit change", () => {
    for (const card of ["4111111111111111", "5555555555554444", "378282246310005", "6011111111111117", "3530111333300000", "30569309025904"]) {
      expect(isCardNumber(card)).toBe(true);
      for (let i = 0; i < card.length; i++) {
        const changed = card.slice(0, i) + String((Number(card[i]) + 1) % 10) + card.slice(i + 1);
        expect(isLuhnValid(changed)).toBe(false);
      }
    }
  });

  it("cards: a valid Luhn digit is not enough outside the networks' ranges and lengths", () => {
    expect(isLuhnValid("1234567812345670")).toBe(true);
    expect(isCardNumber("1234567812345670")).toBe(false); // no network starts with 1
    expect(isCardNumber("411111111111111")).toBe(false); // Visa is never 15 digits
    expect(isCardNumber("4111 1111 1111 1111")).toBe(false); // digits only
  });

  it("IBAN: mod 97 and the country's length", () => {
    expect(isIban("DE89370400440532013000")).toBe(true);
    expect(isIban("GB82WEST12345698765432")).toBe(true);
    expect(isIban("gb82west12345698765432")).toBe(true);
    expect(isIban("DE88370400440532013000")).toBe(false); // check digits
    expect(isIban("DE89370400440532013001")).toBe(false); // one BBAN digit
    expect(isIban("GB82WEST1234569876543")).toBe(false); // a character short
    expect(isIban("XX89370400440532013000")).toBe(false); // no such country
    expect(isIban("DE8937040044053201300")).toBe(false);
  });

  it("national ids: SSN ranges, NI prefixes, NIR key, DNI letter, codice fiscale, BSN", () => {
    expect(isPlausibleSsn("123", "45", "6789")).toBe(true);
    expect(isPlausibleSsn("666", "45", "6789")).toBe(false);
    expect(isPlausibleSsn("912", "45", "6789")).toBe(false);
    expect(isPlausibleSsn("123", "00", "6789")).toBe(false);
    expect(isUkNino("AB123456C")).toBe(true);
    expect(isUkNino("GB123456C")).toBe(false);
    expect(isUkNino("DA123456C")).toBe(false);
    expect(isUkNino("AB123456E")).toBe(false);
    expect(isFrenchNir("184127645108946")).toBe(true);
    expect(isFrenchNir("184127645108947")).toBe(false);
    expect(isSpanishDni("12345678Z")).toBe(true);
    expect(isSpanishDni("12345678A")).toBe(false);
    expect(isSpanishDni("X1234567L")).toBe(true);
    expect(isSpanishDni("X1234567A")).toBe(false);
    expect(isItalianFiscalCode("RSSMRA85T10A562S")).toBe(true);
    expect(isItalianFiscalCode("RSSMRA85T10A562T")).toBe(false);
    expect(isDutchBsn("111222333")).toBe(true);
    expect(isDutchBsn("111222334")).toBe(false);
  });
});
