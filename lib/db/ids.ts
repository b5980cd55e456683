const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** True for a well-formed UUID; anything else cannot name a row, and must not reach a uuid column (it would throw). */
export function isUuid(value: string): boolean {
  return UUID.test(value);
}
