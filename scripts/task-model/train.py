"""Trains the task model on the data prepare.ts wrote (seeded, resumable, CPU).

    python3 scripts/task-model/train.py [--data .cache/task-model/data] [--out .cache/task-model]
        [--steps N] [--stop-at HH:MM] [--export-only]

Checkpoints go to OUT/checkpoint.pt every --checkpoint-minutes (model, optimizer, step, RNG states,
log): rerunning the same command continues where it stopped, on the same schedule. Curriculum (CURRICULUM):
copy practice weighs heavily early and again mid-run, then all tasks are mixed with the v1 corpus. Every --eval-minutes: validation loss, teacher-forced exact match (every target token the
argmax, i.e. what greedy decoding with the tools' outputs supplied would write) and digit accuracy
per group. At the end (or at --stop-at) OUT/export/ gets weights.bin + weights.json + reference.json,
and OUT/log.json the curves."""
import argparse
import datetime as dt
import json
import math
import os
import time

import numpy as np
import torch
import torch.nn.functional as F

from data import Batcher, Split, load_meta, single_batches
from model import Llama

# Token shares per group, by fraction of the run: the curriculum of the published model as it ran
# (.cache/task-model/curriculum.json recorded it; the 31% and 41% changes were made live, because copying
# had not started: copy drills 0% exact, digits at chance). Copying appeared during the copy-heavy phase
# (drills 69% exact, digits 100% at 60%), then the task mix came back with a fifth of copy practice.
TASK_MIX = {'drill-copy': 0.03, 'drill-lookup': 0.03, 'copy': 0.04, 'corpus': 0.12, 'closed': 0.10,
            'reading': 0.20, 'direct': 0.05, 'pal': 0.20, 'react': 0.23}
CURRICULUM = [
    (0.00, {'drill-copy': 0.12, 'drill-lookup': 0.12, 'copy': 0.10, 'corpus': 0.10, 'closed': 0.06,
            'reading': 0.16, 'direct': 0.04, 'pal': 0.16, 'react': 0.14}),
    (0.15, TASK_MIX),
    (0.31, {'drill-copy': 0.07, 'drill-lookup': 0.07, 'copy': 0.06, 'corpus': 0.10, 'closed': 0.10,
            'reading': 0.18, 'direct': 0.04, 'pal': 0.18, 'react': 0.20}),
    (0.41, {'drill-copy': 0.30, 'drill-lookup': 0.15, 'copy': 0.15, 'corpus': 0.04, 'closed': 0.06,
            'reading': 0.10, 'direct': 0.02, 'pal': 0.09, 'react': 0.09}),
    (0.605, {'drill-copy': 0.05, 'drill-lookup': 0.10, 'copy': 0.05, 'corpus': 0.08, 'closed': 0.10,
             'reading': 0.21, 'direct': 0.03, 'pal': 0.15, 'react': 0.23}),
]


def parse_args():
    p = argparse.ArgumentParser()
    p.add_argument('--data', default='.cache/task-model/data')
    p.add_argument('--out', default='.cache/task-model')
    p.add_argument('--steps', type=int, default=1500)
    p.add_argument('--minutes', type=float, default=None, help='time budget: the schedule runs on training seconds, not steps')
    p.add_argument('--batch-tokens', type=int, default=2048)
    p.add_argument('--lr', type=float, default=1.5e-3)
    p.add_argument('--min-lr-ratio', type=float, default=0.1)
    p.add_argument('--warmup', type=int, default=30)
    p.add_argument('--weight-decay', type=float, default=0.1)
    p.add_argument('--clip', type=float, default=1.0)
    p.add_argument('--eval-minutes', type=float, default=6)
    p.add_argument('--eval-items', type=int, default=16)
    p.add_argument('--checkpoint-minutes', type=float, default=5)
    p.add_argument('--stop-at', default=None, help='UTC HH:MM: checkpoint, export and exit at that time')
    # One thread: on two cores shared by several jobs, 2 threads ran 5x slower than 1 (barrier waits).
    p.add_argument('--threads', type=int, default=1)
    p.add_argument('--export-only', action='store_true')
    return p.parse_args()


def shares(fraction, out_dir):
    """The curriculum's mix at this fraction of the run; OUT/shares.json, when present, replaces it (steering a live run)."""
    override = os.path.join(out_dir, 'shares.json')
    if os.path.exists(override):
        with open(override) as f:
            return json.load(f)
    return [mix for start, mix in CURRICULUM if fraction >= start][-1]


