/**
 * Well-known credential shapes, caught by pattern even when Kanbots never saw the value (a token
 * an agent found on disk, a key pasted into a prompt). Each pattern is global and matches only
 * the secret itself, not the words around it.
 */
export const secretShapes: readonly RegExp[] = [
  /sk-ant-[A-Za-z0-9_-]{10,}/g, // Anthropic
  /sk-(?:proj-|svcacct-|admin-)?[A-Za-z0-9_-]{20,}/g, // OpenAI
  /gh[pousr]_[A-Za-z0-9]{20,}/g, // GitHub
  /github_pat_[A-Za-z0-9_]{20,}/g,
  /AKIA[0-9A-Z]{16}/g, // AWS access key id
  /xox[abpr]-[A-Za-z0-9-]{10,}/g, // Slack
  /(?<=\b(?:Bearer|Basic)\s+)[A-Za-z0-9._~+/=-]{16,}/g,
  /(?<=\b[a-z][a-z0-9+.-]*:\/\/[^\s/:@]*:)[^\s/@]{6,}(?=@)/gi, // the password in a URL (a git remote's https://user:token@host)
  /(?<=["']?(?:api[_-]?key|x-api-key|authorization|access[_-]?token|secret|password)["']?\s*[:=]\s*["']?)[^\s"',}]{8,}/gi,
];

/** Characters a token-like secret is made of: a stream holds back a trailing run of them, since the token may go on. */
export const tokenCharacter = /[A-Za-z0-9._~+/=%-]/;
