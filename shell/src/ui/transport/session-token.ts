/**
 * The host's per-start token: `kanbots serve` opens `…/#token=<token>`. The page takes it from the
 * fragment (never sent over HTTP), keeps it in sessionStorage so a reload still connects, and
 * removes it from the visible URL.
 */

const STORAGE_KEY = 'kanbots.token';

export interface TokenEnvironment {
  location: Pick<Location, 'hash' | 'pathname' | 'search'>;
  history: Pick<History, 'replaceState' | 'state'>;
  storage: Pick<Storage, 'getItem' | 'setItem'>;
}

export function takeSessionToken(environment: TokenEnvironment): string | undefined {
  const fragment = new URLSearchParams(environment.location.hash.replace(/^#/, ''));
  const fromFragment = fragment.get('token');
  if (fromFragment) {
    environment.storage.setItem(STORAGE_KEY, fromFragment);
    fragment.delete('token');
    const rest = fragment.toString();
    const cleanUrl = `${environment.location.pathname}${environment.location.search}${rest ? `#${rest}` : ''}`;
    environment.history.replaceState(environment.history.state, '', cleanUrl);
    return fromFragment;
  }
  return environment.storage.getItem(STORAGE_KEY) ?? undefined;
}