def progress(args, log):
    """Fraction of the run done: by steps, or by training seconds with --minutes (time budget)."""
    if args.minutes:
        return log['seconds'] / (args.minutes * 60)
    return log['step'] / args.steps


def learning_rate(args, step, done):
    if step < args.warmup:
        return args.lr * (step + 1) / args.warmup
    warm = args.warmup / args.steps if not args.minutes else 0.0
    progress = min(1.0, max(0.0, (done - warm) / max(1e-9, 1 - warm)))
    return args.lr * (args.min_lr_ratio + (1 - args.min_lr_ratio) * 0.5 * (1 + math.cos(math.pi * progress)))


def masked_loss(model, ids, mask, positions=None, segments=None):
    logits = model(ids[:, :-1], None if positions is None else positions[:, :-1], None if segments is None else segments[:, :-1])
    targets, weights = ids[:, 1:], mask[:, 1:]
    losses = F.cross_entropy(logits.reshape(-1, logits.shape[-1]), targets.reshape(-1), reduction='none').view_as(weights)
    return (losses * weights).sum() / weights.sum().clamp(min=1), logits


@torch.no_grad()
def evaluate(model, split, meta, count, pad_id):
    model.eval()
    digits = torch.tensor(meta['digitIds'])
    report = {}
    for group in split.by_group:
        total_loss, scored, exact, items, digit_hits, digit_total = 0.0, 0.0, 0, 0, 0, 0
        for ids, mask in single_batches(split, group, count, pad_id):
            loss, logits = masked_loss(model, ids, mask)
            weights = mask[:, 1:]
            total_loss += loss.item() * weights.sum().item()
            scored += weights.sum().item()
            right = (logits.argmax(-1) == ids[:, 1:]) | (weights == 0)
            exact += int(right.all(dim=1).sum())
            items += ids.shape[0]
            is_digit = torch.isin(ids[:, 1:], digits) & (weights > 0)
            digit_hits += int((right & is_digit).sum())
            digit_total += int(is_digit.sum())
        report[group] = {'loss': round(total_loss / max(scored, 1), 4), 'exact': round(exact / max(items, 1), 4), 'items': items,
                         'digit_accuracy': None if digit_total == 0 else round(digit_hits / digit_total, 4)}
    model.train()
    return report


