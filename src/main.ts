// Entry point: mounts the Svelte app and registers the service worker (offline use, cross-origin
// isolation on hosts without COOP/COEP headers). Everything heavy loads later, inside workers.
import { mount } from 'svelte';
import './ui/app.css';
import App from './ui/App.svelte';
import UpdatePrompt from './ui/components/UpdatePrompt.svelte';
import { registerServiceWorker } from './lib/service-worker.ts';

const target = document.getElementById('app');
if (!target) throw new Error('index.html has no #app element');
mount(UpdatePrompt, { target: document.getElementById('update-prompt') ?? document.body });
void registerServiceWorker();
export default mount(App, { target });
