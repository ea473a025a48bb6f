/** A project title with every kind of character that breaks a file format when pasted in unescaped. */
export const HOSTILE_TITLE = `O'Brien "ETL" $HOME \${PATH} \`id\` \\n back\\slash ünïcödé 数据 🚀 <b>#1</b> % {{ x }} ]]`;