def export(model, out_dir, split, pad_id):
    """weights.bin (float32 LE, HF layout) + weights.json (name -> offset, shape) + reference.json."""
    os.makedirs(out_dir, exist_ok=True)
    index, offset = {}, 0
    with open(os.path.join(out_dir, 'weights.bin'), 'wb') as f:
        for name, tensor in model.hf_weights().items():
            data = tensor.numpy().astype('<f4').tobytes()
            f.write(data)
            index[name] = {'offset': offset, 'shape': list(tensor.shape)}
            offset += len(data)
    with open(os.path.join(out_dir, 'weights.json'), 'w') as f:
        json.dump({'config': model.config, 'tensors': index}, f, indent=1)
    # Reference for the ONNX parity test: the first 12 tokens of a validation item, logits of 64 ids.
    ids, _ = split.segment(split.by_group[next(iter(split.by_group))][0])
    ids = torch.from_numpy(ids[:12])[None]
    model.eval()
    with torch.no_grad():
        logits = model(ids)[0]
    model.train()
    vocab = list(range(0, model.config['vocab_size'], max(1, model.config['vocab_size'] // 64)))[:64]
    with open(os.path.join(out_dir, 'reference.json'), 'w') as f:
        json.dump({'input_ids': ids[0].tolist(), 'vocab_ids': vocab, 'logits': [[round(float(row[v]), 6) for v in vocab] for row in logits],
                   'argmax': logits.argmax(-1).tolist()}, f)


def stop_time(text):
    if not text:
        return None
    now = dt.datetime.now(dt.timezone.utc)
    h, m = (int(x) for x in text.split(':'))
    at = now.replace(hour=h, minute=m, second=0, microsecond=0)
    return (at if at > now else at + dt.timedelta(days=1)).timestamp()


def main():
    args = parse_args()
    torch.set_num_threads(args.threads)
    meta = load_meta(args.data)
    config = meta['config']
    pad_id = config['pad_token_id']
    torch.manual_seed(meta['seed'])
    model = Llama(config)
    model.init_weights()
    decay = [p for n, p in model.named_parameters() if p.dim() >= 2]
    no_decay = [p for n, p in model.named_parameters() if p.dim() < 2]
    optimizer = torch.optim.AdamW([{'params': decay, 'weight_decay': args.weight_decay}, {'params': no_decay, 'weight_decay': 0.0}],
                                  lr=args.lr, betas=(0.9, 0.95), eps=1e-8)
    rng = np.random.default_rng(meta['seed'])
    train, validation = Split(args.data, 'train', meta['groups']), Split(args.data, 'validation', meta['groups'])
    log = {'train': [], 'validation': [], 'seconds': 0.0, 'tokens': 0, 'scored_tokens': 0, 'step': 0}
    checkpoint_path = os.path.join(args.out, 'checkpoint.pt')
    if os.path.exists(checkpoint_path):
        state = torch.load(checkpoint_path, weights_only=False)
        if state['config'] != config:
            raise SystemExit(f'{checkpoint_path} was trained with another config; move it away to start afresh.')
        model.load_state_dict(state['model'])
        optimizer.load_state_dict(state['optimizer'])
        rng.bit_generator.state = state['rng']
        torch.set_rng_state(state['torch_rng'])
        log = state['log']
        print(f"resumed at step {log['step']} ({log['tokens']} tokens, {log['seconds']:.0f}s)", flush=True)
    params = sum(p.numel() for p in model.parameters())
    print(f'parameters {params}, ' + (f'{args.minutes} minutes' if args.minutes else f'{args.steps} steps') + f', {args.batch_tokens} tokens per batch', flush=True)

    def save():
        state = {'config': config, 'model': model.state_dict(), 'optimizer': optimizer.state_dict(), 'rng': rng.bit_generator.state,
                 'torch_rng': torch.get_rng_state(), 'log': log, 'args': vars(args)}
        torch.save(state, checkpoint_path + '.tmp')
        os.replace(checkpoint_path + '.tmp', checkpoint_path)
        with open(os.path.join(args.out, 'log.json'), 'w') as f:
            json.dump({**{k: v for k, v in log.items()}, 'parameters': params, 'args': vars(args)}, f)

    def run_eval():
        report = evaluate(model, validation, meta, args.eval_items, pad_id)
        log['validation'].append({'step': log['step'], 'tokens': log['tokens'], 'seconds': round(log['seconds'], 1), 'groups': report})
        line = ' '.join(f"{g}:{r['loss']:.2f}/{r['exact']:.0%}" + (f"/d{r['digit_accuracy']:.0%}" if r['digit_accuracy'] is not None else '')
                        for g, r in report.items())
        print(f"[eval step {log['step']}] loss/exact/digits {line}", flush=True)

    deadline = stop_time(args.stop_at)
    batcher = Batcher(train, args.batch_tokens, pad_id, rng)
    last_eval = last_save = time.time()
    if not args.export_only and log['step'] == 0:
        run_eval()
    while not args.export_only and progress(args, log) < 1:
        if deadline and time.time() >= deadline:
            print('stop time reached', flush=True)
            break
        started = time.time()
        step = log['step']
        done = progress(args, log)
        lr = learning_rate(args, step, done)
        for group in optimizer.param_groups:
            group['lr'] = lr
        def mix():
            current = shares(done, args.out)
            if not log.setdefault('mix', []) or log['mix'][-1]['shares'] != current:
                log['mix'].append({'step': log['step'], 'shares': current})  # the curriculum as it ran
            return current

        ids, mask = batcher.batch(mix)
        loss, _ = masked_loss(model, ids, mask)
        optimizer.zero_grad(set_to_none=True)
        loss.backward()
        norm = torch.nn.utils.clip_grad_norm_(model.parameters(), args.clip)
        optimizer.step()
        seconds = time.time() - started
        log['step'] += 1
        log['seconds'] += seconds
        log['tokens'] += int((ids != pad_id).sum())
        log['scored_tokens'] += int(mask.sum())
        log['train'].append([log['step'], round(loss.item(), 4), round(lr, 6), round(float(norm), 3), log['tokens'], round(log['seconds'], 1)])
        if log['step'] % 10 == 0:
            print(f"step {log['step']} ({done:.1%}) loss {loss.item():.3f} lr {lr:.2e} norm {float(norm):.2f} "
                  f"{ids.numel() / seconds:.0f} tok/s elapsed {log['seconds'] / 60:.1f} min", flush=True)
        if time.time() - last_eval > args.eval_minutes * 60 or progress(args, log) >= 1:
            run_eval()
            last_eval = time.time()
        if time.time() - last_save > args.checkpoint_minutes * 60:
            save()
            last_save = time.time()
    if not args.export_only:
        save()
    export(model, os.path.join(args.out, 'export'), validation, pad_id)
    print(f"exported step {log['step']} to {os.path.join(args.out, 'export')}", flush=True)


if __name__ == '__main__':
    main()
