import { render } from 'solid-js/web';
import { AppShell } from './components/app-shell.js';
import { AppContext } from './app-context.js';
import { createAppState } from './state/app-state.js';
import { applyTheme } from './theme.js';
import { chooseTransport } from './transport/choose-transport.js';
import './styles/app.css';
import './styles/runs.css';
import './styles/preflight.css';
import './styles/projects.css';

const root = document.getElementById('app');
if (!root) throw new Error('index.html has no #app element');

render(() => {
  const state = createAppState(chooseTransport(), { applyTheme });
  void state.start();
  return (
    <AppContext.Provider value={state}>
      <AppShell />
    </AppContext.Provider>
  );
}, root);
