// Hash router: the site is static (any host, any sub-path), so routes live after '#/'.
export const routes = [
  { path: 'compare', label: 'Compare' },
  { path: 'compress', label: 'Compress' },
  { path: 'distill', label: 'Distill' },
  { path: 'history', label: 'History' },
  { path: 'storage', label: 'Models & storage' },
  { path: 'planner', label: 'Planner' },
  { path: 'python', label: 'Python' },
  { path: 'device', label: 'This device' },
  { path: 'web-llm', label: 'web-llm chat' },
] as const;

export type RoutePath = (typeof routes)[number]['path'];

function parse(hash: string): RoutePath {
  const path = hash.replace(/^#\/?/, '').split('?')[0] ?? '';
  return routes.find((route) => route.path === path)?.path ?? routes[0].path;
}

export class Router {
  #path = $state<RoutePath>(parse(globalThis.location?.hash ?? ''));

  get path(): RoutePath {
    return this.#path;
  }

  /** Follows the address bar; returns the unsubscribe function for an $effect teardown. */
  listen(): () => void {
    const update = () => (this.#path = parse(location.hash));
    addEventListener('hashchange', update);
    return () => removeEventListener('hashchange', update);
  }

  go(path: RoutePath): void {
    location.hash = `#/${path}`;
  }
}

export const router = new Router();
