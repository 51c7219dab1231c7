/** Character codes and digit helpers shared by the value parsers. */

// A module binding: in sandboxes such as Jest's, every global lookup of `Math` costs a property interceptor.
export const floor = Math.floor;

// Character codes (plain constants: enum member access would cost a property load per character).
export const CHAR_PLUS = 43;
export const CHAR_MINUS = 45;
export const CHAR_DOT = 46;
export const CHAR_ZERO = 48;
export const CHAR_NINE = 57;
export const CHAR_COLON = 58;
export const CHAR_E = 69;
export const CHAR_T = 84;
export const CHAR_Z = 90;
export const CHAR_LOWER_E = 101;
export const CHAR_LOWER_T = 116;
export const CHAR_LOWER_Z = 122;
export const CHAR_SPACE = 32;
export const CHAR_SLASH = 47;

export function isDigit(code: number): boolean {
  return code >= CHAR_ZERO && code <= CHAR_NINE;
}

export function digitsAt(text: string, start: number, count: number): number {
  let value = 0;
  for (let i = start; i < start + count; i++) {
    const code = text.charCodeAt(i);
    if (!isDigit(code)) return -1;
    value = value * 10 + (code - CHAR_ZERO);
  }
  return value;
}
