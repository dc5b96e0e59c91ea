;; eng's WASM SIMD training kernels. They run on the tfjs WASM backend's own heap (the memory is imported), take
;; byte offsets of float32 tensors the backend allocated, and never allocate or keep state of their own.
;; Assembled to kernels.wasm.ts by scripts/assemble-wat.mjs (wabt), at build time and by `pnpm assemble`.
(module
  (import "env" "memory" (memory 0))

  ;; out[j] = sum over i of x[i * cols + j], i < rows (a reduction over the leading axes of a [rows, cols] block).
  ;; Columns in blocks of 16, 4, then 1; rows summed in chunks of 256 so each partial sum stays small.
  (func (export "sum_rows") (param $x i32) (param $out i32) (param $rows i32) (param $cols i32)
    (local $j i32) (local $p i32) (local $stride i32) (local $i i32) (local $chunk i32)
    (local $a0 v128) (local $a1 v128) (local $a2 v128) (local $a3 v128)
    (local $t0 v128) (local $t1 v128) (local $t2 v128) (local $t3 v128)
    (local $s f32) (local $ts f32)
    (local.set $stride (i32.shl (local.get $cols) (i32.const 2)))
    ;; blocks of 16 columns
    (block $done16
      (loop $cols16
        (br_if $done16 (i32.gt_u (i32.add (local.get $j) (i32.const 16)) (local.get $cols)))
        (local.set $p (i32.add (local.get $x) (i32.shl (local.get $j) (i32.const 2))))
        (local.set $t0 (v128.const i32x4 0 0 0 0)) (local.set $t1 (v128.const i32x4 0 0 0 0))
        (local.set $t2 (v128.const i32x4 0 0 0 0)) (local.set $t3 (v128.const i32x4 0 0 0 0))
        (local.set $i (i32.const 0))
        (block $rowsDone
          (loop $chunks
            (br_if $rowsDone (i32.ge_u (local.get $i) (local.get $rows)))
            (local.set $chunk (i32.add (local.get $i) (i32.const 256)))
            (if (i32.gt_u (local.get $chunk) (local.get $rows)) (then (local.set $chunk (local.get $rows))))
            (local.set $a0 (v128.const i32x4 0 0 0 0)) (local.set $a1 (v128.const i32x4 0 0 0 0))
            (local.set $a2 (v128.const i32x4 0 0 0 0)) (local.set $a3 (v128.const i32x4 0 0 0 0))
            (loop $rows16
              (local.set $a0 (f32x4.add (local.get $a0) (v128.load (local.get $p))))
              (local.set $a1 (f32x4.add (local.get $a1) (v128.load offset=16 (local.get $p))))
              (local.set $a2 (f32x4.add (local.get $a2) (v128.load offset=32 (local.get $p))))
              (local.set $a3 (f32x4.add (local.get $a3) (v128.load offset=48 (local.get $p))))
              (local.set $p (i32.add (local.get $p) (local.get $stride)))
              (local.set $i (i32.add (local.get $i) (i32.const 1)))
              (br_if $rows16 (i32.lt_u (local.get $i) (local.get $chunk))))
            (local.set $t0 (f32x4.add (local.get $t0) (local.get $a0)))
            (local.set $t1 (f32x4.add (local.get $t1) (local.get $a1)))
            (local.set $t2 (f32x4.add (local.get $t2) (local.get $a2)))
            (local.set $t3 (f32x4.add (local.get $t3) (local.get $a3)))
            (br $chunks)))
        (local.set $p (i32.add (local.get $out) (i32.shl (local.get $j) (i32.const 2))))
        (v128.store (local.get $p) (local.get $t0))
        (v128.store offset=16 (local.get $p) (local.get $t1))
        (v128.store offset=32 (local.get $p) (local.get $t2))
        (v128.store offset=48 (local.get $p) (local.get $t3))
        (local.set $j (i32.add (local.get $j) (i32.const 16)))
        (br $cols16)))
    ;; blocks of 4 columns
    (block $done4
      (loop $cols4
        (br_if $done4 (i32.gt_u (i32.add (local.get $j) (i32.const 4)) (local.get $cols)))
        (local.set $p (i32.add (local.get $x) (i32.shl (local.get $j) (i32.const 2))))
        (local.set $t0 (v128.const i32x4 0 0 0 0))
        (local.set $i (i32.const 0))
        (block $rowsDone4
          (loop $chunks4
            (br_if $rowsDone4 (i32.ge_u (local.get $i) (local.get $rows)))
            (local.set $chunk (i32.add (local.get $i) (i32.const 256)))
            (if (i32.gt_u (local.get $chunk) (local.get $rows)) (then (local.set $chunk (local.get $rows))))
            (local.set $a0 (v128.const i32x4 0 0 0 0))
            (loop $rows4
              (local.set $a0 (f32x4.add (local.get $a0) (v128.load (local.get $p))))
              (local.set $p (i32.add (local.get $p) (local.get $stride)))
              (local.set $i (i32.add (local.get $i) (i32.const 1)))
              (br_if $rows4 (i32.lt_u (local.get $i) (local.get $chunk))))
            (local.set $t0 (f32x4.add (local.get $t0) (local.get $a0)))
            (br $chunks4)))
        (v128.store (i32.add (local.get $out) (i32.shl (local.get $j) (i32.const 2))) (local.get $t0))
        (local.set $j (i32.add (local.get $j) (i32.const 4)))
        (br $cols4)))
    ;; the last columns one by one
    (block $done1
      (loop $cols1
        (br_if $done1 (i32.ge_u (local.get $j) (local.get $cols)))
        (local.set $p (i32.add (local.get $x) (i32.shl (local.get $j) (i32.const 2))))
        (local.set $ts (f32.const 0))
        (local.set $i (i32.const 0))
        (block $rowsDone1
          (loop $chunks1
            (br_if $rowsDone1 (i32.ge_u (local.get $i) (local.get $rows)))
            (local.set $chunk (i32.add (local.get $i) (i32.const 256)))
            (if (i32.gt_u (local.get $chunk) (local.get $rows)) (then (local.set $chunk (local.get $rows))))
            (local.set $s (f32.const 0))
            (loop $rows1
              (local.set $s (f32.add (local.get $s) (f32.load (local.get $p))))
              (local.set $p (i32.add (local.get $p) (local.get $stride)))
              (local.set $i (i32.add (local.get $i) (i32.const 1)))
              (br_if $rows1 (i32.lt_u (local.get $i) (local.get $chunk))))
            (local.set $ts (f32.add (local.get $ts) (local.get $s)))
            (br $chunks1)))
        (f32.store (i32.add (local.get $out) (i32.shl (local.get $j) (i32.const 2))) (local.get $ts))
        (local.set $j (i32.add (local.get $j) (i32.const 1)))
        (br $cols1)))
  )

  ;; out[i, j] = x[i, j] (op) b[j] for a [rows, cols] x and a [cols] b; op 0: +, 1: −, 2: ×, 3: b − x.
  ;; cols must be a multiple of 4.
  (func (export "binary_rows") (param $x i32) (param $b i32) (param $out i32) (param $rows i32) (param $cols i32)
    (param $op i32)
    (local $end i32) (local $j i32) (local $bytes i32) (local $v v128) (local $w v128)
    (local.set $bytes (i32.shl (local.get $cols) (i32.const 2)))
    (local.set $end (i32.add (local.get $x) (i32.mul (local.get $rows) (local.get $bytes))))
    (block $done
      (loop $row
        (br_if $done (i32.ge_u (local.get $x) (local.get $end)))
        (local.set $j (i32.const 0))
        (loop $col
          (local.set $v (v128.load (i32.add (local.get $x) (local.get $j))))
          (local.set $w (v128.load (i32.add (local.get $b) (local.get $j))))
          (v128.store (i32.add (local.get $out) (local.get $j))
            (if (result v128) (i32.eqz (local.get $op))
              (then (f32x4.add (local.get $v) (local.get $w)))
              (else (if (result v128) (i32.eq (local.get $op) (i32.const 1))
                (then (f32x4.sub (local.get $v) (local.get $w)))
                (else (if (result v128) (i32.eq (local.get $op) (i32.const 2))
                  (then (f32x4.mul (local.get $v) (local.get $w)))
                  (else (f32x4.sub (local.get $w) (local.get $v)))))))))
          (local.set $j (i32.add (local.get $j) (i32.const 16)))
          (br_if $col (i32.lt_u (local.get $j) (local.get $bytes))))
        (local.set $x (i32.add (local.get $x) (local.get $bytes)))
        (local.set $out (i32.add (local.get $out) (local.get $bytes)))
        (br $row)))
  )

  ;; The ReLU gradient in one pass: out = dy × step(x), step(x) = 1 where x > 0, NaN where x is NaN, else 0
  ;; (the same values as tfjs's mul(dy, cast(step(x)))). n floats, any n.
  (func (export "relu_grad") (param $dy i32) (param $x i32) (param $out i32) (param $n i32)
    (local $end i32) (local $v v128) (local $step v128) (local $e f32)
    (local.set $end (i32.add (local.get $out) (i32.shl (i32.and (local.get $n) (i32.const -4)) (i32.const 2))))
    (block $done
      (loop $vec
        (br_if $done (i32.ge_u (local.get $out) (local.get $end)))
        (local.set $v (v128.load (local.get $x)))
        (local.set $step
          (v128.or
            (v128.and (f32x4.gt (local.get $v) (v128.const f32x4 0 0 0 0)) (v128.const f32x4 1 1 1 1))
            (v128.and (f32x4.ne (local.get $v) (local.get $v)) (local.get $v))))
        (v128.store (local.get $out) (f32x4.mul (v128.load (local.get $dy)) (local.get $step)))
        (local.set $x (i32.add (local.get $x) (i32.const 16)))
        (local.set $dy (i32.add (local.get $dy) (i32.const 16)))
        (local.set $out (i32.add (local.get $out) (i32.const 16)))
        (br $vec)))
    (local.set $end (i32.add (local.get $end) (i32.shl (i32.and (local.get $n) (i32.const 3)) (i32.const 2))))
    (block $done1
      (loop $one
        (br_if $done1 (i32.ge_u (local.get $out) (local.get $end)))
        (local.set $e (f32.load (local.get $x)))
        (f32.store (local.get $out)
          (f32.mul (f32.load (local.get $dy))
            (if (result f32) (f32.gt (local.get $e) (f32.const 0)) (then (f32.const 1))
              (else (if (result f32) (f32.ne (local.get $e) (local.get $e)) (then (local.get $e)) (else (f32.const 0)))))))
        (local.set $x (i32.add (local.get $x) (i32.const 4)))
        (local.set $dy (i32.add (local.get $dy) (i32.const 4)))
        (local.set $out (i32.add (local.get $out) (i32.const 4)))
        (br $one)))
  )

  ;; First index o in [0, n) with o * stride + offset >= 0 (offset may be negative), for window bounds.
  (func $firstInside (param $offset i32) (param $stride i32) (result i32)
    (if (result i32) (i32.ge_s (local.get $offset) (i32.const 0))
      (then (i32.const 0))
      (else (i32.div_u (i32.add (i32.sub (i32.const 0) (local.get $offset)) (i32.sub (local.get $stride) (i32.const 1)))
        (local.get $stride))))
  )

  ;; One past the last index o < n with o * stride + offset < size.
  (func $endInside (param $offset i32) (param $stride i32) (param $size i32) (param $n i32) (result i32)
    (local $e i32)
    (if (i32.le_s (i32.sub (local.get $size) (local.get $offset)) (i32.const 0)) (then (return (i32.const 0))))
    (local.set $e (i32.div_u (i32.add (i32.sub (local.get $size) (local.get $offset)) (i32.sub (local.get $stride) (i32.const 1)))
      (local.get $stride)))
    (if (result i32) (i32.lt_u (local.get $e) (local.get $n)) (then (local.get $e)) (else (local.get $n)))
  )

  ;; MaxPoolGrad for the common 2x2 window, stride 2, no padding, on an even-sized input: windows do not
  ;; overlap, so every input pixel is written once (dy or 0), with no zeroing pass and no accumulation.
  ;; Same tie and NaN rules as max_pool_grad. C a multiple of 4; OH = H / 2, OW = W / 2.
  (func (export "max_pool_grad_2x2") (param $x i32) (param $dy i32) (param $dx i32) (param $pixels i32)
    (param $OW i32) (param $C i32)
    (local $cb i32) (local $row i32) (local $c i32) (local $ow i32) (local $end i32) (local $p i32) (local $q i32)
    (local $va v128) (local $vb v128) (local $vc v128) (local $vd v128) (local $best v128) (local $at v128)
    (local $m v128) (local $grad v128)
    ;; $pixels: N·OH, the number of rows of windows
    (local.set $cb (i32.shl (local.get $C) (i32.const 2)))
    (local.set $row (i32.mul (i32.shl (local.get $OW) (i32.const 1)) (local.get $cb)))
    (local.set $end (i32.add (local.get $dy) (i32.mul (i32.mul (local.get $pixels) (local.get $OW)) (local.get $cb))))
    (block $done
      (loop $windowRows
        (br_if $done (i32.ge_u (local.get $dy) (local.get $end)))
        (local.set $ow (i32.const 0))
        (loop $windows
          (local.set $c (i32.const 0))
          (loop $channels
            (local.set $p (i32.add (local.get $x) (local.get $c)))
            (local.set $va (v128.load (local.get $p)))
            (local.set $vb (v128.load (i32.add (local.get $p) (local.get $cb))))
            (local.set $vc (v128.load (i32.add (local.get $p) (local.get $row))))
            (local.set $vd (v128.load (i32.add (i32.add (local.get $p) (local.get $row)) (local.get $cb))))
            (local.set $m (f32x4.gt (local.get $va) (v128.const f32x4 -inf -inf -inf -inf)))
            (local.set $best (v128.bitselect (local.get $va) (v128.const f32x4 -inf -inf -inf -inf) (local.get $m)))
            (local.set $at (v128.and (local.get $m) (v128.const i32x4 1 1 1 1)))
            (local.set $m (f32x4.gt (local.get $vb) (local.get $best)))
            (local.set $best (v128.bitselect (local.get $vb) (local.get $best) (local.get $m)))
            (local.set $at (v128.bitselect (v128.const i32x4 2 2 2 2) (local.get $at) (local.get $m)))
            (local.set $m (f32x4.gt (local.get $vc) (local.get $best)))
            (local.set $best (v128.bitselect (local.get $vc) (local.get $best) (local.get $m)))
            (local.set $at (v128.bitselect (v128.const i32x4 3 3 3 3) (local.get $at) (local.get $m)))
            (local.set $m (f32x4.gt (local.get $vd) (local.get $best)))
            (local.set $at (v128.bitselect (v128.const i32x4 4 4 4 4) (local.get $at) (local.get $m)))
            (local.set $grad (v128.load (i32.add (local.get $dy) (local.get $c))))
            (local.set $q (i32.add (local.get $dx) (local.get $c)))
            (v128.store (local.get $q)
              (v128.and (local.get $grad) (i32x4.eq (local.get $at) (v128.const i32x4 1 1 1 1))))
            (v128.store (i32.add (local.get $q) (local.get $cb))
              (v128.and (local.get $grad) (i32x4.eq (local.get $at) (v128.const i32x4 2 2 2 2))))
            (v128.store (i32.add (local.get $q) (local.get $row))
              (v128.and (local.get $grad) (i32x4.eq (local.get $at) (v128.const i32x4 3 3 3 3))))
            (v128.store (i32.add (i32.add (local.get $q) (local.get $row)) (local.get $cb))
              (v128.and (local.get $grad) (i32x4.eq (local.get $at) (v128.const i32x4 4 4 4 4))))
            (local.set $c (i32.add (local.get $c) (i32.const 16)))
            (br_if $channels (i32.lt_u (local.get $c) (local.get $cb))))
          (local.set $x (i32.add (local.get $x) (i32.shl (local.get $cb) (i32.const 1))))
          (local.set $dx (i32.add (local.get $dx) (i32.shl (local.get $cb) (i32.const 1))))
          (local.set $dy (i32.add (local.get $dy) (local.get $cb)))
          (local.set $ow (i32.add (local.get $ow) (i32.const 1)))
          (br_if $windows (i32.lt_u (local.get $ow) (local.get $OW))))
        ;; skip the second input row of this row of windows
        (local.set $x (i32.add (local.get $x) (local.get $row)))
        (local.set $dx (i32.add (local.get $dx) (local.get $row)))
        (br $windowRows)))
  )

  ;; MaxPoolGrad, channels-last, C a multiple of 4: each window's first maximum per channel (strictly greater
  ;; replaces, scanning rows then columns; padding never wins; a window of NaN or −∞ gives nothing) receives that
  ;; window's dy, added into dx (zeroed here). Four channels at a time; the window's in-image part is found once
  ;; per output pixel and walked with pointer steps.
  ;; geometry: i32 array at $g: N H W C OH OW KH KW SH SW DH DW PT PL.
  (func (export "max_pool_grad") (param $x i32) (param $dy i32) (param $dx i32) (param $g i32)
    (local $N i32) (local $H i32) (local $W i32) (local $C i32) (local $OH i32) (local $OW i32)
    (local $KH i32) (local $KW i32) (local $SH i32) (local $SW i32) (local $DH i32) (local $DW i32)
    (local $PT i32) (local $PL i32)
    (local $n i32) (local $oh i32) (local $ow i32) (local $c i32) (local $fh i32) (local $fw i32)
    (local $ih0 i32) (local $iw0 i32) (local $fhS i32) (local $fhE i32) (local $fwS i32) (local $fwE i32)
    (local $tap i32) (local $p i32) (local $q i32) (local $dyp i32) (local $base i32) (local $offset i32)
    (local $rowStep i32) (local $colStep i32) (local $cb i32)
    (local $mask v128) (local $best v128) (local $at v128) (local $v v128) (local $grad v128)
    (local.set $N (i32.load (local.get $g))) (local.set $H (i32.load offset=4 (local.get $g)))
    (local.set $W (i32.load offset=8 (local.get $g))) (local.set $C (i32.load offset=12 (local.get $g)))
    (local.set $OH (i32.load offset=16 (local.get $g))) (local.set $OW (i32.load offset=20 (local.get $g)))
    (local.set $KH (i32.load offset=24 (local.get $g))) (local.set $KW (i32.load offset=28 (local.get $g)))
    (local.set $SH (i32.load offset=32 (local.get $g))) (local.set $SW (i32.load offset=36 (local.get $g)))
    (local.set $DH (i32.load offset=40 (local.get $g))) (local.set $DW (i32.load offset=44 (local.get $g)))
    (local.set $PT (i32.load offset=48 (local.get $g))) (local.set $PL (i32.load offset=52 (local.get $g)))
    (local.set $cb (i32.shl (local.get $C) (i32.const 2)))
    (local.set $rowStep (i32.mul (i32.mul (local.get $DH) (local.get $W)) (local.get $cb)))
    (local.set $colStep (i32.mul (local.get $DW) (local.get $cb)))
    (memory.fill (local.get $dx) (i32.const 0)
      (i32.mul (i32.mul (i32.mul (local.get $N) (local.get $H)) (local.get $W)) (local.get $cb)))
    (local.set $dyp (local.get $dy))
    (local.set $n (i32.const 0))
    (loop $images
      (local.set $oh (i32.const 0))
      (loop $rows
        (local.set $ih0 (i32.sub (i32.mul (local.get $oh) (local.get $SH)) (local.get $PT)))
        (local.set $fhS (call $firstInside (local.get $ih0) (local.get $DH)))
        (local.set $fhE (call $endInside (local.get $ih0) (local.get $DH) (local.get $H) (local.get $KH)))
        (local.set $ow (i32.const 0))
        (loop $cols
          (local.set $iw0 (i32.sub (i32.mul (local.get $ow) (local.get $SW)) (local.get $PL)))
          (local.set $fwS (call $firstInside (local.get $iw0) (local.get $DW)))
          (local.set $fwE (call $endInside (local.get $iw0) (local.get $DW) (local.get $W) (local.get $KW)))
          (if (i32.and (i32.lt_u (local.get $fhS) (local.get $fhE)) (i32.lt_u (local.get $fwS) (local.get $fwE)))
            (then
              ;; byte offset of the window's first in-image pixel, the same in x and dx
              (local.set $base (i32.mul
                (i32.add (i32.mul (i32.add (i32.mul (local.get $n) (local.get $H))
                  (i32.add (local.get $ih0) (i32.mul (local.get $fhS) (local.get $DH)))) (local.get $W))
                  (i32.add (local.get $iw0) (i32.mul (local.get $fwS) (local.get $DW))))
                (local.get $cb)))
              (local.set $c (i32.const 0))
              (loop $channels
                (local.set $offset (i32.add (local.get $base) (i32.shl (local.get $c) (i32.const 2))))
                (local.set $best (v128.const f32x4 -inf -inf -inf -inf))
                (local.set $at (v128.const i32x4 -1 -1 -1 -1))
                (local.set $tap (i32.const 0))
                (local.set $p (i32.add (local.get $x) (local.get $offset)))
                (local.set $fh (local.get $fhS))
                (loop $scanH
                  (local.set $q (local.get $p))
                  (local.set $fw (local.get $fwS))
                  (loop $scanW
                    (local.set $v (v128.load (local.get $q)))
                    (local.set $mask (f32x4.gt (local.get $v) (local.get $best)))
                    (local.set $best (v128.bitselect (local.get $v) (local.get $best) (local.get $mask)))
                    (local.set $at (v128.bitselect (i32x4.splat (local.get $tap)) (local.get $at) (local.get $mask)))
                    (local.set $tap (i32.add (local.get $tap) (i32.const 1)))
                    (local.set $q (i32.add (local.get $q) (local.get $colStep)))
                    (local.set $fw (i32.add (local.get $fw) (i32.const 1)))
                    (br_if $scanW (i32.lt_u (local.get $fw) (local.get $fwE))))
                  (local.set $p (i32.add (local.get $p) (local.get $rowStep)))
                  (local.set $fh (i32.add (local.get $fh) (i32.const 1)))
                  (br_if $scanH (i32.lt_u (local.get $fh) (local.get $fhE))))
                (if (i32.eqz (i32x4.all_true (i32x4.eq (local.get $at) (v128.const i32x4 -1 -1 -1 -1))))
                  (then
                    (local.set $grad (v128.load (i32.add (local.get $dyp) (i32.shl (local.get $c) (i32.const 2)))))
                    (local.set $tap (i32.const 0))
                    (local.set $p (i32.add (local.get $dx) (local.get $offset)))
                    (local.set $fh (local.get $fhS))
                    (loop $addH
                      (local.set $q (local.get $p))
                      (local.set $fw (local.get $fwS))
                      (loop $addW
                        (local.set $mask (i32x4.eq (local.get $at) (i32x4.splat (local.get $tap))))
                        (v128.store (local.get $q)
                          (f32x4.add (v128.load (local.get $q)) (v128.and (local.get $grad) (local.get $mask))))
                        (local.set $tap (i32.add (local.get $tap) (i32.const 1)))
                        (local.set $q (i32.add (local.get $q) (local.get $colStep)))
                        (local.set $fw (i32.add (local.get $fw) (i32.const 1)))
                        (br_if $addW (i32.lt_u (local.get $fw) (local.get $fwE))))
                      (local.set $p (i32.add (local.get $p) (local.get $rowStep)))
                      (local.set $fh (i32.add (local.get $fh) (i32.const 1)))
                      (br_if $addH (i32.lt_u (local.get $fh) (local.get $fhE))))))
                (local.set $c (i32.add (local.get $c) (i32.const 4)))
                (br_if $channels (i32.lt_u (local.get $c) (local.get $C))))))
          (local.set $dyp (i32.add (local.get $dyp) (local.get $cb)))
          (local.set $ow (i32.add (local.get $ow) (i32.const 1)))
          (br_if $cols (i32.lt_u (local.get $ow) (local.get $OW))))
        (local.set $oh (i32.add (local.get $oh) (i32.const 1)))
        (br_if $rows (i32.lt_u (local.get $oh) (local.get $OH))))
      (local.set $n (i32.add (local.get $n) (i32.const 1)))
      (br_if $images (i32.lt_u (local.get $n) (local.get $N))))
  )

  ;; C[M, N] = A · B for a row-major B [K, N] with N a multiple of 4, and A read through element strides (A[i, k]
  ;; at i·AI + k·AK, so a transposed A costs nothing). Two rows of C by 16 columns (else one row, else 4 columns)
  ;; accumulate in registers over k; B is read where it is. XNNPACK packs B into its own layout whenever B is a
  ;; tensor it has not seen, and in training the weights are new every step.
  ;; geometry: i32 array at $g: M N K AI AK.
  (func (export "gemm") (param $a i32) (param $b i32) (param $c i32) (param $g i32)
    (local $M i32) (local $N i32) (local $K i32) (local $AI i32) (local $AK i32)
    (local $i i32) (local $j i32) (local $k i32) (local $ap i32) (local $aq i32) (local $bp i32) (local $cp i32)
    (local $rowB i32) (local $rowC i32) (local $pair i32) (local $wide i32) (local $k0 i32) (local $kn i32)
    (local $xv v128) (local $xu v128) (local $w0 v128) (local $w1 v128) (local $w2 v128) (local $w3 v128)
    (local $a0 v128) (local $a1 v128) (local $a2 v128) (local $a3 v128)
    (local $b0 v128) (local $b1 v128) (local $b2 v128) (local $b3 v128)
    (local.set $M (i32.load (local.get $g))) (local.set $N (i32.load offset=4 (local.get $g)))
    (local.set $K (i32.load offset=8 (local.get $g)))
    (local.set $AI (i32.shl (i32.load offset=12 (local.get $g)) (i32.const 2)))
    (local.set $AK (i32.shl (i32.load offset=16 (local.get $g)) (i32.const 2)))
    (local.set $rowB (i32.shl (local.get $N) (i32.const 2)))
    (local.set $rowC (local.get $rowB))
    ;; K in chunks of 256, so that the chunk of a 16-column panel of B (16 KiB) stays in L1 while every row pair
    ;; reads it; C holds the partial sums between chunks
    (local.set $k0 (i32.const 0))
    (loop $kChunks
    (local.set $kn (i32.sub (local.get $K) (local.get $k0)))
    (if (i32.gt_u (local.get $kn) (i32.const 256)) (then (local.set $kn (i32.const 256))))
    (local.set $j (i32.const 0))
    (loop $colBlocks
      (local.set $wide (i32.le_u (i32.add (local.get $j) (i32.const 16)) (local.get $N)))
      (local.set $i (i32.const 0))
      (loop $rowBlocks
        (local.set $pair (i32.and (local.get $wide) (i32.le_u (i32.add (local.get $i) (i32.const 2)) (local.get $M))))
        (local.set $ap (i32.add (local.get $a)
          (i32.add (i32.mul (local.get $i) (local.get $AI)) (i32.mul (local.get $k0) (local.get $AK)))))
        (local.set $aq (i32.add (local.get $ap) (local.get $AI)))
        (local.set $bp (i32.add (local.get $b)
          (i32.add (i32.shl (local.get $j) (i32.const 2)) (i32.mul (local.get $k0) (local.get $rowB)))))
        (local.set $cp (i32.add (local.get $c) (i32.shl (i32.add (i32.mul (local.get $i) (local.get $N)) (local.get $j))
          (i32.const 2))))
        (if (i32.eqz (local.get $k0))
          (then
            (local.set $a0 (v128.const i32x4 0 0 0 0)) (local.set $a1 (v128.const i32x4 0 0 0 0))
            (local.set $a2 (v128.const i32x4 0 0 0 0)) (local.set $a3 (v128.const i32x4 0 0 0 0))
            (local.set $b0 (v128.const i32x4 0 0 0 0)) (local.set $b1 (v128.const i32x4 0 0 0 0))
            (local.set $b2 (v128.const i32x4 0 0 0 0)) (local.set $b3 (v128.const i32x4 0 0 0 0)))
          (else
            (local.set $a0 (v128.load (local.get $cp)))
            (if (local.get $wide) (then
              (local.set $a1 (v128.load offset=16 (local.get $cp)))
              (local.set $a2 (v128.load offset=32 (local.get $cp)))
              (local.set $a3 (v128.load offset=48 (local.get $cp)))))
            (if (local.get $pair) (then
              (local.set $b0 (v128.load (i32.add (local.get $cp) (local.get $rowC))))
              (local.set $b1 (v128.load offset=16 (i32.add (local.get $cp) (local.get $rowC))))
              (local.set $b2 (v128.load offset=32 (i32.add (local.get $cp) (local.get $rowC))))
              (local.set $b3 (v128.load offset=48 (i32.add (local.get $cp) (local.get $rowC))))))))
        (local.set $k (local.get $kn))
        (if (local.get $pair)
          (then
            (loop $pairLoop
              (local.set $xv (v128.load32_splat (local.get $ap)))
              (local.set $xu (v128.load32_splat (local.get $aq)))
              (local.set $w0 (v128.load (local.get $bp)))
              (local.set $w1 (v128.load offset=16 (local.get $bp)))
              (local.set $w2 (v128.load offset=32 (local.get $bp)))
              (local.set $w3 (v128.load offset=48 (local.get $bp)))
              (local.set $a0 (f32x4.add (local.get $a0) (f32x4.mul (local.get $xv) (local.get $w0))))
              (local.set $a1 (f32x4.add (local.get $a1) (f32x4.mul (local.get $xv) (local.get $w1))))
              (local.set $a2 (f32x4.add (local.get $a2) (f32x4.mul (local.get $xv) (local.get $w2))))
              (local.set $a3 (f32x4.add (local.get $a3) (f32x4.mul (local.get $xv) (local.get $w3))))
              (local.set $b0 (f32x4.add (local.get $b0) (f32x4.mul (local.get $xu) (local.get $w0))))
              (local.set $b1 (f32x4.add (local.get $b1) (f32x4.mul (local.get $xu) (local.get $w1))))
              (local.set $b2 (f32x4.add (local.get $b2) (f32x4.mul (local.get $xu) (local.get $w2))))
              (local.set $b3 (f32x4.add (local.get $b3) (f32x4.mul (local.get $xu) (local.get $w3))))
              (local.set $ap (i32.add (local.get $ap) (local.get $AK)))
              (local.set $aq (i32.add (local.get $aq) (local.get $AK)))
              (local.set $bp (i32.add (local.get $bp) (local.get $rowB)))
              (local.set $k (i32.sub (local.get $k) (i32.const 1)))
              (br_if $pairLoop (local.get $k))))
          (else (if (local.get $wide)
            (then
              (loop $wideLoop
                (local.set $xv (v128.load32_splat (local.get $ap)))
                (local.set $a0 (f32x4.add (local.get $a0) (f32x4.mul (local.get $xv) (v128.load (local.get $bp)))))
                (local.set $a1 (f32x4.add (local.get $a1) (f32x4.mul (local.get $xv) (v128.load offset=16 (local.get $bp)))))
                (local.set $a2 (f32x4.add (local.get $a2) (f32x4.mul (local.get $xv) (v128.load offset=32 (local.get $bp)))))
                (local.set $a3 (f32x4.add (local.get $a3) (f32x4.mul (local.get $xv) (v128.load offset=48 (local.get $bp)))))
                (local.set $ap (i32.add (local.get $ap) (local.get $AK)))
                (local.set $bp (i32.add (local.get $bp) (local.get $rowB)))
                (local.set $k (i32.sub (local.get $k) (i32.const 1)))
                (br_if $wideLoop (local.get $k))))
            (else
              (loop $narrowLoop
                (local.set $a0 (f32x4.add (local.get $a0)
                  (f32x4.mul (v128.load32_splat (local.get $ap)) (v128.load (local.get $bp)))))
                (local.set $ap (i32.add (local.get $ap) (local.get $AK)))
                (local.set $bp (i32.add (local.get $bp) (local.get $rowB)))
                (local.set $k (i32.sub (local.get $k) (i32.const 1)))
                (br_if $narrowLoop (local.get $k)))))))
        (v128.store (local.get $cp) (local.get $a0))
        (if (local.get $wide) (then
          (v128.store offset=16 (local.get $cp) (local.get $a1))
          (v128.store offset=32 (local.get $cp) (local.get $a2))
          (v128.store offset=48 (local.get $cp) (local.get $a3))))
        (if (local.get $pair) (then
          (v128.store (i32.add (local.get $cp) (local.get $rowC)) (local.get $b0))
          (v128.store offset=16 (i32.add (local.get $cp) (local.get $rowC)) (local.get $b1))
          (v128.store offset=32 (i32.add (local.get $cp) (local.get $rowC)) (local.get $b2))
          (v128.store offset=48 (i32.add (local.get $cp) (local.get $rowC)) (local.get $b3))))
        (local.set $i (i32.add (local.get $i) (select (i32.const 2) (i32.const 1) (local.get $pair))))
        (br_if $rowBlocks (i32.lt_u (local.get $i) (local.get $M))))
      (local.set $j (i32.add (local.get $j) (select (i32.const 16) (i32.const 4) (local.get $wide))))
      (br_if $colBlocks (i32.lt_u (local.get $j) (local.get $N))))
    (local.set $k0 (i32.add (local.get $k0) (local.get $kn)))
    (br_if $kChunks (i32.lt_u (local.get $k0) (local.get $K))))
  )

  ;; Conv2D, channels-last, Cout a multiple of 4: out[n, oh, ow, co] = sum over the in-image taps (kh, kw) and ci
  ;; of x[n, oh·SH + kh·DH − PT, ow·SW + kw·DW − PL, ci] · w[kh, kw, ci, co]. Output pixels in pairs where every tap
  ;; of both is inside the image (each weight vector loaded once serves two pixels), else one by one with the
  ;; bounds checked per tap; 16 output channels (else 4) accumulate in registers. XNNPACK packs the filter into
  ;; its own layout on every call with a new filter, which in training is every call.
  ;; geometry: i32 array at $g: N H W CI OH OW CO KH KW SH SW DH DW PT PL.
  (func $convPixel (param $x i32) (param $w i32) (param $out i32) (param $g i32) (param $n i32) (param $oh i32)
    (param $ow i32) (param $pair i32)
    (local $H i32) (local $W i32) (local $CI i32) (local $CO i32) (local $KH i32) (local $KW i32)
    (local $SW i32) (local $DH i32) (local $DW i32)
    (local $co i32) (local $kh i32) (local $kw i32) (local $ci i32) (local $ih i32) (local $iw i32)
    (local $xp i32) (local $wp i32) (local $wide i32) (local $wstep i32) (local $xpair i32) (local $op i32)
    (local $xv v128) (local $xu v128) (local $w0 v128) (local $w1 v128) (local $w2 v128) (local $w3 v128)
    (local $a0 v128) (local $a1 v128) (local $a2 v128) (local $a3 v128)
    (local $b0 v128) (local $b1 v128) (local $b2 v128) (local $b3 v128)
    (local.set $H (i32.load offset=4 (local.get $g))) (local.set $W (i32.load offset=8 (local.get $g)))
    (local.set $CI (i32.load offset=12 (local.get $g))) (local.set $CO (i32.load offset=24 (local.get $g)))
    (local.set $KH (i32.load offset=28 (local.get $g))) (local.set $KW (i32.load offset=32 (local.get $g)))
    (local.set $SW (i32.load offset=40 (local.get $g)))
    (local.set $DH (i32.load offset=44 (local.get $g))) (local.set $DW (i32.load offset=48 (local.get $g)))
    (local.set $wstep (i32.shl (local.get $CO) (i32.const 2)))
    ;; bytes from a pixel's x to its pair's
    (local.set $xpair (i32.shl (i32.mul (local.get $SW) (local.get $CI)) (i32.const 2)))
    (local.set $op (i32.add (local.get $out) (i32.shl (i32.mul (i32.add (i32.mul (i32.add
      (i32.mul (local.get $n) (i32.load offset=16 (local.get $g))) (local.get $oh)) (i32.load offset=20 (local.get $g)))
      (local.get $ow)) (local.get $CO)) (i32.const 2))))
    (local.set $co (i32.const 0))
    (loop $outBlocks
      (local.set $wide (i32.le_u (i32.add (local.get $co) (i32.const 16)) (local.get $CO)))
      (local.set $a0 (v128.const i32x4 0 0 0 0)) (local.set $a1 (v128.const i32x4 0 0 0 0))
      (local.set $a2 (v128.const i32x4 0 0 0 0)) (local.set $a3 (v128.const i32x4 0 0 0 0))
      (local.set $b0 (v128.const i32x4 0 0 0 0)) (local.set $b1 (v128.const i32x4 0 0 0 0))
      (local.set $b2 (v128.const i32x4 0 0 0 0)) (local.set $b3 (v128.const i32x4 0 0 0 0))
      (local.set $kh (i32.const 0))
      (loop $tapsH
        (local.set $ih (i32.sub (i32.add (i32.mul (local.get $oh) (i32.load offset=36 (local.get $g)))
          (i32.mul (local.get $kh) (local.get $DH))) (i32.load offset=52 (local.get $g))))
        (if (i32.and (i32.ge_s (local.get $ih) (i32.const 0)) (i32.lt_s (local.get $ih) (local.get $H)))
          (then
            (local.set $kw (i32.const 0))
            (loop $tapsW
              (local.set $iw (i32.sub (i32.add (i32.mul (local.get $ow) (local.get $SW))
                (i32.mul (local.get $kw) (local.get $DW))) (i32.load offset=56 (local.get $g))))
              ;; a pair is only formed where both pixels' taps are all inside, so checking the first suffices
              (if (i32.and (i32.ge_s (local.get $iw) (i32.const 0)) (i32.lt_s (local.get $iw) (local.get $W)))
                (then
                  (local.set $xp (i32.add (local.get $x) (i32.shl (i32.mul (i32.add (i32.mul (i32.add
                    (i32.mul (local.get $n) (local.get $H)) (local.get $ih)) (local.get $W)) (local.get $iw))
                    (local.get $CI)) (i32.const 2))))
                  (local.set $wp (i32.add (local.get $w) (i32.shl (i32.add (i32.mul (i32.mul
                    (i32.add (i32.mul (local.get $kh) (local.get $KW)) (local.get $kw)) (local.get $CI)) (local.get $CO))
                    (local.get $co)) (i32.const 2))))
                  (local.set $ci (local.get $CI))
                  (if (local.get $pair)
                    (then
                      (loop $pairLoop
                        (local.set $xv (v128.load32_splat (local.get $xp)))
                        (local.set $xu (v128.load32_splat (i32.add (local.get $xp) (local.get $xpair))))
                        (local.set $w0 (v128.load (local.get $wp)))
                        (local.set $w1 (v128.load offset=16 (local.get $wp)))
                        (local.set $w2 (v128.load offset=32 (local.get $wp)))
                        (local.set $w3 (v128.load offset=48 (local.get $wp)))
                        (local.set $a0 (f32x4.add (local.get $a0) (f32x4.mul (local.get $xv) (local.get $w0))))
                        (local.set $a1 (f32x4.add (local.get $a1) (f32x4.mul (local.get $xv) (local.get $w1))))
                        (local.set $a2 (f32x4.add (local.get $a2) (f32x4.mul (local.get $xv) (local.get $w2))))
                        (local.set $a3 (f32x4.add (local.get $a3) (f32x4.mul (local.get $xv) (local.get $w3))))
                        (local.set $b0 (f32x4.add (local.get $b0) (f32x4.mul (local.get $xu) (local.get $w0))))
                        (local.set $b1 (f32x4.add (local.get $b1) (f32x4.mul (local.get $xu) (local.get $w1))))
                        (local.set $b2 (f32x4.add (local.get $b2) (f32x4.mul (local.get $xu) (local.get $w2))))
                        (local.set $b3 (f32x4.add (local.get $b3) (f32x4.mul (local.get $xu) (local.get $w3))))
                        (local.set $xp (i32.add (local.get $xp) (i32.const 4)))
                        (local.set $wp (i32.add (local.get $wp) (local.get $wstep)))
                        (local.set $ci (i32.sub (local.get $ci) (i32.const 1)))
                        (br_if $pairLoop (local.get $ci))))
                    (else (if (local.get $wide)
                      (then
                        (loop $wideLoop
                          (local.set $xv (v128.load32_splat (local.get $xp)))
                          (local.set $a0 (f32x4.add (local.get $a0) (f32x4.mul (local.get $xv) (v128.load (local.get $wp)))))
                          (local.set $a1 (f32x4.add (local.get $a1) (f32x4.mul (local.get $xv) (v128.load offset=16 (local.get $wp)))))
                          (local.set $a2 (f32x4.add (local.get $a2) (f32x4.mul (local.get $xv) (v128.load offset=32 (local.get $wp)))))
                          (local.set $a3 (f32x4.add (local.get $a3) (f32x4.mul (local.get $xv) (v128.load offset=48 (local.get $wp)))))
                          (local.set $xp (i32.add (local.get $xp) (i32.const 4)))
                          (local.set $wp (i32.add (local.get $wp) (local.get $wstep)))
                          (local.set $ci (i32.sub (local.get $ci) (i32.const 1)))
                          (br_if $wideLoop (local.get $ci))))
                      (else
                        (loop $narrowLoop
                          (local.set $a0 (f32x4.add (local.get $a0)
                            (f32x4.mul (v128.load32_splat (local.get $xp)) (v128.load (local.get $wp)))))
                          (local.set $xp (i32.add (local.get $xp) (i32.const 4)))
                          (local.set $wp (i32.add (local.get $wp) (local.get $wstep)))
                          (local.set $ci (i32.sub (local.get $ci) (i32.const 1)))
                          (br_if $narrowLoop (local.get $ci)))))))))
              (local.set $kw (i32.add (local.get $kw) (i32.const 1)))
              (br_if $tapsW (i32.lt_u (local.get $kw) (local.get $KW))))))
        (local.set $kh (i32.add (local.get $kh) (i32.const 1)))
        (br_if $tapsH (i32.lt_u (local.get $kh) (local.get $KH))))
      (v128.store (local.get $op) (local.get $a0))
      (if (local.get $wide) (then
        (v128.store offset=16 (local.get $op) (local.get $a1))
        (v128.store offset=32 (local.get $op) (local.get $a2))
        (v128.store offset=48 (local.get $op) (local.get $a3))))
      (if (local.get $pair) (then
        (v128.store (i32.add (local.get $op) (local.get $wstep)) (local.get $b0))
        (v128.store offset=16 (i32.add (local.get $op) (local.get $wstep)) (local.get $b1))
        (v128.store offset=32 (i32.add (local.get $op) (local.get $wstep)) (local.get $b2))
        (v128.store offset=48 (i32.add (local.get $op) (local.get $wstep)) (local.get $b3))))
      (local.set $op (i32.add (local.get $op) (select (i32.const 64) (i32.const 16) (local.get $wide))))
      (local.set $co (i32.add (local.get $co) (select (i32.const 16) (i32.const 4) (local.get $wide))))
      (br_if $outBlocks (i32.lt_u (local.get $co) (local.get $CO))))
  )

  (func (export "conv2d") (param $x i32) (param $w i32) (param $out i32) (param $g i32)
    (local $N i32) (local $OH i32) (local $OW i32) (local $n i32) (local $oh i32) (local $ow i32)
    (local $inS i32) (local $inE i32) (local $pairable i32)
    (local.set $N (i32.load (local.get $g)))
    (local.set $OH (i32.load offset=16 (local.get $g))) (local.set $OW (i32.load offset=20 (local.get $g)))
    ;; pairs need 16-wide output blocks throughout
    (local.set $pairable (i32.eqz (i32.and (i32.load offset=24 (local.get $g)) (i32.const 15))))
    ;; output columns whose every tap is inside the image: ow·SW − PL ≥ 0 and ow·SW + (KW − 1)·DW − PL < W
    (local.set $inS (call $firstInside (i32.sub (i32.const 0) (i32.load offset=56 (local.get $g)))
      (i32.load offset=40 (local.get $g))))
    (local.set $inE (call $endInside
      (i32.sub (i32.mul (i32.sub (i32.load offset=32 (local.get $g)) (i32.const 1)) (i32.load offset=48 (local.get $g)))
        (i32.load offset=56 (local.get $g)))
      (i32.load offset=40 (local.get $g)) (i32.load offset=8 (local.get $g)) (local.get $OW)))
    (local.set $n (i32.const 0))
    (loop $images
      (local.set $oh (i32.const 0))
      (loop $rows
        (local.set $ow (i32.const 0))
        (loop $cols
          (if (i32.and (local.get $pairable) (i32.and (i32.ge_u (local.get $ow) (local.get $inS))
                (i32.lt_u (i32.add (local.get $ow) (i32.const 1)) (local.get $inE))))
            (then
              (call $convPixel (local.get $x) (local.get $w) (local.get $out) (local.get $g) (local.get $n)
                (local.get $oh) (local.get $ow) (i32.const 1))
              (local.set $ow (i32.add (local.get $ow) (i32.const 2))))
            (else
              (call $convPixel (local.get $x) (local.get $w) (local.get $out) (local.get $g) (local.get $n)
                (local.get $oh) (local.get $ow) (i32.const 0))
              (local.set $ow (i32.add (local.get $ow) (i32.const 1)))))
          (br_if $cols (i32.lt_u (local.get $ow) (local.get $OW))))
        (local.set $oh (i32.add (local.get $oh) (i32.const 1)))
        (br_if $rows (i32.lt_u (local.get $oh) (local.get $OH))))
      (local.set $n (i32.add (local.get $n) (i32.const 1)))
      (br_if $images (i32.lt_u (local.get $n) (local.get $N))))
  )

  ;; Conv2D's filter gradient as outer products, channels-last, Cout a multiple of 4:
  ;; dw[kh, kw, ci, co] = sum over n, oh, ow of x[n, oh·SH + kh·DH − PT, ow·SW + kw·DW − PL, ci] · dy[n, oh, ow, co].
  ;; Image by image (its x and dy stay in cache while every tap reads them); per tap, a pair of input channels and
  ;; 16 output channels (else one and 16, else one and 4) accumulate in registers over the image's positions.
  ;; XNNPACK's routes repack dy or the patch matrix on every call, which costs more than this for few channels.
  ;; geometry: i32 array at $g: N H W CI OH OW CO KH KW SH SW DH DW PT PL.
  (func (export "conv_filter_grad") (param $x i32) (param $dy i32) (param $dw i32) (param $g i32)
    (local $N i32) (local $H i32) (local $W i32) (local $CI i32) (local $OH i32) (local $OW i32) (local $CO i32)
    (local $KH i32) (local $KW i32) (local $SH i32) (local $SW i32) (local $DH i32) (local $DW i32)
    (local $PT i32) (local $PL i32)
    (local $kh i32) (local $kw i32) (local $ci i32) (local $co i32) (local $n i32) (local $oh i32)
    (local $ohS i32) (local $ohE i32) (local $owS i32) (local $owE i32) (local $offH i32) (local $offW i32)
    (local $xp i32) (local $dp i32) (local $xstep i32) (local $dstep i32) (local $cnt i32) (local $wp i32)
    (local $wide i32) (local $pair i32) (local $pairable i32) (local $rowBytes i32)
    (local $xv v128) (local $xu v128) (local $d0 v128) (local $d1 v128) (local $d2 v128) (local $d3 v128)
    (local $a0 v128) (local $a1 v128) (local $a2 v128) (local $a3 v128)
    (local $b0 v128) (local $b1 v128) (local $b2 v128) (local $b3 v128)
    (local.set $N (i32.load (local.get $g))) (local.set $H (i32.load offset=4 (local.get $g)))
    (local.set $W (i32.load offset=8 (local.get $g))) (local.set $CI (i32.load offset=12 (local.get $g)))
    (local.set $OH (i32.load offset=16 (local.get $g))) (local.set $OW (i32.load offset=20 (local.get $g)))
    (local.set $CO (i32.load offset=24 (local.get $g))) (local.set $KH (i32.load offset=28 (local.get $g)))
    (local.set $KW (i32.load offset=32 (local.get $g))) (local.set $SH (i32.load offset=36 (local.get $g)))
    (local.set $SW (i32.load offset=40 (local.get $g))) (local.set $DH (i32.load offset=44 (local.get $g)))
    (local.set $DW (i32.load offset=48 (local.get $g))) (local.set $PT (i32.load offset=52 (local.get $g)))
    (local.set $PL (i32.load offset=56 (local.get $g)))
    (local.set $xstep (i32.shl (i32.mul (local.get $SW) (local.get $CI)) (i32.const 2)))
    (local.set $dstep (i32.shl (local.get $CO) (i32.const 2)))
    (local.set $rowBytes (local.get $dstep))
    (local.set $pairable (i32.eqz (i32.and (local.get $CO) (i32.const 15))))
    (memory.fill (local.get $dw) (i32.const 0)
      (i32.shl (i32.mul (i32.mul (local.get $KH) (local.get $KW)) (i32.mul (local.get $CI) (local.get $CO))) (i32.const 2)))
    (local.set $n (i32.const 0))
    (loop $images
      (local.set $kh (i32.const 0))
      (loop $tapsH
        (local.set $offH (i32.sub (i32.mul (local.get $kh) (local.get $DH)) (local.get $PT)))
        (local.set $ohS (call $firstInside (local.get $offH) (local.get $SH)))
        (local.set $ohE (call $endInside (local.get $offH) (local.get $SH) (local.get $H) (local.get $OH)))
        (local.set $kw (i32.const 0))
        (loop $tapsW
          (local.set $offW (i32.sub (i32.mul (local.get $kw) (local.get $DW)) (local.get $PL)))
          (local.set $owS (call $firstInside (local.get $offW) (local.get $SW)))
          (local.set $owE (call $endInside (local.get $offW) (local.get $SW) (local.get $W) (local.get $OW)))
          (if (i32.and (i32.lt_u (local.get $ohS) (local.get $ohE)) (i32.lt_u (local.get $owS) (local.get $owE)))
            (then
              (local.set $ci (i32.const 0))
              (loop $inChannels
                (local.set $pair (i32.and (local.get $pairable)
                  (i32.le_u (i32.add (local.get $ci) (i32.const 2)) (local.get $CI))))
                (local.set $co (i32.const 0))
                (loop $outBlocks
                  (local.set $wide (i32.le_u (i32.add (local.get $co) (i32.const 16)) (local.get $CO)))
                  (local.set $wp (i32.add (local.get $dw) (i32.shl
                    (i32.add (i32.mul (i32.add (i32.mul (i32.add (i32.mul (local.get $kh) (local.get $KW)) (local.get $kw))
                      (local.get $CI)) (local.get $ci)) (local.get $CO)) (local.get $co)) (i32.const 2))))
                  (local.set $a0 (v128.load (local.get $wp)))
                  (if (local.get $wide) (then
                    (local.set $a1 (v128.load offset=16 (local.get $wp)))
                    (local.set $a2 (v128.load offset=32 (local.get $wp)))
                    (local.set $a3 (v128.load offset=48 (local.get $wp)))))
                  (if (local.get $pair) (then
                    (local.set $b0 (v128.load (i32.add (local.get $wp) (local.get $rowBytes))))
                    (local.set $b1 (v128.load offset=16 (i32.add (local.get $wp) (local.get $rowBytes))))
                    (local.set $b2 (v128.load offset=32 (i32.add (local.get $wp) (local.get $rowBytes))))
                    (local.set $b3 (v128.load offset=48 (i32.add (local.get $wp) (local.get $rowBytes))))))
                  (local.set $oh (local.get $ohS))
                  (loop $rows
                    ;; x[n, oh·SH + offH, owS·SW + offW, ci] and dy[n, oh, owS, co]
                    (local.set $xp (i32.add (local.get $x) (i32.shl
                      (i32.add
                        (i32.mul
                          (i32.add
                            (i32.mul (i32.add (i32.mul (local.get $n) (local.get $H))
                              (i32.add (i32.mul (local.get $oh) (local.get $SH)) (local.get $offH))) (local.get $W))
                            (i32.add (i32.mul (local.get $owS) (local.get $SW)) (local.get $offW)))
                          (local.get $CI))
                        (local.get $ci))
                      (i32.const 2))))
                    (local.set $dp (i32.add (local.get $dy) (i32.shl
                      (i32.add
                        (i32.mul
                          (i32.add (i32.mul (i32.add (i32.mul (local.get $n) (local.get $OH)) (local.get $oh)) (local.get $OW))
                            (local.get $owS))
                          (local.get $CO))
                        (local.get $co))
                      (i32.const 2))))
                    (local.set $cnt (i32.sub (local.get $owE) (local.get $owS)))
                    (if (local.get $pair)
                      (then
                        (loop $pair16
                          (local.set $xv (v128.load32_splat (local.get $xp)))
                          (local.set $xu (v128.load32_splat offset=4 (local.get $xp)))
                          (local.set $d0 (v128.load (local.get $dp)))
                          (local.set $d1 (v128.load offset=16 (local.get $dp)))
                          (local.set $d2 (v128.load offset=32 (local.get $dp)))
                          (local.set $d3 (v128.load offset=48 (local.get $dp)))
                          (local.set $a0 (f32x4.add (local.get $a0) (f32x4.mul (local.get $xv) (local.get $d0))))
                          (local.set $a1 (f32x4.add (local.get $a1) (f32x4.mul (local.get $xv) (local.get $d1))))
                          (local.set $a2 (f32x4.add (local.get $a2) (f32x4.mul (local.get $xv) (local.get $d2))))
                          (local.set $a3 (f32x4.add (local.get $a3) (f32x4.mul (local.get $xv) (local.get $d3))))
                          (local.set $b0 (f32x4.add (local.get $b0) (f32x4.mul (local.get $xu) (local.get $d0))))
                          (local.set $b1 (f32x4.add (local.get $b1) (f32x4.mul (local.get $xu) (local.get $d1))))
                          (local.set $b2 (f32x4.add (local.get $b2) (f32x4.mul (local.get $xu) (local.get $d2))))
                          (local.set $b3 (f32x4.add (local.get $b3) (f32x4.mul (local.get $xu) (local.get $d3))))
                          (local.set $xp (i32.add (local.get $xp) (local.get $xstep)))
                          (local.set $dp (i32.add (local.get $dp) (local.get $dstep)))
                          (local.set $cnt (i32.sub (local.get $cnt) (i32.const 1)))
                          (br_if $pair16 (local.get $cnt))))
                      (else (if (local.get $wide)
                        (then
                          (loop $wide16
                            (local.set $xv (v128.load32_splat (local.get $xp)))
                            (local.set $a0 (f32x4.add (local.get $a0) (f32x4.mul (local.get $xv) (v128.load (local.get $dp)))))
                            (local.set $a1 (f32x4.add (local.get $a1) (f32x4.mul (local.get $xv) (v128.load offset=16 (local.get $dp)))))
                            (local.set $a2 (f32x4.add (local.get $a2) (f32x4.mul (local.get $xv) (v128.load offset=32 (local.get $dp)))))
                            (local.set $a3 (f32x4.add (local.get $a3) (f32x4.mul (local.get $xv) (v128.load offset=48 (local.get $dp)))))
                            (local.set $xp (i32.add (local.get $xp) (local.get $xstep)))
                            (local.set $dp (i32.add (local.get $dp) (local.get $dstep)))
                            (local.set $cnt (i32.sub (local.get $cnt) (i32.const 1)))
                            (br_if $wide16 (local.get $cnt))))
                        (else
                          (loop $narrow4
                            (local.set $a0 (f32x4.add (local.get $a0)
                              (f32x4.mul (v128.load32_splat (local.get $xp)) (v128.load (local.get $dp)))))
                            (local.set $xp (i32.add (local.get $xp) (local.get $xstep)))
                            (local.set $dp (i32.add (local.get $dp) (local.get $dstep)))
                            (local.set $cnt (i32.sub (local.get $cnt) (i32.const 1)))
                            (br_if $narrow4 (local.get $cnt)))))))
                    (local.set $oh (i32.add (local.get $oh) (i32.const 1)))
                    (br_if $rows (i32.lt_u (local.get $oh) (local.get $ohE))))
                  (v128.store (local.get $wp) (local.get $a0))
                  (if (local.get $wide) (then
                    (v128.store offset=16 (local.get $wp) (local.get $a1))
                    (v128.store offset=32 (local.get $wp) (local.get $a2))
                    (v128.store offset=48 (local.get $wp) (local.get $a3))))
                  (if (local.get $pair) (then
                    (v128.store (i32.add (local.get $wp) (local.get $rowBytes)) (local.get $b0))
                    (v128.store offset=16 (i32.add (local.get $wp) (local.get $rowBytes)) (local.get $b1))
                    (v128.store offset=32 (i32.add (local.get $wp) (local.get $rowBytes)) (local.get $b2))
                    (v128.store offset=48 (i32.add (local.get $wp) (local.get $rowBytes)) (local.get $b3))))
                  (local.set $co (i32.add (local.get $co) (select (i32.const 16) (i32.const 4) (local.get $wide))))
                  (br_if $outBlocks (i32.lt_u (local.get $co) (local.get $CO))))
                (local.set $ci (i32.add (local.get $ci) (select (i32.const 2) (i32.const 1) (local.get $pair))))
                (br_if $inChannels (i32.lt_u (local.get $ci) (local.get $CI))))))
          (local.set $kw (i32.add (local.get $kw) (i32.const 1)))
          (br_if $tapsW (i32.lt_u (local.get $kw) (local.get $KW))))
        (local.set $kh (i32.add (local.get $kh) (i32.const 1)))
        (br_if $tapsH (i32.lt_u (local.get $kh) (local.get $KH))))
      (local.set $n (i32.add (local.get $n) (i32.const 1)))
      (br_if $images (i32.lt_u (local.get $n) (local.get $N))))
  )
)
