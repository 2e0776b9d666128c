/** Pure naming rules for card branches and worktree directories. */

const maximumSlugLength = 40;

/** A title as a short ASCII slug: `"Fix the login page!"` → `fix-the-login-page`. */
export function slugify(text: string, fallback = 'card'): string {
  const slug = text
    .normalize('NFKD')
    .replace(/[\u0300-\u036f]/g, '')
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-+|-+$/g, '')
    .slice(0, maximumSlugLength)
    .replace(/-+$/g, '');
  return slug === '' ? fallback : slug;
}

/** The short, lower-case tail of an id used in branch names: `wt_V1StGXR8Qx` → `v1stgx`. */
export function shortIdFrom(id: string, length = 6): string {
  const tail = id.includes('_') ? id.slice(id.lastIndexOf('_') + 1) : id;
  const cleaned = tail.toLowerCase().replace(/[^a-z0-9]/g, '');
  return (cleaned === '' ? 'x' : cleaned).slice(0, length);
}

/** The leaf name of a card's branch; attempt 0 is the plain name, later attempts add a suffix. */
export function cardBranchLeaf(titleSlug: string, shortId: string, attempt: number): string {
  return attempt === 0 ? `${titleSlug}-${shortId}` : `${titleSlug}-${shortId}-${attempt + 1}`;
}

export const cardBranchPrefix = 'kanbots/';

/** The directory holding all worktrees of one repository: `<slug of its folder name>-<hash>`. */
export function repositoryDirectoryName(repositoryPath: string, pathHash: string): string {
  const folder = repositoryPath.split(/[\\/]/).filter((part) => part !== '').at(-1) ?? 'repository';
  return `${slugify(folder, 'repository')}-${pathHash.slice(0, 8)}`;
}
