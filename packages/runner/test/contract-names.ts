// Reads the names the API contract promises from its Markdown: the exported functions, classes, constants and
// registries written in the code block of one package's section.

const IDENTIFIER = /^[A-Za-z_$][\w$]*/;
const NAME_LIST = /^[A-Za-z_$][\w$]*(?:[\s,]+[A-Za-z_$][\w$]*)*,?$/;
/** Statements of the language itself (`for await (const batch of loader) ...`) name nothing. */
const KEYWORDS = new Set(['for', 'await', 'const', 'let', 'if', 'while', 'return', 'import', 'export']);

/** The code block of the section whose `## ` heading starts with `heading`, or undefined if there is none. */
export function contractSection(markdown: string, heading: string): string | undefined {
  const sections = markdown.split(/^## /m).slice(1);
  const section = sections.find((s) => s.startsWith(heading));
  return section?.match(/```ts\n([\s\S]*?)```/)?.[1];
}

/**
 * The top-level names a section's code block uses: `buildFromCfg(...)`, `new Registry(...)`, `Config.fromFile(...)`,
 * and bare lists such as `BaseModule, BaseModel` or `RUNNERS LOOPS`. Expressions on an instance (`registry.get(...)`,
 * `.mean()`) name methods, not exports, and are left out.
 */
export function contractNames(code: string): Set<string> {
  const names = new Set<string>();
  // a call or type spread over several lines (`new Runner(options: { model, work_dir,` ...) names nothing inside it
  let depth = 0;
  for (const line of code.split('\n')) {
    const text = line.replace(/\/\/.*$/, '');
    const startDepth = depth;
    const { statements, end } = topLevelStatements(text, depth);
    depth = end;
    if (startDepth > 0) continue;
    for (const raw of statements) {
      const statement = raw.trim().replace(/^new\s+/, '');
      if (statement === '') continue;
      if (NAME_LIST.test(statement)) {
        for (const name of statement.split(/[\s,]+/)) if (name !== '') names.add(name);
        continue;
      }
      const head = statement.match(IDENTIFIER)?.[0];
      if (head === undefined || KEYWORDS.has(head)) continue;
      const next = statement.charAt(head.length);
      const onInstance = next === '.' && /^[a-z]/.test(head);
      if (!onInstance) names.add(head);
    }
  }
  return names;
}

/**
 * `text` split at the semicolons outside brackets (a `;` inside `{ a?: x; b?: y }` belongs to a type), starting
 * at bracket depth `depth`; also the depth at its end.
 */
function topLevelStatements(text: string, startDepth = 0): { statements: string[]; end: number } {
  const statements: string[] = [];
  let depth = startDepth;
  let start = 0;
  for (let i = 0; i < text.length; i++) {
    const c = text.charAt(i);
    if (c === '(' || c === '[' || c === '{') depth++;
    else if (c === ')' || c === ']' || c === '}') depth--;
    else if (c === ';' && depth === 0) {
      statements.push(text.slice(start, i));
      start = i + 1;
    }
  }
  statements.push(text.slice(start));
  return { statements, end: Math.max(0, depth) };
}
