import { createContext, useContext } from 'solid-js';
import type { AppState } from './state/app-state.js';

/** The app state, provided once at the root for the containers (presentational parts take props). */
export const AppContext = createContext<AppState>();

export function useAppState(): AppState {
  const state = useContext(AppContext);
  if (!state) throw new Error('useAppState must be used inside <AppContext.Provider>');
  return state;
}
