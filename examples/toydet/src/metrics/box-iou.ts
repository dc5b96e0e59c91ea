/** A box `[x1, y1, x2, y2]` in pixels (continuous coordinates: the area is `(x2 - x1) * (y2 - y1)`). */
export type Box = readonly number[];

/** The area of a box; 0 for an empty or inverted one. */
export function boxArea(box: Box): number {
  return Math.max(0, (box[2] as number) - (box[0] as number)) * Math.max(0, (box[3] as number) - (box[1] as number));
}

/**
 * Intersection over union of two boxes, in [0, 1]; 0 when both are empty.
 *
 * @example
 * boxIoU([0, 0, 2, 2], [1, 1, 3, 3]); // 1 / 7
 */
export function boxIoU(a: Box, b: Box): number {
  const w = Math.min(a[2] as number, b[2] as number) - Math.max(a[0] as number, b[0] as number);
  const h = Math.min(a[3] as number, b[3] as number) - Math.max(a[1] as number, b[1] as number);
  const inter = w > 0 && h > 0 ? w * h : 0;
  const union = boxArea(a) + boxArea(b) - inter;
  return union > 0 ? inter / union : 0;
}

/** `ious[i][j]` = IoU of `a[i]` and `b[j]` (mmdet's `bbox_overlaps`). */
export function iouMatrix(a: readonly Box[], b: readonly Box[]): number[][] {
  return a.map((x) => b.map((y) => boxIoU(x, y)));
}
