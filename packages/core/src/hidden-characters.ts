/**
 * Characters that change how text displays without showing themselves (Trojan Source, CVE-2021-42574):
 * bidirectional embeddings, overrides, isolates and marks, and zero-width characters. Untrusted text shows them as
 * <U+XXXX>, so a case id cannot read as something else.
 */
const HIDDEN =
  /[\u061C\u115F\u1160\u180E\u200B-\u200F\u202A-\u202E\u2060-\u2064\u2066-\u2069\u3164\uFEFF\uFFA0]/g;

export function showHiddenCharacters(text: string): string {
  return text.replace(
    HIDDEN,
    (char) => `<U+${char.charCodeAt(0).toString(16).toUpperCase().padStart(4, '0')}>`,
  );
}
