// Light / dark / system theme, remembered in localStorage (a setting, not data worth IndexedDB).
export type ThemeChoice = 'system' | 'light' | 'dark';
const KEY = 'llm-lab.theme';
const DARK_QUERY = '(prefers-color-scheme: dark)';

export class ThemeStore {
  #choice = $state<ThemeChoice>(((globalThis.localStorage?.getItem(KEY) as ThemeChoice | null) ?? 'system'));
  #systemDark = $state(globalThis.matchMedia?.(DARK_QUERY).matches ?? false);

  get choice(): ThemeChoice {
    return this.#choice;
  }

  /**
   * The scheme in effect, following the system while the choice is 'system'. Canvas charts read it
   * to redraw in the new colours: CSS variables change without telling anyone.
   */
  get scheme(): 'light' | 'dark' {
    if (this.#choice !== 'system') return this.#choice;
    return this.#systemDark ? 'dark' : 'light';
  }

  set(choice: ThemeChoice): void {
    this.#choice = choice;
    localStorage.setItem(KEY, choice);
    this.apply();
  }

  apply(): void {
    if (this.#choice === 'system') document.documentElement.removeAttribute('data-theme');
    else document.documentElement.setAttribute('data-theme', this.#choice);
  }

  /** Follows the system's light/dark setting; returns the unsubscribe function for an $effect teardown. */
  listen(): () => void {
    const query = matchMedia(DARK_QUERY);
    const update = () => (this.#systemDark = query.matches);
    query.addEventListener('change', update);
    return () => query.removeEventListener('change', update);
  }
}

export const theme = new ThemeStore();
