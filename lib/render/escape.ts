import { quotedString } from './quoted-string.js';

/** Escaping for the languages generated text files are written in. Free text (a project title) goes through these. */

/** A Python string literal that reads back as `text`, control characters included. */
export function pythonString(text: string): string {
  return quotedString(text);
}

/** A single-quoted POSIX shell word. */
export function shellWord(text: string): string {
  return `'${text.replaceAll("'", `'\\''`)}'`;
}

/** A TOML basic string that reads back as `text`, control characters included. */
export function tomlString(text: string): string {
  return quotedString(text);
}

/** Text inside a Markdown paragraph or heading: one line, markup characters escaped. */
export function markdownText(text: string): string {
  return text.replace(/\s+/g, ' ').replace(/([\\`*_{}[\]()#+!|<>])/g, '\\$1');
}

/** A comment line in Python, shell, YAML or Dockerfile: no line breaks. */
export function commentText(text: string): string {
  return text.replace(/[\r\n]+/g, ' ');
}
