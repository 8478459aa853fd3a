// The inspector's tensor table as data: sort initializer rows by any column (numbers numerically,
// missing statistics last whatever the direction) and filter them by name.
import type { InitializerReport } from '../onnx/index.ts';

export type TensorColumn = 'name' | 'dtype' | 'shape' | 'bytes' | 'zeros' | 'min' | 'max' | 'mean' | 'std';
export type SortDirection = 'ascending' | 'descending';

export interface TensorColumnInfo {
  key: TensorColumn;
  label: string;
  numeric: boolean;
}

export const TENSOR_COLUMNS: readonly TensorColumnInfo[] = [
  { key: 'name', label: 'Name', numeric: false },
  { key: 'dtype', label: 'Dtype', numeric: false },
  { key: 'shape', label: 'Shape', numeric: false },
  { key: 'bytes', label: 'Bytes', numeric: true },
  { key: 'zeros', label: 'Zeros', numeric: true },
  { key: 'min', label: 'Min', numeric: true },
  { key: 'max', label: 'Max', numeric: true },
  { key: 'mean', label: 'Mean', numeric: true },
  { key: 'std', label: 'Std', numeric: true },
];

/** Shapes sort by element count, then dimension by dimension. */
function compareShapes(a: readonly number[], b: readonly number[]): number {
  const count = (dims: readonly number[]) => dims.reduce((x, y) => x * y, 1);
  return count(a) - count(b) || a.length - b.length || a.reduce((order, d, i) => order || d - (b[i] ?? 0), 0);
}

function value(row: InitializerReport, column: TensorColumn): number | string | null {
  if (column === 'name' || column === 'dtype') return row[column];
  if (column === 'shape') return null;
  return row[column];
}

export function sortTensors(rows: readonly InitializerReport[], column: TensorColumn, direction: SortDirection): InitializerReport[] {
  const sign = direction === 'ascending' ? 1 : -1;
  return [...rows].sort((a, b) => {
    if (column === 'shape') return sign * compareShapes(a.shape, b.shape) || a.name.localeCompare(b.name);
    const x = value(a, column);
    const y = value(b, column);
    if (x === null || y === null) return x === y ? a.name.localeCompare(b.name) : x === null ? 1 : -1;
    const order = typeof x === 'number' && typeof y === 'number' ? x - y : String(x).localeCompare(String(y));
    return sign * order || a.name.localeCompare(b.name);
  });
}

/** Rows whose name contains the query (case-insensitive); every row for an empty query. */
export function filterTensors(rows: readonly InitializerReport[], query: string): InitializerReport[] {
  const needle = query.trim().toLowerCase();
  return needle ? rows.filter((row) => row.name.toLowerCase().includes(needle)) : [...rows];
}
