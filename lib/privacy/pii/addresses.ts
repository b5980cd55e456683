import type { PiiSpan } from "./kinds";

// Postal addresses, by their most reliable signals: a house number with a street word ("221B Baker Street",
// "12 rue de la Paix", "Hauptstraße 5", "Via Roma 10"), followed by whatever city, state and postcode continue it on the
// same line; and postcodes whose shape is distinctive alone (UK "SW1A 1AA", Dutch "1012 AB Amsterdam").
// Limits: addresses without a house number ("the house by the church"), PO boxes, rural and non-Latin-script
// addresses, and a US ZIP or a 4/5-digit European postcode on its own (indistinguishable from other numbers) are not found.

// A capitalised word; in street names it may be an abbreviation ("St. Mary's Road"), in place names it may not, so a
// sentence's full stop after the city ends the address ("… Leeds. His mobile …").
const CAP = String.raw`\p{Lu}[\p{L}'’-]*(?![\p{L}\d])`;
const STREET_WORD = String.raw`\p{Lu}[\p{L}'’-]*\.?(?![\p{L}\d])`;
const EN_STREET = String.raw`(?:Street|St|Road|Rd|Avenue|Ave|Lane|Ln|Drive|Dr|Boulevard|Blvd|Court|Ct|Place|Pl|Square|Sq|Terrace|Way|Close|Crescent|Parkway|Pkwy|Highway|Hwy|Row|Mews|Gardens|Grove|Walk|Circle|Cir|Trail|Broadway)`;
const UNIT = String.raw`(?:,?\s(?:Apt|Apartment|Suite|Ste|Unit|Flat|Floor|Fl)\.?\s?#?\w{1,5})`;
const DIRECTION = String.raw`(?:\s(?:N|S|E|W|NE|NW|SE|SW)\b\.?)`;
const GERMANIC_SUFFIX = String.raw`(?:straße|strasse|str\.|weg|gasse|allee|platz|ring|damm|ufer|laan|straat|gracht|plein|kade|dijk|singel|steeg|vej|gade|gatan|gata|vägen|veien)`;
const ROMANCE_BEFORE = String.raw`(?:rue|avenue|av\.|boulevard|bd|place|chemin|allée|impasse|quai|route|cours)`;
const ROMANCE_NAMED = String.raw`(?:Calle|C\/|Avenida|Avda\.|Plaza|Paseo|Via|Viale|Piazza|Corso|Largo|Rua|Travessa)`;

const UK_POSTCODE = String.raw`(?:[A-Z]{1,2}\d[A-Z\d]?\s?\d[A-Z]{2})`;
// After the street, on the same line: ", City", ", ST 12345", " SW1A 1AA", ", 75002 Paris", " 1012 AB".
const POSTCODE = String.raw`(?:${UK_POSTCODE}|\d{4}[ \t]?[A-Z]{2}\b|\d{4,5}(?:-\d{4})?|[A-Z]{2}[ \t]+\d{5}(?:-\d{4})?)`;
const PLACE = String.raw`${CAP}(?:[ \t-]${CAP}){0,2}`;
const CONTINUATION = String.raw`(?:,[ \t]*(?:${POSTCODE}(?:[ \t]${PLACE})?|${PLACE})|[ \t]+${POSTCODE}(?![\p{L}\d])(?:[ \t]${PLACE})?)*`;

const STREETS = [
  String.raw`\b\d{1,5}[A-Za-z]?(?:-\d{1,5})?,?\s(?:${STREET_WORD}\s){1,4}${EN_STREET}\b\.?${DIRECTION}?${UNIT}?`,
  String.raw`\b\d{1,4}(?:\s?(?:bis|ter))?,?\s${ROMANCE_BEFORE}\s(?:(?:de|du|des|la|le|l'|d')\s?)*${CAP}(?:[ -](?:(?:de|du|des|la|le|l'|d')\s?)*${CAP}){0,3}`,
  String.raw`(?<![\p{L}])\p{Lu}[\p{L}-]*${GERMANIC_SUFFIX}\s\d{1,4}[a-z]?\b`,
  String.raw`\b${ROMANCE_NAMED}\s(?:(?:de|del|de la|di|della|dei)\s)?${CAP}(?:\s${CAP}){0,3},?\s\d{1,4}\b`,
].map((street) => `(?:${street})`).join("|");

const ADDRESS = new RegExp(`(?:${STREETS})${CONTINUATION}`, "gu");
const STANDALONE_POSTCODE = new RegExp(String.raw`(?<![\p{L}\d])(?:${UK_POSTCODE}|\d{4}[ ]?[A-Z]{2}[ ]${CAP})(?![\p{L}\d])`, "gu");

/** Street addresses (with their city and postcode when they follow) and distinctive postcodes. */
export function detectAddresses(text: string): PiiSpan[] {
  const spans: PiiSpan[] = [];
  for (const match of text.matchAll(ADDRESS)) {
    const value = match[0].replace(/[\s,.]+$/u, "");
    spans.push({ kind: "ADDRESS", start: match.index, end: match.index + value.length, value });
  }
  for (const match of text.matchAll(STANDALONE_POSTCODE)) {
    const value = match[0].replace(/[.]+$/u, "");
    spans.push({ kind: "ADDRESS", start: match.index, end: match.index + value.length, value });
  }
  return spans;
}
