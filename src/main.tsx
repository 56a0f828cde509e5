// first, so the stylesheet keeps its order whatever the modules below import
import './ui/startStyles';
import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { App } from './ui/App';
import { useUi } from './ui/uiStore';
import { isLoaded, loadLanguage } from './i18n/messages';

// public/browser-check.js has already put up its message in place of the app
if (!document.documentElement.hasAttribute('data-unsupported')) {
  const root = document.getElementById('root');
  if (!root) throw new Error('index.html has no #root element');
  const render = () =>
    createRoot(root).render(
      <StrictMode>
        <App />
      </StrictMode>,
    );
  // a user who chose English last time: its table before the first screen (a Chinese start waits for nothing)
  const { lang } = useUi.getState();
  if (isLoaded(lang)) render();
  else void loadLanguage(lang).then(render, render);
}
