// GraphIndex on real exports whose node lists are not in topological order, and on small graphs
// with a known answer: constants, subgraph (If branch) references, cycles.
import { describe, expect, it } from 'vitest';
import { decodeModel } from '../../../../src/core/onnx/codec.ts';
import { InvalidOnnxModelError } from '../../../../src/core/onnx/errors.ts';
import { GraphIndex } from '../../../../src/core/onnx/graph-index.ts';
import type { onnx } from '../../../../src/core/onnx/proto.ts';
import { readBytes, realFixture, realFixtureNames } from './helpers.ts';
import { buildLinearModel } from './models.ts';

/** Names read before any node produced them, walking `nodes` in the given order. */
function readsBeforeProduced(graph: onnx.IGraphProto, nodes: readonly onnx.INodeProto[]): string[] {
  const available = new Set([...(graph.input ?? []).map((v) => v.name!), ...(graph.initializer ?? []).map((t) => t.name!)]);
  const producedSomewhere = new Set((graph.node ?? []).flatMap((node) => node.output ?? []));
  const early: string[] = [];
  for (const node of nodes) {
    for (const input of node.input ?? []) if (input && !available.has(input) && producedSomewhere.has(input)) early.push(input);
    for (const output of node.output ?? []) available.add(output);
  }
  return early;
}

describe('GraphIndex on real exports', () => {
  it.each(realFixtureNames())('%s: the order is topological and keeps every node once', (name) => {
    const graph = decodeModel(readBytes(realFixture(name))).graph!;
    const index = new GraphIndex(graph);
    expect(index.order).toHaveLength(graph.node!.length);
    expect(new Set(index.order).size).toBe(graph.node!.length);
    expect(readsBeforeProduced(graph, index.order)).toEqual([]);
  });

  it('the bert and gpt2 pytorch exports really are out of order in the file', () => {
    for (const name of ['ort_bert_toy_optimized.onnx', 'ort_gpt2_nopast_pytorch1.4_opset11.onnx']) {
      const graph = decodeModel(readBytes(realFixture(name))).graph!;
      expect(readsBeforeProduced(graph, graph.node!).length, name).toBeGreaterThan(0);
    }
  });

  it('producers and consumers agree with the node lists', () => {
    const graph = decodeModel(readBytes(realFixture('genai_tiny-random-gpt2-fp32_past.onnx'))).graph!;
    const index = new GraphIndex(graph);
    let edges = 0;
    for (const node of graph.node!) {
      for (const output of node.output!.filter(Boolean)) expect(index.producer(output)).toBe(node);
      for (const input of new Set(node.input!.filter(Boolean))) {
        expect(index.consumersOf(input)).toContain(node);
        edges++;
      }
    }
    expect([...index.consumers.values()].reduce((sum, list) => sum + list.length, 0)).toBe(edges);
    expect(index.initializers.size).toBe(27);
    expect(index.typeOf('input_ids')).toEqual({ dtype: 'int32', shape: ['batch_size', 'seq_len'] });
    expect(index.typeOf('present_0')!.shape).toEqual([2, 'batch_size', 4, 'total_seq_len', 8]);
  });
});

describe('GraphIndex on small graphs', () => {
  it('constants: initializers and what is computed only from them', () => {
    const index = new GraphIndex(buildLinearModel().graph!);
    expect(index.isConstant('W')).toBe(true);
    expect(index.isConstant('h32')).toBe(true); // Cast of an initializer
    expect(index.isConstant('x')).toBe(false);
    expect(index.isConstant('x2')).toBe(false); // Reshape(x, shape)
    expect(index.isConstant('y')).toBe(false);
    expect(index.order.map((node) => node.name)).toEqual(['reshape', 'matmul', 'add', 'relu', 'cast', 'scale']);
  });

  it('an initializer that is also a graph input can be overridden, so it is not constant', () => {
    const graph = buildLinearModel().graph!;
    graph.input!.push({ name: 'W' });
    const index = new GraphIndex(graph);
    expect(index.isConstant('W')).toBe(false);
    expect(index.inputs.map((input) => input.name)).toEqual(['x']);
  });

  it('random ops are not constant even without inputs', () => {
    const graph: onnx.IGraphProto = {
      node: [
        { opType: 'RandomNormal', input: [], output: ['noise'] },
        { opType: 'Constant', input: [], output: ['one'] },
      ],
    };
    const index = new GraphIndex(graph);
    expect(index.isConstant('noise')).toBe(false);
    expect(index.isConstant('one')).toBe(true);
  });

  it('a node whose subgraph reads an outer value is ordered after that value', () => {
    const thenBranch: onnx.IGraphProto = { node: [{ opType: 'Identity', input: ['late'], output: ['out'] }], output: [{ name: 'out' }] };
    const graph: onnx.IGraphProto = {
      input: [{ name: 'cond' }, { name: 'x' }],
      node: [
        { name: 'if', opType: 'If', input: ['cond'], output: ['y'], attribute: [{ name: 'then_branch', g: thenBranch }, { name: 'else_branch', g: thenBranch }] },
        { name: 'make-late', opType: 'Neg', input: ['x'], output: ['late'] },
      ],
    };
    const index = new GraphIndex(graph);
    expect(index.order.map((node) => node.name)).toEqual(['make-late', 'if']);
    expect(index.consumersOf('late').map((node) => node.name)).toEqual(['if']);
  });

  it('a cycle is a typed error naming a node on it', () => {
    const graph: onnx.IGraphProto = {
      node: [
        { name: 'a', opType: 'Neg', input: ['b_out'], output: ['a_out'] },
        { name: 'b', opType: 'Neg', input: ['a_out'], output: ['b_out'] },
      ],
    };
    expect(() => new GraphIndex(graph)).toThrow(InvalidOnnxModelError);
    expect(() => new GraphIndex(graph)).toThrow(/cycle through node '(a|b)'/);
  });
});
