/**
 * A double-quoted string literal that YAML (1.1 and 1.2), TOML, JSON and Python all read back as `text`.
 *
 * escape.ts's tomlString and JSON.stringify leave U+007F and the C1 controls raw, which TOML and PyYAML
 * reject even inside quotes, and YAML 1.1 folds U+2028/U+2029 as line breaks. Here every such character
 * becomes a \uXXXX escape, the one escape all four languages share. Lone surrogates, which none of them can
 * carry, become U+FFFD.
 */
export function quotedString(text: string): string {
  let out = '"';
  // Iterating a string yields code points; a lone surrogate comes out as a single UTF-16 unit.
  for (const char of text) {
    const code = char.codePointAt(0)!;
    if (char === '"' || char === '\\') out += `\\${char}`;
    else if (code >= 0xd800 && code <= 0xdfff) out += '\\ufffd';
    else if (
      code < 0x20 ||
      (code >= 0x7f && code <= 0x9f) ||
      code === 0x2028 ||
      code === 0x2029 ||
      code === 0xfeff
    ) {
      out += `\\u${code.toString(16).padStart(4, '0')}`;
    } else out += char;
  }
  return `${out}"`;
}
