// Entry point: mounts the Svelte app. Everything heavy loads later, inside workers.
import { mount } from 'svelte';
import './ui/app.css';
import App from './ui/App.svelte';

const target = document.getElementById('app');
if (!target) throw new Error('index.html has no #app element');
export default mount(App, { target });
