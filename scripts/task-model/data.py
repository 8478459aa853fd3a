"""Reads the binary segments prepare.ts writes and packs them into training rows: each row holds
whole segments (corpus chunks may be cut to fill the end of a row), each with its own positions from 0
and its own attention block, so every item is seen exactly as at inference (prompt at position 0)."""
import json
import os

import numpy as np
import torch


class Split:
    def __init__(self, data_dir, name, groups):
        self.tokens = np.fromfile(os.path.join(data_dir, f'{name}.tokens.u16'), dtype='<u2').astype(np.int64)
        self.mask = np.fromfile(os.path.join(data_dir, f'{name}.mask.u8'), dtype=np.uint8)
        index = np.fromfile(os.path.join(data_dir, f'{name}.index.i32'), dtype='<i4').reshape(-1, 3)
        self.offsets, self.lengths, self.group_of = index[:, 0], index[:, 1], index[:, 2]
        self.groups = groups
        self.by_group = {g: np.nonzero(self.group_of == i)[0] for i, g in enumerate(groups)}
        self.by_group = {g: v for g, v in self.by_group.items() if len(v) > 0}

    def segment(self, i):
        o, n = self.offsets[i], self.lengths[i]
        return self.tokens[o:o + n], self.mask[o:o + n]

    def mean_length(self, group):
        return float(self.lengths[self.by_group[group]].mean())


def load_meta(data_dir):
    with open(os.path.join(data_dir, 'meta.json')) as f:
        return json.load(f)


class Batcher:
    """Draws segments by group token shares, sorts a pool of them by length and cuts it into batches of
    at most `budget` tokens (rows x longest row), one segment per row, served in shuffled order. Each
    item is seen exactly as at inference (alone, from position 0), with the fused causal attention kernel
    and little padding."""

    def __init__(self, split, budget, pad_id, rng, pool=384):
        self.split, self.budget, self.pad_id, self.rng, self.pool = split, budget, pad_id, rng, pool
        self.queue = []

    def group_probabilities(self, token_shares):
        names = [g for g in token_shares if g in self.split.by_group and token_shares[g] > 0]
        weights = np.array([token_shares[g] / self.split.mean_length(g) for g in names])
        return names, weights / weights.sum()

    def refill(self, token_shares):
        names, probs = self.group_probabilities(token_shares)
        picks = []
        for g in self.rng.choice(len(names), size=self.pool, p=probs):
            members = self.split.by_group[names[g]]
            picks.append(members[self.rng.integers(len(members))])
        picks.sort(key=lambda i: self.split.lengths[i])
        batches, current = [], []
        for i in picks:
            if current and (len(current) + 1) * self.split.lengths[i] > self.budget:
                batches.append(current)
                current = []
            current.append(i)
        batches.append(current)
        self.queue = [batches[k] for k in self.rng.permutation(len(batches))]

    def batch(self, token_shares):
        """token_shares: a function giving the current mix (called only when a new pool is drawn)."""
        if not self.queue:
            self.refill(token_shares())
        chunk = [self.split.segment(i) for i in self.queue.pop()]
        width = max(len(t) for t, _ in chunk)
        ids = np.full((len(chunk), width), self.pad_id, dtype=np.int64)
        mask = np.zeros((len(chunk), width), dtype=np.float32)
        for r, (t, m) in enumerate(chunk):
            ids[r, :len(t)] = t
            mask[r, :len(m)] = m
        return torch.from_numpy(ids), torch.from_numpy(mask)


def single_batches(split, group, count, pad_id, max_rows=8):
    """The first `count` segments of a group, padded to one length, in small batches (validation)."""
    pool = split.by_group.get(group, [])[:count]
    for start in range(0, len(pool), max_rows):
        chunk = [split.segment(i) for i in pool[start:start + max_rows]]
        width = max(len(t) for t, _ in chunk)
        ids = np.full((len(chunk), width), pad_id, dtype=np.int64)
        mask = np.zeros((len(chunk), width), dtype=np.float32)
        for r, (t, m) in enumerate(chunk):
            ids[r, :len(t)] = t
            mask[r, :len(m)] = m
        yield torch.from_numpy(ids), torch.from_numpy(mask)
