// CenterNet's training targets, computed on the host: a Gaussian peak per object on its class's heatmap, and the
// object's size and sub-cell offset at its centre cell.

/**
 * CenterNet's `gaussian_radius` as mmdet computes it: the radius (in cells) within which a corner may move and the
 * box still overlap the true one by `minOverlap` (mmdet's CenterNetHead uses 0.3).
 */
export function gaussianRadius(height: number, width: number, minOverlap = 0.3): number {
  const a1 = 1;
  const b1 = height + width;
  const c1 = (width * height * (1 - minOverlap)) / (1 + minOverlap);
  const r1 = (b1 - Math.sqrt(b1 ** 2 - 4 * a1 * c1)) / (2 * a1);
  const a2 = 4;
  const b2 = 2 * (height + width);
  const c2 = (1 - minOverlap) * width * height;
  const r2 = (b2 - Math.sqrt(b2 ** 2 - 4 * a2 * c2)) / (2 * a2);
  const a3 = 4 * minOverlap;
  const b3 = -2 * minOverlap * (height + width);
  const c3 = (minOverlap - 1) * width * height;
  const r3 = (b3 + Math.sqrt(b3 ** 2 - 4 * a3 * c3)) / (2 * a3);
  return Math.min(r1, r2, r3);
}

/** The targets of a batch on a `[N, H, W, *]` grid, channels-last as the head's outputs. */
export interface CenterTargets {
  /** `[N, H, W, C]` Gaussian heatmaps, exactly 1 at each object's centre cell. */
  heatmap: Float32Array;
  /** `[N, H, W, 1]`: 1 at each object's centre cell. */
  centers: Float32Array;
  /** `[N, H, W, 2]`: width and height in grid cells at the centre cells. */
  wh: Float32Array;
  /** `[N, H, W, 2]`: the centre's offset within its cell at the centre cells. */
  offset: Float32Array;
  numPos: number;
}

export interface GtBoxes {
  bboxes: number[][];
  labels: number[];
}

/** The targets for boxes in pixels on a grid of `height`×`width` cells of `stride` pixels. */
export function centerTargets(
  gts: readonly GtBoxes[],
  grid: { height: number; width: number; stride: number; numClasses: number },
): CenterTargets {
  const { height: H, width: W, stride, numClasses: C } = grid;
  const N = gts.length;
  const heatmap = new Float32Array(N * H * W * C);
  const centers = new Float32Array(N * H * W);
  const wh = new Float32Array(N * H * W * 2);
  const offset = new Float32Array(N * H * W * 2);
  let numPos = 0;
  gts.forEach((gt, n) => {
    gt.bboxes.forEach((box, j) => {
      const label = gt.labels[j] as number;
      const [x1, y1, x2, y2] = box as [number, number, number, number];
      const cx = (x1 + x2) / 2 / stride;
      const cy = (y1 + y2) / 2 / stride;
      const bw = (x2 - x1) / stride;
      const bh = (y2 - y1) / stride;
      const ix = Math.min(W - 1, Math.max(0, Math.floor(cx)));
      const iy = Math.min(H - 1, Math.max(0, Math.floor(cy)));
      const radius = Math.max(0, Math.floor(gaussianRadius(bh, bw)));
      const sigma = (2 * radius + 1) / 6;
      for (let y = Math.max(0, iy - radius); y <= Math.min(H - 1, iy + radius); y++) {
        for (let x = Math.max(0, ix - radius); x <= Math.min(W - 1, ix + radius); x++) {
          const g = Math.exp(-((x - ix) ** 2 + (y - iy) ** 2) / (2 * sigma * sigma));
          const at = ((n * H + y) * W + x) * C + label;
          heatmap[at] = Math.max(heatmap[at] as number, g);
        }
      }
      const cell = (n * H + iy) * W + ix;
      heatmap[cell * C + label] = 1;
      if (centers[cell] === 0) numPos += 1;
      centers[cell] = 1;
      wh[cell * 2] = bw;
      wh[cell * 2 + 1] = bh;
      offset[cell * 2] = cx - ix;
      offset[cell * 2 + 1] = cy - iy;
    });
  });
  return { heatmap, centers, wh, offset, numPos };
}
