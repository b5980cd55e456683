// Check digits that tell a real identifier from a lookalike: a 16-digit order number is not a card unless its Luhn
// digit agrees, an IBAN-shaped string is not an IBAN unless mod 97 leaves 1, and so on.

/** Luhn (ISO/IEC 7812) over a string of digits. */
export function isLuhnValid(digits: string): boolean {
  if (!/^\d+$/.test(digits)) return false;
  let sum = 0;
  for (let i = 0; i < digits.length; i++) {
    let d = digits.charCodeAt(digits.length - 1 - i) - 48;
    if (i % 2 === 1) {
      d *= 2;
      if (d > 9) d -= 9;
    }
    sum += d;
  }
  return sum % 10 === 0;
}

// Issuer ranges and lengths of the card networks: Visa, Mastercard (51-55, 2221-2720), Amex, Discover, JCB, Diners,
// UnionPay, Maestro.
const CARD_NETWORKS = [
  /^4(?:\d{12}|\d{15}|\d{18})$/,
  /^(?:5[1-5]\d{2}|222[1-9]|22[3-9]\d|2[3-6]\d{2}|27[01]\d|2720)\d{12}$/,
  /^3[47]\d{13}$/,
  /^(?:6011|64[4-9]\d|65\d{2})\d{12,15}$/,
  /^35(?:2[89]|[3-8]\d)\d{12,15}$/,
  /^3(?:0[0-5]|[689]\d)\d{11,16}$/,
  /^62\d{14,17}$/,
  /^(?:50|5[6-9]|6\d)\d{11,17}$/,
];

/** A payment card number: a card network's issuer range and length, and a valid Luhn digit. */
export function isCardNumber(digits: string): boolean {
  return CARD_NETWORKS.some((network) => network.test(digits)) && isLuhnValid(digits);
}

// IBAN length per country (ISO 13616 registry).
const IBAN_LENGTHS: Record<string, number> = {
  AD: 24, AE: 23, AL: 28, AT: 20, AZ: 28, BA: 20, BE: 16, BG: 22, BH: 22, BR: 29, BY: 28, CH: 21, CR: 22, CY: 28,
  CZ: 24, DE: 22, DK: 18, DO: 28, EE: 20, EG: 29, ES: 24, FI: 18, FO: 18, FR: 27, GB: 22, GE: 22, GI: 23, GL: 18,
  GR: 27, GT: 28, HR: 21, HU: 28, IE: 22, IL: 23, IQ: 23, IS: 26, IT: 27, JO: 30, KW: 30, KZ: 20, LB: 28, LC: 32,
  LI: 21, LT: 20, LU: 20, LV: 21, MC: 27, MD: 24, ME: 22, MK: 19, MR: 27, MT: 31, MU: 30, NL: 18, NO: 15, PK: 24,
  PL: 28, PS: 29, PT: 25, QA: 29, RO: 24, RS: 22, SA: 24, SC: 31, SE: 24, SI: 19, SK: 24, SM: 27, ST: 25, SV: 28,
  TL: 23, TN: 24, TR: 26, UA: 29, VA: 22, VG: 24, XK: 20,
};

/** The expected length of an IBAN of `country`, if the country issues IBANs. */
export function ibanLength(country: string): number | undefined {
  return IBAN_LENGTHS[country];
}

/** An IBAN without spaces: known country, that country's length, and ISO 7064 mod 97-10 remainder 1. */
export function isIban(compact: string): boolean {
  const iban = compact.toUpperCase();
  if (!/^[A-Z]{2}\d{2}[A-Z0-9]+$/.test(iban) || IBAN_LENGTHS[iban.slice(0, 2)] !== iban.length) return false;
  return mod97(iban.slice(4) + iban.slice(0, 4)) === 1;
}

