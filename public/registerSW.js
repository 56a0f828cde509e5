/*
 * Registers the service worker, which caches the whole app (some megabytes) for offline use. It waits
 * until the app has drawn its first screen (the app marks <html data-first-screen>), so that on a first
 * visit, or after an update, the caching does not compete with the start-up for the network and the
 * processor; at the latest 10 s after the page has loaded. ES2015 only (scripts/checkBrowserLine.ts).
 */
if ('serviceWorker' in navigator) {
  window.addEventListener('load', () => {
    let registered = false;
    const register = () => {
      if (registered) return;
      registered = true;
      navigator.serviceWorker.register('./sw.js', { scope: './' });
    };
    if (document.documentElement.hasAttribute('data-first-screen')) register();
    else {
      document.addEventListener('app-first-screen', register);
      setTimeout(register, 10000);
    }
  });
}
