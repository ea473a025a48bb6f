/**
 * Whether this run already printed its one `--json` document (a command's report, even one that then fails,
 * like doctor's): the error document is printed only when it has not, so stdout stays one document.
 */
export const jsonOutput = { printed: false };