/** Letters count as 10..35 (A..Z), as IBAN and the French NIR key define it. */
function mod97(alnum: string): number {
  let remainder = 0;
  for (const char of alnum) {
    const value = /\d/.test(char) ? char : String(char.charCodeAt(0) - 55);
    for (const digit of value) remainder = (remainder * 10 + Number(digit)) % 97;
  }
  return remainder;
}

/**
 * French NIR (numéro de sécurité sociale): sex, year, month, département (2A/2B for Corsica), commune, order, then a
 * key equal to 97 - (the first 13 digits mod 97).
 */
export function isFrenchNir(compact: string): boolean {
  const nir = compact.toUpperCase();
  if (!/^[12378]\d{2}(0[1-9]|1[0-2]|[2-9]\d)(\d{2}|2A|2B)\d{6}\d{2}$/.test(nir)) return false;
  const body = nir.slice(0, 13).replace("2A", "19").replace("2B", "18");
  return 97 - mod97(body) === Number(nir.slice(13));
}

const DNI_LETTERS = "TRWAGMYFPDXBNJZSQVHLCKE";

/** Spanish DNI (8 digits + letter) or NIE (X/Y/Z + 7 digits + letter): the letter is the number mod 23. */
export function isSpanishDni(compact: string): boolean {
  const id = compact.toUpperCase();
  const match = /^([XYZ]?)(\d{7,8})([A-Z])$/.exec(id);
  if (!match) return false;
  const [, prefix = "", digits = "", letter] = match;
  if (prefix ? digits.length !== 7 : digits.length !== 8) return false;
  const number = Number(`${prefix ? "XYZ".indexOf(prefix) : ""}${digits}`);
  return DNI_LETTERS[number % 23] === letter;
}

// Italian codice fiscale check character: odd positions (1st, 3rd, …) map through this table, even ones by value.
const CF_ODD = [1, 0, 5, 7, 9, 13, 15, 17, 19, 21, 2, 4, 18, 20, 11, 3, 6, 8, 12, 14, 16, 10, 22, 25, 24, 23];

/** Italian codice fiscale: 6 letters, birth year, month letter, day (+40 for women), place, check letter. */
export function isItalianFiscalCode(compact: string): boolean {
  const code = compact.toUpperCase();
  if (!/^[A-Z]{6}[0-9LMNPQRSTUV]{2}[ABCDEHLMPRST][0-9LMNPQRSTUV]{2}[A-Z][0-9LMNPQRSTUV]{3}[A-Z]$/.test(code)) return false;
  let sum = 0;
  for (let i = 0; i < 15; i++) {
    const char = code[i]!;
    const value = /\d/.test(char) ? Number(char) : char.charCodeAt(0) - 65;
    sum += i % 2 === 0 ? CF_ODD[value]! : value;
  }
  return String.fromCharCode(65 + (sum % 26)) === code[15];
}

/** Dutch BSN (burgerservicenummer): 9 digits passing the "11-proef" (weights 9..2, and -1 for the last digit). */
export function isDutchBsn(digits: string): boolean {
  if (!/^\d{9}$/.test(digits) || /^0+$/.test(digits)) return false;
  let sum = 0;
  for (let i = 0; i < 8; i++) sum += Number(digits[i]) * (9 - i);
  sum -= Number(digits[8]);
  return sum % 11 === 0;
}

/** US SSN ranges the SSA never issues: area 000, 666 or 900-999, group 00, serial 0000. */
export function isPlausibleSsn(area: string, group: string, serial: string): boolean {
  return area !== "000" && area !== "666" && area[0] !== "9" && group !== "00" && serial !== "0000";
}

/** UK National Insurance number: prefix letters HMRC allocates, six digits, suffix A-D. */
export function isUkNino(compact: string): boolean {
  const nino = compact.toUpperCase();
  if (!/^[A-CEGHJ-PR-TW-Z][A-CEGHJ-NPR-TW-Z]\d{6}[A-D]$/.test(nino)) return false;
  return !["BG", "GB", "KN", "NK", "NT", "TN", "ZZ"].includes(nino.slice(0, 2));
}
