// Devices a model might be deployed to, with published memory and memory bandwidth and where each
// figure comes from. Data only (no logic). Where a vendor publishes the memory type and clock but not
// the bandwidth (phones, some laptops), the bandwidth is derived as transfers/s x bus width and says so.
// GB here is the vendors' unit (10^9 bytes for bandwidth; HBM/GDDR capacities are binary in practice).

export type TargetKind = 'phone' | 'laptop' | 'desktop-gpu' | 'server-gpu';

export interface DeploymentTarget {
  name: string;
  kind: TargetKind;
  /** Memory the model can live in: VRAM for discrete GPUs, the whole unified memory otherwise (configuration named). */
  memoryGB: number;
  bandwidthGBps: number;
  /** CPU, GPU and OS share this memory: a browser gets only part of it. */
  unifiedMemory: boolean;
  /** Vendor page or document the figures come from. */
  source: string;
  /** How the bandwidth was obtained when the vendor does not state it. */
  bandwidthNote?: string;
}

export const DEPLOYMENT_TARGETS: readonly DeploymentTarget[] = [
  { name: 'Samsung Galaxy S23 Ultra (Snapdragon 8 Gen 2, 12 GB)', kind: 'phone', memoryGB: 12, bandwidthGBps: 67.2, unifiedMemory: true,
    source: 'Qualcomm Snapdragon 8 Gen 2 product brief (LPDDR5x up to 4200 MHz), qualcomm.com; Samsung Galaxy S23 Ultra specifications, samsung.com',
    bandwidthNote: 'derived: 8400 MT/s x 64-bit bus / 8' },
  { name: 'Samsung Galaxy S24 Ultra (Snapdragon 8 Gen 3, 12 GB)', kind: 'phone', memoryGB: 12, bandwidthGBps: 76.8, unifiedMemory: true,
    source: 'Qualcomm Snapdragon 8 Gen 3 product brief (LPDDR5x up to 4800 MHz), qualcomm.com; Samsung Galaxy S24 Ultra specifications, samsung.com',
    bandwidthNote: 'derived: 9600 MT/s x 64-bit bus / 8' },
  { name: 'Samsung Galaxy S25 Ultra (Snapdragon 8 Elite, 12 GB)', kind: 'phone', memoryGB: 12, bandwidthGBps: 84.8, unifiedMemory: true,
    source: 'Qualcomm Snapdragon 8 Elite product brief (LPDDR5x up to 5300 MHz), qualcomm.com; Samsung Galaxy S25 Ultra specifications, samsung.com',
    bandwidthNote: 'derived: 10600 MT/s x 64-bit bus / 8' },
  { name: 'MacBook Air M2 (16 GB)', kind: 'laptop', memoryGB: 16, bandwidthGBps: 100, unifiedMemory: true,
    source: 'Apple newsroom, "Apple unveils M2" (June 2022): 100GB/s unified memory bandwidth, up to 24GB, apple.com/newsroom' },
  { name: 'MacBook Air M4 (16 GB)', kind: 'laptop', memoryGB: 16, bandwidthGBps: 120, unifiedMemory: true,
    source: 'Apple newsroom, M4 Pro and M4 Max announcement (Oct 2024): M4 memory bandwidth 120GB/s, up to 32GB, apple.com/newsroom' },
  { name: 'Laptop, Intel Core Ultra 7 258V (Lunar Lake, 32 GB)', kind: 'laptop', memoryGB: 32, bandwidthGBps: 136.5, unifiedMemory: true,
    source: 'Intel ARK, Core Ultra 7 258V: 32 GB LPDDR5X-8533 on package, ark.intel.com',
    bandwidthNote: 'derived: 8533 MT/s x 128-bit bus / 8' },
  { name: 'MacBook Pro M4 Pro (48 GB)', kind: 'laptop', memoryGB: 48, bandwidthGBps: 273, unifiedMemory: true,
    source: 'Apple newsroom, "Apple introduces M4 Pro and M4 Max" (Oct 2024): up to 64GB at 273GB/s, apple.com/newsroom' },
  { name: 'MacBook Pro M3 Max 16-core (128 GB)', kind: 'laptop', memoryGB: 128, bandwidthGBps: 400, unifiedMemory: true,
    source: 'Apple newsroom, "Apple unveils M3, M3 Pro, and M3 Max" (Oct 2023): up to 128GB, 400GB/s, apple.com/newsroom' },
  { name: 'MacBook Pro M4 Max 16-core (128 GB)', kind: 'laptop', memoryGB: 128, bandwidthGBps: 546, unifiedMemory: true,
    source: 'Apple newsroom, "Apple introduces M4 Pro and M4 Max" (Oct 2024): up to 128GB at 546GB/s, apple.com/newsroom' },
  { name: 'NVIDIA GeForce RTX 3090 (24 GB)', kind: 'desktop-gpu', memoryGB: 24, bandwidthGBps: 936, unifiedMemory: false,
    source: 'NVIDIA Ampere GA102 GPU Architecture whitepaper, table "GeForce RTX 3090": 936 GB/s, nvidia.com' },
  { name: 'NVIDIA GeForce RTX 4090 (24 GB)', kind: 'desktop-gpu', memoryGB: 24, bandwidthGBps: 1008, unifiedMemory: false,
    source: 'NVIDIA Ada GPU Architecture whitepaper, table "GeForce RTX 4090": 1008 GB/s, nvidia.com' },
  { name: 'AMD Radeon RX 7900 XTX (24 GB)', kind: 'desktop-gpu', memoryGB: 24, bandwidthGBps: 960, unifiedMemory: false,
    source: 'AMD product page, Radeon RX 7900 XTX specifications: 24GB GDDR6, memory bandwidth 960 GB/s, amd.com' },
  { name: 'NVIDIA T4 (16 GB)', kind: 'server-gpu', memoryGB: 16, bandwidthGBps: 320, unifiedMemory: false,
    source: 'NVIDIA T4 Tensor Core GPU datasheet: 16 GB GDDR6, 320+ GB/s, nvidia.com/en-us/data-center/tesla-t4/' },
  { name: 'NVIDIA L4 (24 GB)', kind: 'server-gpu', memoryGB: 24, bandwidthGBps: 300, unifiedMemory: false,
    source: 'NVIDIA L4 Tensor Core GPU datasheet: 24GB GDDR6, 300GB/s, nvidia.com/en-us/data-center/l4/' },
  { name: 'NVIDIA A10 (24 GB)', kind: 'server-gpu', memoryGB: 24, bandwidthGBps: 600, unifiedMemory: false,
    source: 'NVIDIA A10 Tensor Core GPU datasheet: 24GB GDDR6, 600 GB/s, nvidia.com/en-us/data-center/products/a10-gpu/' },
  { name: 'NVIDIA L40S (48 GB)', kind: 'server-gpu', memoryGB: 48, bandwidthGBps: 864, unifiedMemory: false,
    source: 'NVIDIA L40S GPU datasheet: 48GB GDDR6 with ECC, 864GB/s, nvidia.com/en-us/data-center/l40s/' },
  { name: 'NVIDIA A100 40GB PCIe', kind: 'server-gpu', memoryGB: 40, bandwidthGBps: 1555, unifiedMemory: false,
    source: 'NVIDIA A100 Tensor Core GPU datasheet: A100 40GB PCIe 1,555GB/s, nvidia.com/en-us/data-center/a100/' },
  { name: 'NVIDIA A100 80GB SXM', kind: 'server-gpu', memoryGB: 80, bandwidthGBps: 2039, unifiedMemory: false,
    source: 'NVIDIA A100 Tensor Core GPU datasheet: A100 80GB SXM 2,039GB/s, nvidia.com/en-us/data-center/a100/' },
  { name: 'NVIDIA H100 PCIe (80 GB)', kind: 'server-gpu', memoryGB: 80, bandwidthGBps: 2000, unifiedMemory: false,
    source: 'NVIDIA H100 PCIe GPU product brief PB-11133-001: 80 GB HBM2e, memory bandwidth greater than 2,000 GB/s, nvidia.com' },
  { name: 'NVIDIA H100 SXM (80 GB)', kind: 'server-gpu', memoryGB: 80, bandwidthGBps: 3350, unifiedMemory: false,
    source: 'NVIDIA H100 Tensor Core GPU datasheet: H100 SXM 80GB, 3.35TB/s, nvidia.com/en-us/data-center/h100/' },
  { name: 'NVIDIA H200 SXM (141 GB)', kind: 'server-gpu', memoryGB: 141, bandwidthGBps: 4800, unifiedMemory: false,
    source: 'NVIDIA H200 Tensor Core GPU datasheet: 141GB HBM3e, 4.8TB/s, nvidia.com/en-us/data-center/h200/' },
  { name: 'AMD Instinct MI300X (192 GB)', kind: 'server-gpu', memoryGB: 192, bandwidthGBps: 5300, unifiedMemory: false,
    source: 'AMD Instinct MI300X accelerator product page: 192 GB HBM3, peak memory bandwidth 5.3 TB/s, amd.com' },
];
