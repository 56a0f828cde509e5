// first, so the stylesheet keeps its order whatever the modules below import
import './ui/startStyles';
import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { App } from './ui/App';

// public/browser-check.js has already put up its message in place of the app
if (!document.documentElement.hasAttribute('data-unsupported')) {
  const root = document.getElementById('root');
  if (!root) throw new Error('index.html has no #root element');
  createRoot(root).render(
    <StrictMode>
      <App />
    </StrictMode>,
  );
}
