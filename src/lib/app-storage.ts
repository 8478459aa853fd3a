// The app's one IndexedDB connection, opened on first use and shared by every store.
import { LabStorage } from './storage/lab-storage.ts';

let opening: Promise<LabStorage> | null = null;

export function appStorage(): Promise<LabStorage> {
  opening ??= LabStorage.open().catch((error: unknown) => {
    opening = null; // a later call may succeed (e.g. after the user closes another tab)
    throw error;
  });
  return opening;
}
