/**
 * A deliberately small syntax highlighter for diff lines: comments, strings, numbers and keywords
 * of the languages agents usually touch. A line at a time (a diff has no reliable multi-line
 * context), always HTML-escaped first, so its output is safe for `innerHTML`. About 1 kB gzipped,
 * against ~10–20 kB for highlight.js core with a handful of languages.
 */

export type CodeLanguage = 'c-like' | 'python' | 'shell' | 'json' | 'css' | 'markup';

const EXTENSIONS: Record<string, CodeLanguage> = {
  ts: 'c-like', tsx: 'c-like', js: 'c-like', jsx: 'c-like', mjs: 'c-like', cjs: 'c-like', java: 'c-like', kt: 'c-like', go: 'c-like',
  rs: 'c-like', c: 'c-like', h: 'c-like', cpp: 'c-like', cs: 'c-like', swift: 'c-like', php: 'c-like', scala: 'c-like', dart: 'c-like',
  py: 'python', rb: 'python', toml: 'python', yaml: 'python', yml: 'python',
  sh: 'shell', bash: 'shell', zsh: 'shell',
  json: 'json',
  css: 'css', scss: 'css', less: 'css',
  html: 'markup', xml: 'markup', svg: 'markup', vue: 'markup', svelte: 'markup', md: 'markup',
};

const KEYWORDS: Record<CodeLanguage, ReadonlySet<string>> = {
  'c-like': new Set(
    'abstract as async await break case catch class const continue default defer delete do else enum export extends false final finally fn for from func function go if impl implements import in instanceof interface let match mod module mut new nil null package private protected pub public readonly return self static struct super switch this throw throws trait true try type typeof undefined use var void where while yield'.split(' '),
  ),
  python: new Set('and as assert async await break class continue def del elif else end except False finally for from global if import in is lambda None nonlocal not or pass raise return True try while with yield'.split(' ')),
  shell: new Set('if then else elif fi for do done while case esac function in export local return echo cd set'.split(' ')),
  json: new Set(['true', 'false', 'null']),
  css: new Set(['important', 'media', 'import', 'supports', 'keyframes']),
  markup: new Set<string>(),
};

const LINE_COMMENT: Record<CodeLanguage, string | undefined> = { 'c-like': '//', python: '#', shell: '#', json: undefined, css: undefined, markup: undefined };

export function languageOfPath(path: string): CodeLanguage | undefined {
  const extension = /\.([A-Za-z0-9]+)$/.exec(path)?.[1]?.toLowerCase();
  return extension ? EXTENSIONS[extension] : undefined;
}

export function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (character) => `&#${character.charCodeAt(0)};`);
}

const span = (kind: string, text: string): string => `<span class="token-${kind}">${escapeHtml(text)}</span>`;

/** The line as HTML: escaped, with `<span class="token-…">` around the recognised parts. */
export function highlightLine(line: string, language: CodeLanguage | undefined): string {
  if (!language || line.length > 2000) return escapeHtml(line);
  const keywords = KEYWORDS[language];
  const comment = LINE_COMMENT[language];
  let html = '';
  let index = 0;
  while (index < line.length) {
    const rest = line.slice(index);
    if (comment && rest.startsWith(comment)) return html + span('comment', rest);
    if (rest.startsWith('/*') || rest.startsWith('<!--')) {
      const close = rest.indexOf(rest.startsWith('/*') ? '*/' : '-->', 2);
      const end = close === -1 ? rest.length : close + (rest.startsWith('/*') ? 2 : 3);
      html += span('comment', rest.slice(0, end));
      index += end;
      continue;
    }
    const quote = rest[0];
    if (quote === '"' || quote === "'" || quote === '`') {
      let end = 1;
      while (end < rest.length && rest[end] !== quote) end += rest[end] === '\\' ? 2 : 1;
      html += span('string', rest.slice(0, end + 1));
      index += end + 1;
      continue;
    }
    const word = /^[A-Za-z_$][\w$]*/.exec(rest)?.[0];
    if (word) {
      html += keywords.has(word) ? span('keyword', word) : /^[A-Z]/.test(word) && language !== 'markup' ? span('type', word) : escapeHtml(word);
      index += word.length;
      continue;
    }
    const number = /^\d[\d_.xXa-fA-F]*/.exec(rest)?.[0];
    if (number) {
      html += span('number', number);
      index += number.length;
      continue;
    }
    html += escapeHtml(rest[0]!);
    index += 1;
  }
  return html;
}
