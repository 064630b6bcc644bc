import './zod-jitless';
import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { AllCommunityModule, ModuleRegistry } from 'ag-grid-community';
import { connect } from './api';
import { App } from './app/App';
import { createAppStore, StoreContext } from './stores';
import './styles.css';

ModuleRegistry.registerModules([AllCommunityModule]);

const root = createRoot(document.getElementById('root') as HTMLElement);
const client = connect();
if (!client) {
  root.render(<p className="fatal">This tab has no access token. Open the address that Waybill printed when it started.</p>);
} else {
  const store = createAppStore(client);
  // Scans an earlier window held and the core never answered go first, in order (once: never twice).
  void store.getState().replayHeldScans();
  root.render(
    <StrictMode>
      <StoreContext.Provider value={store}>
        <App />
      </StoreContext.Provider>
    </StrictMode>,
  );
}
