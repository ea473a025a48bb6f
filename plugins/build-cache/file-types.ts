/** lstat options for a path that may vanish between listing its folder and looking at it. */
export const MAY_BE_GONE = { throwIfNoEntry: false } as const;

/** The file-type bits of `Stats.mode` (POSIX `S_IFMT`), and the types a build context holds. */
export const S_IFMT = 0o170000;
export const S_IFDIR = 0o040000;
export const S_IFREG = 0o100000;
export const S_IFLNK = 0o120000;
