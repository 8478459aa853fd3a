"""LLaMA decoder in PyTorch, with the same math as the project's ONNX builder
(src/core/models/llama-onnx.ts + llama-onnx-parts.ts), so exported weights give the same logits:
RMSNorm x / sqrt(mean(x^2) + eps) * w; HF rotate_half RoPE with inv_freq = theta^(-2i/hd) in float32;
GQA where kv head j serves query heads j*G .. j*G+G-1 (HF repeat_kv); SwiGLU MLP down(silu(gate) * up);
untied LM head unless tie_word_embeddings. Weights are named and shaped as Hugging Face names them
([out, in] for linear layers), which is what the TypeScript exporter expects."""
import math

import torch
import torch.nn.functional as F
from torch import nn


class RMSNorm(nn.Module):
    def __init__(self, size, eps):
        super().__init__()
        self.weight = nn.Parameter(torch.ones(size))
        self.eps = eps

    def forward(self, x):
        return x / torch.sqrt(x.pow(2).mean(-1, keepdim=True) + self.eps) * self.weight


def rotary_tables(positions, head_dim, theta):
    """cos/sin [B,1,S,hd] for integer positions [B,S] (float32 as the ONNX graph computes them)."""
    inv = torch.tensor([1 / math.pow(theta, 2 * i / head_dim) for i in range(head_dim // 2)], dtype=torch.float32)
    freqs = positions.to(torch.float32)[..., None] * inv
    angles = torch.cat([freqs, freqs], dim=-1)
    return angles.cos()[:, None], angles.sin()[:, None]


def rope(x, cos, sin):
    half = x.shape[-1] // 2
    rotated = torch.cat([-x[..., half:], x[..., :half]], dim=-1)
    return x * cos + rotated * sin


class Attention(nn.Module):
    def __init__(self, c):
        super().__init__()
        self.heads, self.kv_heads = c['num_attention_heads'], c['num_key_value_heads']
        self.hd = c['hidden_size'] // self.heads
        width = c['hidden_size']
        self.q_proj = nn.Linear(width, self.heads * self.hd, bias=False)
        self.k_proj = nn.Linear(width, self.kv_heads * self.hd, bias=False)
        self.v_proj = nn.Linear(width, self.kv_heads * self.hd, bias=False)
        self.o_proj = nn.Linear(self.heads * self.hd, width, bias=False)

    def forward(self, x, cos, sin, allowed):
        b, s, _ = x.shape
        q = self.q_proj(x).view(b, s, self.heads, self.hd).transpose(1, 2)
        k = self.k_proj(x).view(b, s, self.kv_heads, self.hd).transpose(1, 2)
        v = self.v_proj(x).view(b, s, self.kv_heads, self.hd).transpose(1, 2)
        q, k = rope(q, cos, sin), rope(k, cos, sin)
        groups = self.heads // self.kv_heads
        k = k.repeat_interleave(groups, dim=1)
        v = v.repeat_interleave(groups, dim=1)
        if allowed is None:
            context = F.scaled_dot_product_attention(q, k, v, is_causal=True)
        else:
            context = F.scaled_dot_product_attention(q, k, v, attn_mask=allowed)
        return self.o_proj(context.transpose(1, 2).reshape(b, s, self.heads * self.hd))


class Mlp(nn.Module):
    def __init__(self, c):
        super().__init__()
        self.gate_proj = nn.Linear(c['hidden_size'], c['intermediate_size'], bias=False)
        self.up_proj = nn.Linear(c['hidden_size'], c['intermediate_size'], bias=False)
        self.down_proj = nn.Linear(c['intermediate_size'], c['hidden_size'], bias=False)

    def forward(self, x):
        return self.down_proj(F.silu(self.gate_proj(x)) * self.up_proj(x))


class Layer(nn.Module):
    def __init__(self, c):
        super().__init__()
        self.input_layernorm = RMSNorm(c['hidden_size'], c['rms_norm_eps'])
        self.self_attn = Attention(c)
        self.post_attention_layernorm = RMSNorm(c['hidden_size'], c['rms_norm_eps'])
        self.mlp = Mlp(c)

    def forward(self, x, cos, sin, allowed):
        x = x + self.self_attn(self.input_layernorm(x), cos, sin, allowed)
        return x + self.mlp(self.post_attention_layernorm(x))


class Body(nn.Module):
    def __init__(self, c):
        super().__init__()
        self.embed_tokens = nn.Embedding(c['vocab_size'], c['hidden_size'])
        self.layers = nn.ModuleList([Layer(c) for _ in range(c['num_hidden_layers'])])
        self.norm = RMSNorm(c['hidden_size'], c['rms_norm_eps'])


class Llama(nn.Module):
    def __init__(self, c):
        super().__init__()
        self.config = c
        self.model = Body(c)
        self.lm_head = nn.Linear(c['hidden_size'], c['vocab_size'], bias=False)
        if c['tie_word_embeddings']:
            self.lm_head.weight = self.model.embed_tokens.weight

    def init_weights(self, std=0.02):
        for name, p in self.named_parameters():
            if name.endswith('norm.weight'):
                nn.init.ones_(p)
            else:
                nn.init.normal_(p, 0.0, std)
                # GPT-2 style: residual projections scaled down with depth.
                if name.endswith('o_proj.weight') or name.endswith('down_proj.weight'):
                    p.data.mul_(1 / math.sqrt(2 * self.config['num_hidden_layers']))

    def forward(self, ids, positions=None, segments=None):
        """logits [B,S,V]. Query i sees key j when j <= i and (with segments) both lie in one segment."""
        b, s = ids.shape
        if positions is None:
            positions = torch.arange(s).expand(b, s)
        allowed = None  # plain causal: SDPA's fused kernel (an explicit mask is ~3x slower on CPU)
        if segments is not None:
            causal = torch.ones(s, s, dtype=torch.bool).tril()
            allowed = causal & (segments[:, :, None] == segments[:, None, :])[:, None]
        cos, sin = rotary_tables(positions, self.config['hidden_size'] // self.config['num_attention_heads'], self.config['rope_theta'])
        x = self.model.embed_tokens(ids)
        for layer in self.model.layers:
            x = layer(x, cos, sin, allowed)
        return self.lm_head(self.model.norm(x))

    def hf_weights(self):
        """name -> float32 tensor in HF layout (no lm_head.weight when tied)."""
        out = {k: v.detach().float().contiguous() for k, v in self.state_dict().items()}
        if self.config['tie_word_embeddings']:
            out.pop('lm_head.weight', None)
        return out
