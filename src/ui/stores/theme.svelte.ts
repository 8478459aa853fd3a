// Light / dark / system theme, remembered in localStorage (a setting, not data worth IndexedDB).
export type ThemeChoice = 'system' | 'light' | 'dark';
const KEY = 'llm-lab.theme';

export class ThemeStore {
  #choice = $state<ThemeChoice>(((globalThis.localStorage?.getItem(KEY) as ThemeChoice | null) ?? 'system'));

  get choice(): ThemeChoice {
    return this.#choice;
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
}

export const theme = new ThemeStore();
