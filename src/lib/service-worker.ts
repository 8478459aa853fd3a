// Registers the service worker (src/sw.ts, built to sw.js beside index.html) and follows it:
// - first visit: once the worker controls the page, reload once so the page is served with
//   COOP/COEP and becomes cross-origin isolated (a sessionStorage flag prevents a reload loop on
//   browsers that still refuse isolation);
// - later visits: a new version installs in the background and waits; listeners hear about it and
//   `applyUpdate` activates it, after which the page reloads into the new version.
import { SW_MESSAGE_SKIP_WAITING } from './service-worker-policy.ts';

const RELOADED_FOR_ISOLATION = 'lab-sw-reloaded-for-isolation';

type Listener = () => void;
const listeners = new Set<Listener>();
let waitingWorker: ServiceWorker | null = null;
let updateAccepted = false;

function announce(worker: ServiceWorker): void {
  waitingWorker = worker;
  for (const listener of listeners) listener();
}

/** Calls `listener` when a new version is ready (at once if one already waits); returns the unsubscribe. */
export function onUpdateAvailable(listener: Listener): () => void {
  listeners.add(listener);
  if (waitingWorker) listener();
  return () => listeners.delete(listener);
}

/** Activates the waiting version; the page reloads when it takes control. */
export function applyUpdate(): void {
  if (!waitingWorker) return;
  updateAccepted = true;
  waitingWorker.postMessage({ type: SW_MESSAGE_SKIP_WAITING });
}

function onControllerChange(): void {
  if (updateAccepted) {
    location.reload();
    return;
  }
  if (globalThis.crossOriginIsolated || sessionStorage.getItem(RELOADED_FOR_ISOLATION)) return;
  sessionStorage.setItem(RELOADED_FOR_ISOLATION, '1');
  location.reload();
}

function watchUpdates(registration: ServiceWorkerRegistration): void {
  // A waiting worker only means an update when a controller already serves this page.
  if (registration.waiting && navigator.serviceWorker.controller) announce(registration.waiting);
  registration.addEventListener('updatefound', () => {
    const installing = registration.installing;
    installing?.addEventListener('statechange', () => {
      if (installing.state === 'installed' && navigator.serviceWorker.controller) announce(installing);
    });
  });
}

/** Registers sw.js relative to the page (works at the site root and under any sub-path). */
export async function registerServiceWorker(): Promise<ServiceWorkerRegistration | null> {
  if (import.meta.env.DEV || !('serviceWorker' in navigator)) return null;
  if (globalThis.crossOriginIsolated) sessionStorage.removeItem(RELOADED_FOR_ISOLATION);
  navigator.serviceWorker.addEventListener('controllerchange', onControllerChange);
  try {
    const registration = await navigator.serviceWorker.register(new URL('sw.js', document.baseURI));
    watchUpdates(registration);
    return registration;
  } catch (error) {
    // Private windows and file:// refuse service workers; the lab still runs online without one.
    console.warn('The service worker could not be registered; the lab works online only.', error);
    return null;
  }
}
