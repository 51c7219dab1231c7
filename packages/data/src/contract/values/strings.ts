/** String formats: email, uri, uuid and binary (base64). */
import { CHAR_MINUS, CHAR_PLUS, CHAR_SLASH, CHAR_SPACE, isDigit } from './chars.js';
import { INVALID, type ValueParser } from './options.js';

export const stringFormats = new Set(['default', 'email', 'uri', 'uuid', 'binary']);

export function stringParser(format: string): ValueParser {
  switch (format) {
    case 'email':
      return (text) => (isEmail(text) ? text : INVALID);
    case 'uri':
      return (text) => (isUri(text) ? text : INVALID);
    case 'uuid':
      return (text) => (isUuid(text) ? text : INVALID);
    case 'binary':
      return (text) => (isBase64(text) ? text : INVALID);
    default:
      return (text) => text;
  }
}

/** A deliberately simple address check: one @, text on both sides, a dot inside the domain, no whitespace. */
function isEmail(text: string): boolean {
  const at = text.indexOf('@');
  if (at <= 0 || at !== text.lastIndexOf('@')) return false;
  const dot = text.indexOf('.', at + 2);
  if (dot < 0 || text.endsWith('.')) return false;
  for (let i = 0; i < text.length; i++) if (text.charCodeAt(i) <= CHAR_SPACE) return false;
  return true;
}

/** RFC 3986 scheme ":" followed by at least one non-space character. */
function isUri(text: string): boolean {
  const colon = text.indexOf(':');
  if (colon < 1 || colon === text.length - 1) return false;
  for (let i = 0; i < colon; i++) {
    const code = text.charCodeAt(i) | 0x20;
    const letter = code >= 97 && code <= 122;
    if (!letter && (i === 0 || !(isDigit(text.charCodeAt(i)) || '+-.'.includes(text[i])))) return false;
  }
  for (let i = colon + 1; i < text.length; i++) if (text.charCodeAt(i) <= CHAR_SPACE) return false;
  return true;
}

/** 8-4-4-4-12 hexadecimal digits, any version. */
function isUuid(text: string): boolean {
  if (text.length !== 36) return false;
  for (let i = 0; i < 36; i++) {
    const code = text.charCodeAt(i);
    if (i === 8 || i === 13 || i === 18 || i === 23) {
      if (code !== CHAR_MINUS) return false;
    } else if (!(isDigit(code) || ((code | 0x20) >= 97 && (code | 0x20) <= 102))) {
      return false;
    }
  }
  return true;
}

function isBase64(text: string): boolean {
  if (text.length % 4 !== 0) return false;
  let end = text.length;
  if (text.endsWith('==')) end -= 2;
  else if (text.endsWith('=')) end -= 1;
  for (let i = 0; i < end; i++) {
    const code = text.charCodeAt(i);
    const lower = code | 0x20;
    if (!(isDigit(code) || (lower >= 97 && lower <= 122) || code === CHAR_PLUS || code === CHAR_SLASH)) {
      return false;
    }
  }
  return true;
}
