// The tensor table's sort and filter: numbers numerically, shapes by element count, missing
// statistics last in both directions, ties broken by name; the filter matches names case-insensitively.
import { describe, expect, it } from 'vitest';
import type { InitializerReport } from '../../../../src/core/onnx/index.ts';
import { filterTensors, sortTensors } from '../../../../src/core/compress-ui/tensor-table.ts';

const row = (name: string, shape: number[], bytes: number, mean: number | null): InitializerReport => ({
  name, dtype: 'float32', shape, params: shape.reduce((a, b) => a * b, 1), bytes, storage: 'raw', zeros: 0, min: null, max: null, mean, std: null, nonFinite: null,
});

const rows = [row('b.weight', [10, 2], 80, 0.5), row('A.bias', [3], 12, -1), row('c', [2, 2], 16, null), row('d', [4, 5], 80, 2)];

describe('tensor table', () => {
  it('sorts numbers numerically, missing values last either way', () => {
    expect(sortTensors(rows, 'mean', 'ascending').map((r) => r.name)).toEqual(['A.bias', 'b.weight', 'd', 'c']);
    expect(sortTensors(rows, 'mean', 'descending').map((r) => r.name)).toEqual(['d', 'b.weight', 'A.bias', 'c']);
  });

  it('breaks ties by name and sorts shapes by element count', () => {
    expect(sortTensors(rows, 'bytes', 'descending').map((r) => r.name)).toEqual(['b.weight', 'd', 'c', 'A.bias']);
    // [3] < [2, 2] < [4, 5] < [10, 2]: 20 elements each for the last two, then dimension by dimension
    expect(sortTensors(rows, 'shape', 'ascending').map((r) => r.name)).toEqual(['A.bias', 'c', 'd', 'b.weight']);
    expect(sortTensors(rows, 'name', 'descending').map((r) => r.name)).toEqual(['d', 'c', 'b.weight', 'A.bias']);
  });

  it('filters by a case-insensitive part of the name without changing the input', () => {
    expect(filterTensors(rows, ' WEIGHT ').map((r) => r.name)).toEqual(['b.weight']);
    expect(filterTensors(rows, '').length).toBe(4);
    expect(rows.map((r) => r.name)).toEqual(['b.weight', 'A.bias', 'c', 'd']);
  });
});
